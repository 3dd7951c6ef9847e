// Fan-out: 1,000 and 5,000 graphql-ws subscribers of messageAdded over 10 conversations, a sender
// at a fixed rate (latency from send to receipt, messages lost) and flat out (deliveries per
// second), against a raw ws broadcast of the same payload to the same sockets in the same run.
import { graphqlRequest, percentile, sleep, startParley, startProcess, token, type ServerProcess } from './lib/env.ts';
import { messageAddedSubscription, sendMutation } from './lib/queries.ts';
import { openSubscribers, type SubscriberPool } from './lib/subscribers.ts';
import { sender } from './seed.ts';

export interface FanoutRun {
  deliveriesPerSecond: number;
  p50: number;
  p99: number;
  lost: number;
}

export interface FanoutResult {
  subscribers: number;
  parley: FanoutRun;
  raw: FanoutRun;
}

const conversationsCount = 10;

const sentAt = (data: unknown) => {
  const body = (data as { messageAdded?: { body?: string } })?.messageAdded?.body ?? '';
  const match = /^t:(\d+)/.exec(body);
  return match ? Number(match[1]) : null;
};

async function waitFor(pool: SubscriberPool, expected: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (pool.received() < expected && Date.now() < deadline) await sleep(2);
  return Date.now();
}

/** The two phases against one server; `send` posts one message. */
async function phases(
  pool: SubscriberPool,
  subscribers: number,
  send: (conversation: number, body: string) => Promise<void>,
): Promise<FanoutRun> {
  const perConversation = subscribers / conversationsCount;
  // warm-up: every subscription live
  pool.reset();
  for (let c = 0; c < conversationsCount; c++) await send(c, 'warm-up');
  await waitFor(pool, subscribers, 60_000);

  // a fixed rate: 20 messages a second for 5 seconds
  pool.reset();
  const rateMessages = 100;
  for (let i = 0; i < rateMessages; i++) {
    const started = Date.now();
    void send(i % conversationsCount, `t:${Date.now()}`);
    await sleep(Math.max(0, 50 - (Date.now() - started)));
  }
  const expectedAtRate = rateMessages * perConversation;
  await waitFor(pool, expectedAtRate, 30_000);
  const latencies = pool.latencies();
  const lost = expectedAtRate - pool.received();

  // flat out: 200 messages, 8 in flight
  pool.reset();
  const burst = 200;
  const started = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < burst) {
        const i = next++;
        await send(i % conversationsCount, `t:${Date.now()}`);
      }
    }),
  );
  const expected = burst * perConversation;
  const finished = await waitFor(pool, expected, 120_000);
  return {
    deliveriesPerSecond: pool.received() / ((finished - started) / 1000),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    lost: lost + (expected - pool.received()),
  };
}

async function parleyRun(subscribers: number): Promise<FanoutRun> {
  const parley = await startParley();
  let pool: SubscriberPool | undefined;
  try {
    const authorization = `Bearer ${await token(sender)}`;
    const ids: string[] = [];
    for (let c = 0; c < conversationsCount; c++) {
      const data = (await graphqlRequest(
        parley.url,
        'mutation ($t: String!) { createConversation(input: { type: PUBLIC, title: $t }) { id } }',
        { t: `Fan-out ${c}` },
        { authorization },
      )) as { createConversation: { id: string } };
      ids.push(data.createConversation.id);
    }
    pool = await openSubscribers({
      url: parley.url,
      count: subscribers,
      conversationIds: ids,
      query: messageAddedSubscription,
      authorization: async (i) => `Bearer ${await token(`u${i}`)}`,
      sentAt,
    });
    return await phases(pool, subscribers, async (c, body) => {
      await graphqlRequest(parley.url, sendMutation, { input: { conversationId: ids[c], body } }, { authorization });
    });
  } finally {
    await pool?.close();
    await parley.stop();
  }
}

async function rawRun(subscribers: number): Promise<FanoutRun> {
  const raw: ServerProcess = await startProcess(['--import', 'tsx', 'bench/raw-broadcast-server.ts'], {}, /raw broadcast at (\S+)/);
  let pool: SubscriberPool | undefined;
  try {
    const ids = Array.from({ length: conversationsCount }, (_, c) => `raw-${c}`);
    pool = await openSubscribers({
      url: raw.url,
      count: subscribers,
      conversationIds: ids,
      query: messageAddedSubscription,
      authorization: async () => 'none',
      sentAt,
    });
    const sendUrl = raw.url.replace(/\/graphql$/, '/send');
    let seq = 0;
    return await phases(pool, subscribers, async (c, body) => {
      seq++;
      await fetch(sendUrl, {
        method: 'POST',
        body: JSON.stringify({
          conversationId: ids[c],
          message: {
            id: crypto.randomUUID(),
            seq,
            body,
            createdAt: new Date().toISOString(),
            owner: { id: sender, displayName: `User ${sender}` },
          },
        }),
      });
    });
  } finally {
    await pool?.close();
    await raw.stop();
  }
}

export async function measureFanout(counts = [1000, 5000]): Promise<FanoutResult[]> {
  const results: FanoutResult[] = [];
  for (const subscribers of counts) {
    const parley = await parleyRun(subscribers);
    const raw = await rawRun(subscribers);
    results.push({ subscribers, parley, raw });
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const counts = process.argv.slice(2).map(Number).filter(Boolean);
  console.log(JSON.stringify(await measureFanout(counts.length ? counts : undefined), null, 2));
  process.exit(0);
}
