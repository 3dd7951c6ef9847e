// A quick A/B probe of one Parley server's CPU per inbox request (not part of `npm run bench`):
// a fixed number of requests at a fixed concurrency, CPU from /proc (and PostgreSQL's). BENCH_NODE_ARGS: more node
// flags (BENCH_NODE_ARGS replaces the same flags of npm start); BENCH_OBSERVED=1: the server as
// the bench's observed rows run it (a log line per request, Prometheus metrics).
// Usage: npx tsx bench/probe.ts [requests=600] [concurrency=10]
import { cpuMsOf, postgresCpuMs, startParley, pinSelf } from './lib/env.ts';
import { inboxRequests } from './lib/inbox-requests.ts';

const [requests = 600, concurrency = 10] = process.argv.slice(2).map(Number);
pinSelf();
const server = await startParley({}, { observability: process.env.BENCH_OBSERVED === '1' ? 'observed' : 'bare' });
const run = await inboxRequests(server.url, concurrency);
await run(200);
const before = cpuMsOf(server.pid);
const dbBefore = postgresCpuMs();
const started = performance.now();
await run(requests);
const cpu = cpuMsOf(server.pid) - before;
const dbCpu = postgresCpuMs() - dbBefore;
console.log(
  `${(cpu / requests).toFixed(2)} ms CPU/op, PostgreSQL ${(dbCpu / requests).toFixed(2)} ms, ${((requests / (performance.now() - started)) * 1000).toFixed(0)} req/s`,
);
await server.stop();
