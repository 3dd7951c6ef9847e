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
import { median } from './lib/load.ts';
import { openSubscribers, type SubscriberPool } from './lib/subscribers.ts';
import { seqCounter } from './lib/seq.ts';
import { seededConversationsOf, sender } from './seed.ts';

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

/** A side's runs at one count of subscribers: medians of each figure, lost summed, spreads. */
export interface FanoutSummary extends FanoutRun {
  runs: FanoutRun[];
  /** the spread of deliveries per second over the runs */
  min: number;
  max: number;
  /** the spread of server CPU per delivery over the runs, µs */
  cpuMin: number;
  cpuMax: number;
}

export interface FanoutResult {
  subscribers: number;
  /** subscriptions per socket (more than one above the open-file limit) */
  perSocket: number;
  parley: FanoutSummary;
  raw: FanoutSummary;
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
 * deliveries took 30 to 45 µs each from run to run).
 */
const burstMessagesFor = (perConversation: number) => Math.min(1_000, Math.max(200, Math.ceil(100_000 / perConversation)));
/** Messages of the warm-up burst, once every subscription is live. */
const warmUpMessages = 200;

/** Posts one message to conversation `conversation` (0 to 9) with `body`. */
type Send = (conversation: number, body: string) => Promise<void>;

/**
 * Sends flat out, 8 in flight, round the conversations: `messages` of them, with `body(i)`.
 * Before any subscriber connects it warms the send path (`warmSendsDefault`); with subscribers,
 * the delivery path, and it is the throughput phase.
 */
async function flatOut(send: Send, messages: number, body: (i: number) => string): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < messages) {
        const i = next++;
        await send(i % conversationsCount, body(i));
      }
    }),
  );
}

/**
 * Sends made before any subscriber, on both sides alike. The warm-up burst in `phases` warms the
 * delivery path, which runs a hundred times or more per message; the send path runs once per
 * message and was still compiling through the measured phase at 1,000 subscribers. On a fresh
 * server a send's CPU fell from 1.5 ms (its first 1,000) to 0.87 ms (its third) and settled at
 * 0.53-0.57 ms from its fifth thousand on.
 */
const warmSendsDefault = 5_000;

