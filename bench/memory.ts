// Memory: the server's resident memory per idle subscription and per connected client, in three
// shapes: 100 sockets × 100 subscriptions over 10 conversations (the kindest), 5,000 sockets × 1
// and 500 sockets × 10 over 5,000 conversations; and the RSS of an idle server just started on
// PostgreSQL.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import WebSocket from 'ws';
import { createPublicConversations, databaseUrl, graphqlRequest, rssOf, sleep, startParley, token } from './lib/env.ts';
import { messageAddedSubscription } from './lib/queries.ts';
import { sender } from './seed.ts';

export interface MemoryResult {
  sockets: number;
  perSocket: number;
  conversations: number;
  subscriptions: number;
  /** the started server, settled, before any subscription */
  rssBefore: number;
  rssAfter: number;
  /** the same, by the lowest reading of the first 15 s */
  rssBeforeAt15s: number;
  rssAfterAt15s: number;
  /** seconds until the RSS settled after subscribing */
  settledSeconds: number;
  bytesPerSubscription: number;
  /** per connected client: a socket with its subscriptions */
  bytesPerClient: number;
  /** rounds of one message per conversation until every subscription had answered (1: the first did) */
  pingRounds: number;
}

/**
 * With BENCH_HEAP_SNAPSHOTS=<dir> (and BENCH_NODE_ARGS="--heapsnapshot-signal=SIGUSR2
 * --diagnostic-dir=<dir>"), a heap snapshot of the server before and after subscribing, for
 * `bench/heap-diff.ts`: what the idle subscriptions hold, by kind.
 */
async function heapSnapshot(pid: number, phase: 'before' | 'after'): Promise<void> {
  const dir = process.env.BENCH_HEAP_SNAPSHOTS;
  if (!dir) return;
  const known = new Set(fs.readdirSync(dir));
  process.kill(pid, 'SIGUSR2');
  // written when its size stops changing
  let file: string | undefined;
  let size = -1;
  for (;;) {
    await sleep(1_000);
    file ??= fs.readdirSync(dir).find((f) => !known.has(f) && f.endsWith('.heapsnapshot'));
    if (!file) continue;
    const now = fs.statSync(path.join(dir, file)).size;
    if (now === size && now > 0) break;
    size = now;
  }
  fs.renameSync(path.join(dir, file), path.join(dir, `${phase}.heapsnapshot`));
}

/** Resident memory once the server went quiet, and how it got there. */
interface Settled {
  /** the lowest reading: what the idle server holds */
  rss: number;
  /** the lowest reading of the first 15 s (the measure's window until 2026-11-30, kept for comparison) */
  rssAt15s: number;
  /** seconds until the lowest reading */
  seconds: number;
}

/**
 * RSS after the server went quiet: the lowest of readings a second apart. V8 hands back the pages
 * a burst (10,000 subscribes) used and left as garbage only when its memory reducer runs, seen
 * here 20 to 50 s after the burst: readings go on until RSS has fallen by 5 % from the first and
 * then held 15 s without a new low, or BENCH_RSS_READINGS seconds (default 90) have passed.
 */
async function settledRss(pid: number): Promise<Settled> {
  const first = rssOf(pid);
  let lowest = first;
  let lowestAt = 0;
  let rssAt15s = first;
  const limit = Number(process.env.BENCH_RSS_READINGS ?? 90);
  for (let second = 1; second <= limit; second++) {
    await sleep(1_000);
    const rss = rssOf(pid);
    if (process.env.BENCH_RSS_TRACE) console.error(`rss at ${second} s: ${(rss / 2 ** 20).toFixed(0)} MB`);
    if (rss < lowest) {
      lowest = rss;
      lowestAt = second;
    }
    if (second <= 15) rssAt15s = lowest;
    if (lowest < first * 0.95 && second - lowestAt >= 15) break;
  }
  return { rss: lowest, rssAt15s, seconds: lowestAt };
}

/**
 * `count` public conversations owned by the sender, written straight into the database (making
 * thousands through the API would take minutes), made once per database.
 */
