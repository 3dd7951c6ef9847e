// A paired A/B probe of two builds' CPU per message at fan-out (not part of `npm run bench`). Both
// servers run at once, each with the same subscribers over its own 10 conversations; short bursts
// of sends go to one, then the other, many times over, and each server's CPU (and PostgreSQL's,
// during its bursts) is summed over its own bursts. A machine whose speed drifts from minute to
// minute (a shared host) slows both alike, which separate runs minutes apart do not.
// Usage: npx tsx bench/fanout-ab.ts <checkout A> [checkout B=this one] [subscribers=1000] [rounds=20] [burst=200]
// Each checkout must be built (npm run build in it).
import path from 'node:path';
import { cpuSplitOf, pinSelf, postgresCpuMs, root, sleep, startParley } from './lib/env.ts';
import { fanoutTarget } from './lib/fanout-target.ts';
import type { SubscriberPool } from './lib/subscribers.ts';

const [dirA, dirB = root, subscribersArg = '1000', roundsArg = '20', burstArg = '200'] = process.argv.slice(2);
if (!dirA) throw new Error('usage: npx tsx bench/fanout-ab.ts <checkout A> [checkout B] [subscribers] [rounds] [burst]');
const subscribers = Number(subscribersArg);
const rounds = Number(roundsArg);
const burst = Number(burstArg);
const conversationsCount = 10;
pinSelf();

interface Side {
  name: string;
  pid: number;
  pool: SubscriberPool | null;
  send: (i: number) => Promise<unknown>;
  stop: () => Promise<void>;
  cpu: { user: number; system: number };
  database: number;
  messages: number;
}

async function open(dir: string): Promise<Side> {
  const server = await startParley({}, { dir });
  const { pool, send } = await fanoutTarget(server.url, { subscribers, conversations: conversationsCount, label: 'AB' });
  return {
    name: path.basename(dir),
    pid: server.pid,
    pool,
    send,
    stop: async () => {
      await pool?.close();
      await server.stop();
    },
    cpu: { user: 0, system: 0 },
    database: 0,
    messages: 0,
  };
}

/** One burst of `count` sends, 8 in flight, until every delivery arrived; adds its CPU to the side. */
async function burstOn(side: Side, count: number, measure: boolean): Promise<void> {
  side.pool?.reset();
  const before = cpuSplitOf(side.pid);
  const databaseBefore = postgresCpuMs();
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < count) await side.send(next++);
    }),
  );
  const expected = (count * subscribers) / conversationsCount;
  while (side.pool && side.pool.received() < expected) await sleep(2);
  if (!measure) return;
  const after = cpuSplitOf(side.pid);
  side.cpu.user += after.user - before.user;
  side.cpu.system += after.system - before.system;
  side.database += postgresCpuMs() - databaseBefore;
  side.messages += count;
}

/** A side's server CPU a measured message so far, in ms. */
const perMessage = (side: Side) => (side.cpu.user + side.cpu.system) / side.messages;

const a = await open(dirA);
const b = await open(dirB);
try {
  // warm both: the send path settles after a few thousand sends
  for (let i = 0; i < 10; i++) for (const side of [a, b]) await burstOn(side, 500, false);
  const perRound: string[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const side of round % 2 ? [b, a] : [a, b]) await burstOn(side, burst, true);
    perRound.push(`${perMessage(a).toFixed(3)}/${perMessage(b).toFixed(3)}`);
  }
  console.log(`running means after each round (A/B ms a message): ${perRound.join(' ')}`);
  for (const side of [a, b]) {
    const user = side.cpu.user / side.messages;
    const system = side.cpu.system / side.messages;
    console.log(
      `${side === a ? 'A' : 'B'} ${side.name}: ${(user + system).toFixed(3)} ms CPU a message (user ${user.toFixed(3)}, system ${system.toFixed(3)}), PostgreSQL ${(side.database / side.messages).toFixed(3)} ms, ${side.messages} messages`,
    );
  }
  const change = (perMessage(b) / perMessage(a) - 1) * 100;
  console.log(`B's CPU a message against A's: ${change > 0 ? '+' : ''}${change.toFixed(1)} %`);
} finally {
  await a.stop();
  await b.stop();
}
process.exit(0);