/** The two phases against one server; `send` posts one message. */
async function phases(pool: SubscriberPool, subscribers: number, serverPid: number, send: Send): Promise<FanoutRun> {
  const perConversation = subscribers / conversationsCount;
  // warm-up: every subscription live
  pool.parse(true);
  pool.reset();
  for (let c = 0; c < conversationsCount; c++) await send(c, 'warm-up');
  await waitFor(pool, subscribers, 60_000);
  // then the delivery path warm on both servers: a flat-out burst, so what follows is the steady
  // state, not the JIT compiling
  pool.parse(false);
  pool.reset();
  await flatOut(send, warmUpMessages, () => `b:${Date.now()}`);
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
  await flatOut(send, burstMessages, () => `b:${Date.now()}`);
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

/**
 * One server's run: `warmSends` sends before any subscriber, then the subscribers (`authorization`
 * for the i-th socket) and the two phases, the subscribers closed after.
 */
async function runAgainst(
  server: { url: string; pid: number },
  send: Send,
  conversationIds: string[],
  authorization: (i: number) => Promise<string>,
  { subscribers, perSocket, warmSends }: { subscribers: number; perSocket: number; warmSends: number },
): Promise<FanoutRun> {
  await flatOut(send, warmSends, (i) => `w:${i}`);
  const pool = await openSubscribers({
    url: server.url,
    count: socketsFor(subscribers, perSocket),
    perSocket,
    conversationIds,
    query: messageAddedSubscription,
    authorization,
    sentAt,
  });
  try {
    return await phases(pool, subscribers, server.pid, send);
  } finally {
    await pool.close();
  }
}

type Shape = { subscribers: number; perSocket: number; warmSends: number };

async function parleyRun(shape: Shape, profile?: string): Promise<FanoutRun> {
  const parley = await startParley({}, { profile });
  try {
    const authorization = `Bearer ${await token(sender)}`;
    const ids = await createPublicConversations(parley.url, authorization, conversationsCount, 'Fan-out');
    const send: Send = async (c, body) => {
      await graphqlRequest(parley.url, sendMutation, { input: { conversationId: ids[c], body } }, { authorization });
    };
    return await runAgainst(parley, send, ids, async (i) => `Bearer ${await token(`u${i}`)}`, shape);
  } finally {
    await parley.stop();
  }
}

async function rawRun(shape: Shape, profile?: string): Promise<FanoutRun> {
  const raw: ServerProcess = await startProcess(
    ['--import', 'tsx', 'bench/raw-broadcast-server.ts'],
    { RAW_DATABASE_URL: databaseUrl() },
    { profile: profile ? `${profile}-raw` : undefined },
  );
  try {
    const ids = Array.from({ length: conversationsCount }, (_, c) => `raw-${c}`);
    // the rows go into real conversations (the sender's seeded ones), with seqs of their own
    const tables = await seededConversationsOf(sender, conversationsCount);
    const nextSeq = await seqCounter();
    const sendUrl = raw.url.replace(/\/graphql$/, '/send');
    const send: Send = async (c, body) => {
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
    return await runAgainst(raw, send, ids, async () => 'none', shape);
  } finally {
    await raw.stop();
  }
}

function summarise(runs: FanoutRun[]): FanoutSummary {
  const of = (key: keyof FanoutRun) => runs.map((r) => r[key]);
  return {
    runs,
    deliveriesPerSecond: median(of('deliveriesPerSecond')),
    p50: median(of('p50')),
    p99: median(of('p99')),
    lost: of('lost').reduce((a, b) => a + b, 0),
    cpuUsPerDelivery: median(of('cpuUsPerDelivery')),
    clientCpuUsPerDelivery: median(of('clientCpuUsPerDelivery')),
    min: Math.min(...of('deliveriesPerSecond')),
    max: Math.max(...of('deliveriesPerSecond')),
    cpuMin: Math.min(...of('cpuUsPerDelivery')),
    cpuMax: Math.max(...of('cpuUsPerDelivery')),
  };
}

/**
 * Each count of subscribers: `rounds` runs of each side, alternated (Parley first in even rounds,
 * the raw broadcast first in odd ones; a number, or one per count), each run on a fresh server with its own warm-up, the
 * figures the medians of the runs. One window per side read 26.8 and 34.2 µs a delivery for one
 * build in two whole runs. `perSocket` > 1 puts that many subscriptions on each socket (the count
 * stays the number of subscriptions). `warmSends`: sends before any subscriber connects (the smoke
 * test makes none).
 */
export async function measureFanout(
  counts = [1000, 5000, 10000],
  options: { perSocket?: number; profile?: boolean; warmSends?: number; rounds?: number | ((subscribers: number) => number) } = {},
): Promise<FanoutResult[]> {
  const results: FanoutResult[] = [];
  const warmSends = options.warmSends ?? warmSendsDefault;
  const roundsFor = (subscribers: number) => (typeof options.rounds === 'function' ? options.rounds(subscribers) : (options.rounds ?? 1));
  for (const subscribers of counts) {
    const rounds = roundsFor(subscribers);
    const perSocket = options.perSocket ?? 1;
    const shape = { subscribers, perSocket, warmSends };
    const runs = { parley: [] as FanoutRun[], raw: [] as FanoutRun[] };
    for (let round = 0; round < rounds; round++) {
      // a profile of the first round only: one file per server
      const profile = options.profile && round === 0 ? `fanout-${subscribers}` : undefined;
      const sides = [
        async () => runs.parley.push(await parleyRun(shape, profile)),
        async () => runs.raw.push(await rawRun(shape, profile)),
      ];
      for (const side of round % 2 === 0 ? sides : sides.reverse()) await side();
    }
    results.push({ subscribers, perSocket, parley: summarise(runs.parley), raw: summarise(runs.raw) });
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const counts = process.argv.slice(2).map(Number).filter(Boolean);
  console.log(JSON.stringify(await measureFanout(counts.length ? counts : undefined), null, 2));
  process.exit(0);
}