async function idleConversations(count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, i) => `idle-${i}`);
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO conversations (id, type, is_group, title, typing_events, read_events, push_notifications, pin_messages, member_count, owner_id)
       SELECT id, 'PUBLIC', true, 'Idle ' || id, false, false, false, false, 1, $2 FROM unnest($1::text[]) AS id
       ON CONFLICT (id) DO NOTHING`,
      [ids, sender],
    );
    await client.query(
      `INSERT INTO members (id, conversation_id, user_id, role)
       SELECT $3 || '-' || id, id, $2, 'OWNER' FROM unnest($1::text[]) AS id
       ON CONFLICT (conversation_id, user_id) DO NOTHING`,
      [ids, sender, randomUUID()],
    );
  } finally {
    await client.end();
  }
  return ids;
}

export async function measureMemory(sockets = 100, perSocket = 100, conversations = 10): Promise<MemoryResult> {
  const parley = await startParley({ MAX_SUBSCRIPTIONS_PER_CONNECTION: String(Math.max(perSocket, 1)) });
  const open: WebSocket[] = [];
  try {
    const authorization = `Bearer ${await token(sender)}`;
    // the baseline: a started server with its feeds not yet opened (and, over 10 conversations,
    // made through the API as before; over more, written straight to the database)
    let ids: string[];
    if (conversations <= 10) {
      ids = await createPublicConversations(parley.url, authorization, conversations, 'Idle');
    } else {
      ids = await idleConversations(conversations);
    }
    const before = await settledRss(parley.pid);
    await heapSnapshot(parley.pid, 'before');
    let subscribed = 0;
    const wave = 200;
    for (let first = 0; first < sockets; first += wave) {
      const last = Math.min(first + wave, sockets);
      const tokens = await Promise.all(Array.from({ length: last - first }, (_, k) => token(`u${first + k}`)));
      await Promise.all(
        tokens.map(
          (userToken, k) =>
            new Promise<void>((resolve, reject) => {
              const s = first + k;
              const socket = new WebSocket(parley.url.replace(/^http/, 'ws'), 'graphql-transport-ws', { perMessageDeflate: false });
              open.push(socket);
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
                      payload: { query: messageAddedSubscription, variables: { id: ids[(s * perSocket + i) % ids.length] } },
                    }),
                  );
                  subscribed++;
                }
                resolve();
              });
            }),
        ),
      );
    }
    // every subscription is live once a message reaches it. A subscribe is not acknowledged, and
    // the server may still be setting one up (a Redis SUBSCRIBE is a round trip) when the first
    // message goes out: so each conversation gets a message, again every few seconds, until every
    // subscription has answered once
    const answered = open.map(() => new Set<string>());
    open.forEach((socket, s) =>
      socket.on('message', (data) => {
        const message = JSON.parse(String(data)) as { type: string; id?: string };
        if (message.type === 'next' && message.id !== undefined) answered[s]!.add(message.id);
      }),
    );
    const received = () => answered.reduce((sum, ids) => sum + ids.size, 0);
    const deadline = Date.now() + 120_000;
    let pingRounds = 0;
    while (received() < subscribed && Date.now() < deadline) {
      pingRounds++;
      let next = 0;
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (next < ids.length) {
            const id = ids[next++];
            await graphqlRequest(
              parley.url,
              'mutation ($id: ID!) { sendMessage(input: { conversationId: $id, body: "ping" }) { id } }',
              { id },
              { authorization },
            );
          }
        }),
      );
      for (const waitUntil = Math.min(Date.now() + 5_000, deadline); received() < subscribed && Date.now() < waitUntil;) await sleep(50);
    }
    if (received() < subscribed) throw new Error(`only ${received()} of ${subscribed} subscriptions answered`);
    const after = await settledRss(parley.pid);
    await heapSnapshot(parley.pid, 'after');
    return {
      sockets,
      perSocket,
      conversations,
      subscriptions: subscribed,
      rssBefore: before.rss,
      rssAfter: after.rss,
      rssBeforeAt15s: before.rssAt15s,
      rssAfterAt15s: after.rssAt15s,
      settledSeconds: after.seconds,
      bytesPerSubscription: (after.rss - before.rss) / subscribed,
      bytesPerClient: (after.rss - before.rss) / sockets,
      pingRounds,
    };
  } finally {
    for (const socket of open) socket.terminate();
    await parley.stop();
  }
}

/** The three shapes of issue 17. */
export async function measureMemoryShapes(): Promise<MemoryResult[]> {
  const results: MemoryResult[] = [];
  for (const [sockets, perSocket, conversations] of [
    [100, 100, 10],
    [5000, 1, 5000],
    [500, 10, 5000],
  ] as const) {
    results.push(await measureMemory(sockets, perSocket, conversations));
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [sockets, perSocket, conversations] = process.argv.slice(2).map(Number);
  console.log(await measureMemory(sockets || 100, perSocket || 100, conversations || 10));
  process.exit(0);
}
