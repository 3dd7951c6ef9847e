// Many graphql-transport-ws subscribers in the load generator, kept lean (plain ws, no client
// library) so the same client measures Parley and the raw broadcast alike. Frames are parsed
// only in the latency phase (to read the send time); otherwise a delivery is counted from its
// bytes, so the client's JSON.parse does not cap the throughput measured.
import WebSocket from 'ws';

export interface Subscriber {
  socket: WebSocket;
  received: number;
  latencies: number[];
}

export interface SubscriberPool {
  subscribers: Subscriber[];
  received(): number;
  /** parse each frame (for its latency) or only count it */
  parse(on: boolean): void;
  /** performance.now() of the first and last delivery since the last reset */
  span(): { first: number; last: number };
  latencies(): number[];
  reset(): void;
  close(): Promise<void>;
}

/** Opens `count` sockets, each subscribed to conversation i % conversationIds.length. */
export async function openSubscribers(options: {
  url: string;
  count: number;
  /** subscriptions per socket (default 1): subscription j of socket i is to conversation (i * perSocket + j) % n */
  perSocket?: number;
  conversationIds: string[];
  query: string;
  authorization: (index: number) => Promise<string>;
  /** a delivery's send time, from its payload */
  sentAt: (payload: unknown) => number | null;
}): Promise<SubscriberPool> {
  const subscribers: Subscriber[] = [];
  const opening: Promise<void>[] = [];
  let parsing = true;
  let first = 0;
  let last = 0;
  const next = Buffer.from('"type":"next"');
  const wave = 200;
  for (let first = 0; first < options.count; first += wave) {
    // Tokens first: nothing may stand between a socket opening and its connection_init, or
    // the server's init timeout (graphql-ws, 3 s) can close it while the client is busy.
    const last = Math.min(first + wave, options.count);
    const tokens = await Promise.all(Array.from({ length: last - first }, (_, k) => options.authorization(first + k)));
    const thisWave: Promise<void>[] = [];
    for (let i = first; i < last; i++) {
      const socket = new WebSocket(options.url.replace(/^http/, 'ws'), 'graphql-transport-ws', { perMessageDeflate: false });
      const subscriber: Subscriber = { socket, received: 0, latencies: [] };
      subscribers.push(subscriber);
      thisWave.push(subscribe(socket, subscriber, i, tokens[i - first]!));
    }
    // open in waves so the servers' accept queues are not flooded
    await Promise.all(thisWave);
    opening.push(...thisWave);
  }

  function subscribe(socket: WebSocket, subscriber: Subscriber, i: number, authorization: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let acknowledged = false;
      socket.once('error', reject);
      // A close before the ack fails the run loudly instead of leaving it waiting forever.
      socket.once('close', (code, reason) => {
        if (!acknowledged) reject(new Error(`subscriber ${i} closed before ack: ${code} ${String(reason)}`));
      });
      socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization } })));
      socket.on('message', (data: Buffer) => {
        if (acknowledged && !parsing) {
          // "next" sits in the first bytes of a frame, before the payload
          const at = data.indexOf(next);
          if (at !== -1 && at < 40) {
            subscriber.received++;
            last = performance.now();
            if (!first) first = last;
          }
          return;
        }
        const message = JSON.parse(String(data)) as { type: string; payload?: { data?: unknown } };
        if (message.type === 'connection_ack') {
          acknowledged = true;
          const perSocket = options.perSocket ?? 1;
          for (let j = 0; j < perSocket; j++) {
            socket.send(
              JSON.stringify({
                id: String(j + 1),
                type: 'subscribe',
                payload: {
                  query: options.query,
                  variables: { id: options.conversationIds[(i * perSocket + j) % options.conversationIds.length] },
                },
              }),
            );
          }
          resolve();
        } else if (message.type === 'next') {
          subscriber.received++;
          last = performance.now();
          if (!first) first = last;
          const sent = options.sentAt(message.payload?.data);
          if (sent !== null) subscriber.latencies.push(Date.now() - sent);
        } else if (message.type === 'error') {
          reject(new Error(`subscriber ${i}: ${JSON.stringify(message.payload)}`));
        }
      });
    });
  }
  await Promise.all(opening);
  return {
    subscribers,
    received: () => subscribers.reduce((sum, s) => sum + s.received, 0),
    parse: (on) => (parsing = on),
    span: () => ({ first, last }),
    latencies: () => subscribers.flatMap((s) => s.latencies).sort((a, b) => a - b),
    reset: () => {
      first = 0;
      last = 0;
      for (const s of subscribers) {
        s.received = 0;
        s.latencies = [];
      }
    },
    close: async () => {
      await Promise.all(
        subscribers.map(
          (s) =>
            new Promise<void>((resolve) => {
              if (s.socket.readyState === WebSocket.CLOSED) return resolve();
              s.socket.once('close', () => resolve());
              s.socket.close();
              setTimeout(() => {
                s.socket.terminate();
                resolve();
              }, 2_000).unref();
            }),
        ),
      );
    },
  };
}
