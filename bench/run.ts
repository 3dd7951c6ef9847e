// npm run bench: seeds the bench database, runs every measure, prints one table row per measure
// with its ratio and target, and writes BENCHMARKS.md (date, machine, versions).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { root, withAdmin } from './lib/env.ts';
import { seed } from './seed.ts';
import { measureSqlPerRequest } from './sql-per-request.ts';
import { measureInbox } from './inbox.ts';
import { measureSend } from './send.ts';
import { measureFanout } from './fanout.ts';
import { measureMemory } from './memory.ts';

interface Row {
  measure: string;
  parley: string;
  reference: string;
  ratio: string;
  target: string;
  met: boolean;
}

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    seconds: { type: 'string', default: '10' },
    'skip-seed': { type: 'boolean', default: false },
    users: { type: 'string', default: '10000' },
    conversations: { type: 'string', default: '2000' },
    messages: { type: 'string', default: '500000' },
  },
});
const seconds = Number(values.seconds);
const wanted = (name: string) => !values.only || values.only.split(',').includes(name);
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const rows: Row[] = [];
const notes: string[] = [];

if (!values['skip-seed']) {
  const summary = await seed({
    users: Number(values.users),
    conversations: Number(values.conversations),
    messages: Number(values.messages),
  });
  notes.push(
    `Data: ${fmt(summary.users)} users, ${fmt(summary.conversations)} conversations (largest ${fmt(summary.largest)} members), ${fmt(summary.messages)} messages, seeded in ${summary.seconds.toFixed(0)} s.`,
  );
  console.log(notes.at(-1));
}

if (wanted('sql')) {
  const { statements } = await measureSqlPerRequest();
  const max = Math.max(...Object.values(statements));
  rows.push({
    measure: 'SQL statements per inbox request (10 / 100 / 500 conversations)',
    parley: `${statements[10]} / ${statements[100]} / ${statements[500]}`,
    reference: 'flat',
    ratio: `${fmt(statements[500]! / statements[10]!, 2)}× (500 vs 10)`,
    target: 'flat, ≤ 6',
    met: statements[500] === statements[10] && max <= 6,
  });
}

if (wanted('inbox')) {
  const { parley, postgraphile } = await measureInbox(seconds);
  const ratio = parley.requestsPerSecond / postgraphile.requestsPerSecond;
  rows.push({
    measure: 'Inbox throughput, 50 connections (req/s, p50 / p99 ms)',
    parley: `${fmt(parley.requestsPerSecond)} req/s, ${parley.p50} / ${parley.p99} ms${parley.errors ? `, ${parley.errors} errors` : ''}`,
    reference: `PostGraphile 4: ${fmt(postgraphile.requestsPerSecond)} req/s, ${postgraphile.p50} / ${postgraphile.p99} ms`,
    ratio: `${fmt(ratio, 2)}×`,
    target: '≥ 1.2×',
    met: ratio >= 1.2 && parley.errors === 0,
  });
}

if (wanted('send')) {
  for (const { concurrency, parley, raw } of await measureSend(seconds)) {
    const ratio = parley.requestsPerSecond / raw.requestsPerSecond;
    rows.push({
      measure: `sendMessage throughput, ${concurrency} connections (msg/s, p99 ms)`,
      parley: `${fmt(parley.requestsPerSecond)} msg/s, p99 ${fmt(parley.p99, 1)} ms${parley.errors ? `, ${parley.errors} errors` : ''}`,
      reference: `raw INSERT: ${fmt(raw.requestsPerSecond)}/s, p99 ${fmt(raw.p99, 1)} ms`,
      ratio: `${fmt(ratio, 2)}×`,
      target: '≥ 0.5×',
      met: ratio >= 0.5 && parley.errors === 0,
    });
  }
}

if (wanted('fanout')) {
  for (const { subscribers, parley, raw } of await measureFanout()) {
    const ratio = parley.deliveriesPerSecond / raw.deliveriesPerSecond;
    rows.push({
      measure: `Fan-out to ${fmt(subscribers)} graphql-ws subscribers (deliveries/s; p50 / p99 ms at 20 msg/s; lost)`,
      parley: `${fmt(parley.deliveriesPerSecond)}/s; ${parley.p50} / ${parley.p99} ms; lost ${parley.lost}`,
      reference: `raw ws: ${fmt(raw.deliveriesPerSecond)}/s; ${raw.p50} / ${raw.p99} ms; lost ${raw.lost}`,
      ratio: `${fmt(ratio, 2)}×`,
      target: '≥ 0.5×, lost 0',
      met: ratio >= 0.5 && parley.lost === 0,
    });
  }
}

if (wanted('memory')) {
  const memory = await measureMemory();
  const kb = memory.bytesPerSubscription / 1024;
  rows.push({
    measure: `Memory per idle subscription (${fmt(memory.subscriptions)} open)`,
    parley: `${fmt(kb, 1)} KB (RSS ${fmt(memory.rssBefore / 2 ** 20)} → ${fmt(memory.rssAfter / 2 ** 20)} MB)`,
    reference: '20 KB',
    ratio: `${fmt(kb / 20, 2)}× of the budget`,
    target: '≤ 20 KB',
    met: kb <= 20,
  });
}

const table = [
  '| measure | Parley | reference | ratio | target | met |',
  '| --- | --- | --- | --- | --- | --- |',
  ...rows.map((r) => `| ${r.measure} | ${r.parley} | ${r.reference} | ${r.ratio} | ${r.target} | ${r.met ? 'yes' : 'no'} |`),
].join('\n');
console.log(`\n${table}\n`);

if (!values.only) {
  const require = createRequire(import.meta.url);
  const version = (name: string) => (require(`${name}/package.json`) as { version: string }).version;
  const pgVersion = await withAdmin(
    async (c) => (await c.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v,
  );
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const document = `# Benchmarks

The last run of \`npm run bench\`. Every figure is a ratio measured in one run on one machine, so the
noise of a shared machine cancels out. The load generator, the servers and PostgreSQL share the
machine.

- Date: ${new Date().toISOString()}
- Machine: ${os.cpus().length} × ${cpu}, ${fmt(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}
- Versions: Node.js ${process.version}, PostgreSQL ${pgVersion}, Parley ${version(path.join(root, '.'))}, graphql-yoga ${version('graphql-yoga')}, graphql-ws ${version('graphql-ws')}, Prisma ${version('@prisma/client')}, PostGraphile ${version(path.join(root, 'bench/postgraphile/node_modules/postgraphile'))}, autocannon ${version('autocannon')}
- ${notes.join('\n- ')}

${table}

How each is measured: \`bench/README.md\`.
`;
  fs.writeFileSync(path.join(root, 'BENCHMARKS.md'), document);
  console.log('wrote BENCHMARKS.md');
}
process.exit(0);
