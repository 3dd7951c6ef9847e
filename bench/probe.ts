// A quick A/B probe of one Parley server's CPU per inbox request (not part of `npm run bench`):
// a fixed number of requests at a fixed concurrency, CPU from /proc. BENCH_NODE_ARGS: more node
// flags (BENCH_NODE_ARGS replaces the same flags of npm start). Usage: npx tsx bench/probe.ts [requests=600] [concurrency=10]
import { cpuMsOf, startParley, token, pinSelf } from './lib/env.ts';
import { inboxQuery } from './lib/queries.ts';
import { inboxUsers } from './seed.ts';

const [requests = 600, concurrency = 10] = process.argv.slice(2).map(Number);
pinSelf();
const server = await startParley({}, {});
const headers = { 'content-type': 'application/json', authorization: `Bearer ${await token(inboxUsers[500])}` };
const body = JSON.stringify({ query: inboxQuery });
async function run(n: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < n) {
        const r = await fetch(server.url, { method: 'POST', headers, body });
        const text = await r.text();
        if (!text.startsWith('{"data"') || text.includes('"errors"')) throw new Error(text.slice(0, 300));
      }
    }),
  );
}
await run(200);
const before = cpuMsOf(server.pid);
const started = performance.now();
await run(requests);
const cpu = cpuMsOf(server.pid) - before;
console.log(`${(cpu / requests).toFixed(2)} ms CPU/op, ${((requests / (performance.now() - started)) * 1000).toFixed(0)} req/s`);
await server.stop();
