// Fan-out: graphql-ws subscribers of messageAdded over 10 conversations (1,000, 5,000 and 10,000),
// a sender at a fixed rate (latency from send to receipt, messages lost) and flat out (deliveries
// per second from the first delivery to the last, server CPU per delivery, client CPU per
// delivery), against a raw ws broadcast that writes the same INSERT and sends the same payload to
// the same sockets, in the same run. The client (this process) is pinned to the other core and
// parses frames only in the latency phase.
import {
  cpuMsOf,
  createPublicConversations,
  databaseUrl,
  graphqlRequest,
  percentile,
  sleep,
  startParley,
  startProcess,
  token,
  type ServerProcess,
} from './lib/env.ts';
import { messageAddedSubscription, sendMutation } from './lib/queries.ts';
import { openSubscribers, type SubscriberPool } from './lib/subscribers.ts';
import { seqCounter } from './lib/seq.ts';
import { sender } from './seed.ts';
import pg from 'pg';

export interface FanoutRun {
  /** deliveries per second, first delivery to last, flat out */
  deliveriesPerSecond: number;
  p50: number;
  p99: number;
  lost: number;
  /** server CPU per delivery, flat out, µs (the sends included, on both sides) */
  cpuUsPerDelivery: number;
  /** the load generator's CPU per delivery, µs (counting frames, not parsing them) */
  clientCpuUsPerDelivery: number;
}

export interface FanoutResult {
  subscribers: number;
  /** subscriptions per socket (more than one above the open-file limit) */
  perSocket: number;
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
  while (pool.received() < expected && Date.now() < deadline) await sleep(5);
  return Date.now();
}

const selfCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/**
 * Messages of the flat-out phase: enough for 100,000 deliveries, within 200 to 1,000, so the CPU per
 * delivery at 1,000 subscribers rests on as many deliveries as at 5,000 (at 200 messages, 20,000
 * deliveries took 30 to 45 µs each from run to run). And of the warm-up burst before the measures.
 */
const burstMessagesFor = (perConversation: number) => Math.min(1_000, Math.max(200, Math.ceil(100_000 / perConversation)));
const warmUpMessages = 200;

/**
 * Before any subscriber: sends flat out for `seconds`, 8 in flight. The burst in `phases` warms the
 * delivery path, which runs a hundred times or more per message; the send path runs once per
 * message and was still compiling through the measured phase at 1,000 subscribers. On a fresh
 * server a send's CPU fell from 1.5 ms (its first 1,000) to 0.87 (its third) and settled at
 * 0.53-0.57 ms from its fifth thousand on, about 6 s in.
 */
async function warmSends(send: (conversation: number, body: string) => Promise<void>, seconds = 6): Promise<void> {
  const until = Date.now() + seconds * 1000;
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (Date.now() < until) {
        const i = next++;
        await send(i % conversationsCount, `w:${i}`);
      }
    }),
  );
}

/** Sends `messages` messages flat out, 8 in flight, round the conversations. */
async function burst(send: (conversation: number, body: string) => Promise<void>, messages: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < messages) {
        const i = next++;
        await send(i % conversationsCount, `b:${Date.now()}`);
      }
    }),
  );
}

/** The two phases against one server; `send` posts one message. */
async function phases(
  pool: SubscriberPool,
  subscribers: number,
  serverPid: number,
  send: (conversation: number, body: string) => Promise<void>,
): Promise<FanoutRun> {
  const perConversation = subscribers / conversationsCount;
  // warm-up: every subscription live
  pool.parse(true);
  pool.reset();
  for (let c = 0; c < conversationsCount; c++) await send(c, 'warm-up');
  await waitFor(pool, subscribers, 60_000);
  // then both servers warm, as the other measures' warm-up windows leave them: a flat-out burst
  // the size of the measured one, so what follows is the steady state, not the JIT compiling
  pool.parse(false);
  pool.reset();
  await burst(send, warmUpMessages);
  await waitFor(pool, warmUpMessages * perConversation, 120_000);
  pool.parse(true);

  // a fixed rate: 20 messages a second for 5 seconds, each frame parsed for its send time
  pool.reset();
  const rateMessages = 100;
  const sending: Promise<void>[] = [];
  for (let i = 0; i < rateMessages; i++) {
    const started = Date.now();
    sending.push(send(i % conversationsCount, `t:${Date.now()}`));
    await sleep(Math.max(0, 50 - (Date.now() - started)));
  }
  await Promise.all(sending);
  const expectedAtRate = rateMessages * perConversation;
  await waitFor(pool, expectedAtRate, 30_000);
  const latencies = pool.latencies();
  const lost = expectedAtRate - pool.received();

  // flat out: 8 in flight; frames counted, not parsed
  pool.parse(false);
  pool.reset();
  const burstMessages = burstMessagesFor(perConversation);
  const serverBefore = cpuMsOf(serverPid);
  const clientBefore = selfCpuMs();
  await burst(send, burstMessages);
  const expected = burstMessages * perConversation;
  await waitFor(pool, expected, 120_000);
  const serverMs = cpuMsOf(serverPid) - serverBefore;
  const clientMs = selfCpuMs() - clientBefore;
  const received = pool.received();
  const { first, last } = pool.span();
  pool.parse(true);
  return {
    deliveriesPerSecond: received / Math.max(0.001, (last - first) / 1000),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    lost: lost + (expected - received),
    cpuUsPerDelivery: (serverMs * 1000) / received,
    clientCpuUsPerDelivery: (clientMs * 1000) / received,
  };
}

