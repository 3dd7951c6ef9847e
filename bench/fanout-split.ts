// A quick A/B probe of where a message's CPU goes at fan-out (not part of `npm run bench`): one
// Parley server, 10 conversations, a number of messageAdded subscribers (the fan-out's selection),
// a warm-up of 200 sends, then a burst of sends flat out (8 in flight, the fan-out's client). It
// prints the server's user and system CPU per message, and PostgreSQL's, for each subscriber count:
// 0 is the send alone; 10 adds the feed's read, the shared execution and one delivery a message;
// 1,000 adds 99 deliveries more. The counts alternate order round by round.
// Usage: npx tsx bench/fanout-split.ts [rounds=3] [subscribers=0,10,1000] [messages=400]
// PARLEY_DIR=<checkout> measures another build (bench/README.md); BENCH_PROFILE=1 profiles each server.
import { cpuSplitOf, pinSelf, postgresCpuMs, sleep, startParley } from './lib/env.ts';
import { fanoutTarget } from './lib/fanout-target.ts';

const rounds = Number(process.argv[2] ?? 3);
const counts = (process.argv[3] ?? '0,10,1000').split(',').map(Number);
const messages = Number(process.argv[4] ?? 400);
const conversationsCount = 10;
pinSelf();

async function measure(subscribers: number, round: number): Promise<string> {
  const parley = await startParley({}, { profile: `fanout-split-${subscribers}-${round}` });
  try {
    const { pool, send } = await fanoutTarget(parley.url, { subscribers, conversations: conversationsCount, label: 'Split' });
    for (let i = 0; i < 200; i++) await send(i);
    await sleep(500);
    pool?.reset();
    const before = cpuSplitOf(parley.pid);
    const databaseBefore = postgresCpuMs();
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < messages) await send(next++);
      }),
    );
    const expected = (messages * subscribers) / conversationsCount;
    while (pool && pool.received() < expected) await sleep(2);
    const after = cpuSplitOf(parley.pid);
    const database = (postgresCpuMs() - databaseBefore) / messages;
    const seconds = (performance.now() - started) / 1000;
    await pool?.close();
    const user = (after.user - before.user) / messages;
    const system = (after.system - before.system) / messages;
    return `${subscribers} subscribers: ${(user + system).toFixed(2)} ms CPU a message (user ${user.toFixed(2)}, system ${system.toFixed(2)}), PostgreSQL ${database.toFixed(2)} ms, ${(messages / seconds).toFixed(0)} messages/s`;
  } finally {
    await parley.stop();
  }
}

for (let round = 0; round < rounds; round++) {
  for (const subscribers of round % 2 ? [...counts].reverse() : counts)
    console.log(`round ${round + 1}, ${await measure(subscribers, round)}`);
}
