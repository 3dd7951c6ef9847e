// A quick A/B probe of one Parley server's CPU per sendMessage (not part of `npm run bench`): a
// fixed number of sends over the sender's conversations at a fixed concurrency, CPU from /proc.
// BENCH_PROFILE=1 writes the server's CPU profile to bench/profiles/send-probe/.
// Usage: npx tsx bench/send-probe.ts [sends=2000] [concurrency=8]
import http from 'node:http';
import { cpuMsOf, ensureBuilt, postgresCpuMs, startParley, token, pinSelf } from './lib/env.ts';
import { sendMutation } from './lib/queries.ts';
import { seededConversationsOf, sender } from './seed.ts';

const [sends = 2000, concurrency = 8] = process.argv.slice(2).map(Number);
pinSelf();
ensureBuilt();
const conversations = await seededConversationsOf(sender, 100);
const server = await startParley({}, { profile: 'send-probe' });
const headers = { 'content-type': 'application/json', authorization: `Bearer ${await token(sender)}` };
let sent = 0;
// node:http with keep-alive, as autocannon speaks it (undici's fetch adds headers and work of its own)
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
function post(body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      server.url,
      { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve(text));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}
async function run(n: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < n) {
        const conversationId = conversations[sent++ % conversations.length];
        const body = JSON.stringify({ query: sendMutation, variables: { input: { conversationId, body: `probe ${sent}` } } });
        const text = await post(body);
        if (!text.startsWith('{"data"') || text.includes('"errors"')) throw new Error(text.slice(0, 300));
      }
    }),
  );
}
await run(300);
const before = cpuMsOf(server.pid);
const dbBefore = postgresCpuMs();
const started = performance.now();
await run(sends);
const cpu = cpuMsOf(server.pid) - before;
const dbCpu = postgresCpuMs() - dbBefore;
console.log(
  `${(cpu / sends).toFixed(2)} ms CPU/send, PostgreSQL ${(dbCpu / sends).toFixed(2)} ms CPU/send, ${((sends / (performance.now() - started)) * 1000).toFixed(0)} sends/s`,
);
await server.stop();