/** Sockets for `subscribers` subscriptions: one each, or `perSocket` each. */
function socketsFor(subscribers: number, perSocket: number) {
  return Math.ceil(subscribers / perSocket);
}

async function parleyRun(subscribers: number, perSocket: number, profile?: string): Promise<FanoutRun> {
  const parley = await startParley({}, { profile });
  let pool: SubscriberPool | undefined;
  try {
    const authorization = `Bearer ${await token(sender)}`;
    const ids = await createPublicConversations(parley.url, authorization, conversationsCount, 'Fan-out');
    const send = async (c: number, body: string) => {
      await graphqlRequest(parley.url, sendMutation, { input: { conversationId: ids[c], body } }, { authorization });
    };
    await warmSends(send);
    pool = await openSubscribers({
      url: parley.url,
      count: socketsFor(subscribers, perSocket),
      perSocket,
      conversationIds: ids,
      query: messageAddedSubscription,
      authorization: async (i) => `Bearer ${await token(`u${i}`)}`,
      sentAt,
    });
    return await phases(pool, subscribers, parley.pid, send);
  } finally {
    await pool?.close();
    await parley.stop();
  }
}

async function senderConversations(): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(
      `SELECT conversation_id AS id FROM members WHERE user_id = $1 AND left_at IS NULL ORDER BY conversation_id LIMIT $2`,
      [sender, conversationsCount],
    );
    return rows.map((r) => r.id);
  } finally {
    await client.end();
  }
}

async function rawRun(subscribers: number, perSocket: number, profile?: string): Promise<FanoutRun> {
  const raw: ServerProcess = await startProcess(
    ['--import', 'tsx', 'bench/raw-broadcast-server.ts'],
    { RAW_DATABASE_URL: databaseUrl() },
    { profile: profile ? `${profile}-raw` : undefined },
  );
  let pool: SubscriberPool | undefined;
  try {
    const ids = Array.from({ length: conversationsCount }, (_, c) => `raw-${c}`);
    // the rows go into real conversations (the sender's), with seqs of their own
    const tables = await senderConversations();
    const nextSeq = await seqCounter();
    const sendUrl = raw.url.replace(/\/graphql$/, '/send');
    const send = async (c: number, body: string) => {
      const seq = nextSeq();
      const response = await fetch(sendUrl, {
        method: 'POST',
        body: JSON.stringify({
          conversationId: ids[c],
          table: tables[c % tables.length],
          message: {
            id: crypto.randomUUID(),
            seq,
            body,
            createdAt: new Date().toISOString(),
            owner: { id: sender, displayName: `User ${sender}` },
          },
        }),
      });
      if (response.status !== 200) throw new Error(`raw send: ${response.status} ${await response.text()}`);
    };
    await warmSends(send);
    pool = await openSubscribers({
      url: raw.url,
      count: socketsFor(subscribers, perSocket),
      perSocket,
      conversationIds: ids,
      query: messageAddedSubscription,
      authorization: async () => 'none',
      sentAt,
    });
    return await phases(pool, subscribers, raw.pid, send);
  } finally {
    await pool?.close();
    await raw.stop();
  }
}

/**
 * Each count of subscribers, Parley then the raw broadcast. `perSocket` > 1 puts that many
 * subscriptions on each socket (the count stays the number of subscriptions).
 */
export async function measureFanout(
  counts = [1000, 5000, 10000],
  options: { perSocket?: number; profile?: boolean } = {},
): Promise<FanoutResult[]> {
  const results: FanoutResult[] = [];
  for (const subscribers of counts) {
    const perSocket = options.perSocket ?? 1;
    const profile = options.profile ? `fanout-${subscribers}` : undefined;
    const parley = await parleyRun(subscribers, perSocket, profile);
    const raw = await rawRun(subscribers, perSocket, profile);
    results.push({ subscribers, perSocket, parley, raw });
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const counts = process.argv.slice(2).map(Number).filter(Boolean);
  console.log(JSON.stringify(await measureFanout(counts.length ? counts : undefined), null, 2));
  process.exit(0);
}
