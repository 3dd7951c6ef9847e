// Memory: the server's resident memory per idle subscription, with 10,000 open (100 sockets of
// 100 subscriptions each, messageAdded over 10 conversations).
import WebSocket from 'ws';
import { graphqlRequest, rssOf, sleep, startParley, token } from './lib/env.ts';
import { messageAddedSubscription } from './lib/queries.ts';
import { sender } from './seed.ts';

export interface MemoryResult {
  subscriptions: number;
  rssBefore: number;
  rssAfter: number;
  bytesPerSubscription: number;
}

async function settledRss(pid: number): Promise<number> {
  // RSS after the server went quiet: the lowest of readings a second apart over 20 s, long enough
  // for V8's memory reducer to hand back the pages the subscribing burst used and left as garbage
  let lowest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < Number(process.env.BENCH_RSS_READINGS ?? 20); i++) {
    await sleep(1_000);
    lowest = Math.min(lowest, rssOf(pid));
  }
  return lowest;
}

export async function measureMemory(sockets = 100, perSocket = 100): Promise<MemoryResult> {
  const parley = await startParley({ MAX_SUBSCRIPTIONS_PER_CONNECTION: String(perSocket) });
  const open: WebSocket[] = [];
  try {
    const authorization = `Bearer ${await token(sender)}`;
    const ids: string[] = [];
    for (let c = 0; c < 10; c++) {
      const data = (await graphqlRequest(
        parley.url,
        'mutation ($t: String!) { createConversation(input: { type: PUBLIC, title: $t }) { id } }',
        { t: `Idle ${c}` },
        { authorization },
      )) as {
        createConversation: { id: string };
      };
      ids.push(data.createConversation.id);
    }
    // the baseline: a started server with its feeds not yet opened
    const rssBefore = await settledRss(parley.pid);
    let subscribed = 0;
    for (let s = 0; s < sockets; s++) {
      const socket = new WebSocket(parley.url.replace(/^http/, 'ws'), 'graphql-transport-ws', { perMessageDeflate: false });
      open.push(socket);
      const userToken = await token(`u${s}`);
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.once('open', () =>
          socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${userToken}` } })),
        );
        socket.on('message', (data) => {
          const message = JSON.parse(String(data)) as { type: string };
          if (message.type !== 'connection_ack') return;
          for (let i = 0; i < perSocket; i++) {
            socket.send(
              JSON.stringify({
                id: String(i),
                type: 'subscribe',
                payload: { query: messageAddedSubscription, variables: { id: ids[(s + i) % ids.length] } },
              }),
            );
            subscribed++;
          }
          resolve();
        });
      });
    }
    // every subscription is live once a message reaches it
    let received = 0;
    for (const socket of open) socket.on('message', (data) => String(data).includes('"next"') && received++);
    for (const id of ids)
      await graphqlRequest(
        parley.url,
        'mutation ($id: ID!) { sendMessage(input: { conversationId: $id, body: "ping" }) { id } }',
        { id },
        { authorization },
      );
    const deadline = Date.now() + 120_000;
    while (received < subscribed && Date.now() < deadline) await sleep(50);
    if (received < subscribed) throw new Error(`only ${received} of ${subscribed} subscriptions answered`);
    const rssAfter = await settledRss(parley.pid);
    return { subscriptions: subscribed, rssBefore, rssAfter, bytesPerSubscription: (rssAfter - rssBefore) / subscribed };
  } finally {
    for (const socket of open) socket.terminate();
    await parley.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await measureMemory());
  process.exit(0);
}
