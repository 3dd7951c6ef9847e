// npm run bench: seeds the bench database, runs every measure, prints one table row per measure
// and peer with throughput, CPU per operation, the ratios and the targets of issue 17, the curves,
// and writes BENCHMARKS.md (date, machine, versions; the previous run's table kept below).
// Options: --only sql,inbox,send,fanout,memory,curves  --seconds 4  --rounds 5  --skip-seed
// --profile (CPU profiles into bench/profiles/)  --json <file> (the results)  --compare <file>
// (a --json of another checkout, e.g. PARLEY_DIR=../old, shown as before / after).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { clientCore, ensureBuilt, parleyDir, pinSelf, pinning, root, serverCore, withAdmin } from './lib/env.ts';
import { seed } from './seed.ts';
import { measureSqlPerRequest } from './sql-per-request.ts';
import { measureInbox, measureInboxCurve } from './inbox.ts';
import { measureSend } from './send.ts';
import { measureFanout, type FanoutSummary } from './fanout.ts';
import { measureMemoryShapes } from './memory.ts';
import { measureReplay, measureSearch } from './curves.ts';
import type { SideSummary } from './lib/load.ts';

export interface Row {
  measure: string;
  parley: string;
  reference: string;
  /** Parley ÷ reference: throughput, and CPU per operation */
  ratio: string;
  target: string;
  met: boolean | null;
  valid: boolean;
  invalidBecause?: string;
}

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    seconds: { type: 'string', default: '4' },
    rounds: { type: 'string', default: '5' },
    'skip-seed': { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    json: { type: 'string' },
    compare: { type: 'string' },
    fanout: { type: 'string', default: '1000,5000,10000' },
    users: { type: 'string', default: '10000' },
    conversations: { type: 'string', default: '2000' },
    messages: { type: 'string', default: '500000' },
  },
});
if (values.profile) process.env.BENCH_PROFILE ??= '1';
const profile = !!process.env.BENCH_PROFILE && process.env.BENCH_PROFILE !== '0';
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
const wanted = (name: string) => !values.only || values.only.split(',').includes(name);
const fmt = (n: number, digits = 0) =>
  Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '–';
const ms = (n: number) => fmt(n, n < 10 ? 2 : 1);
const rows: Row[] = [];
const curves: string[] = [];
const notes: string[] = [];
const results: Record<string, unknown> = {};
const began = Date.now();

pinSelf();
ensureBuilt();
notes.push(
  pinning
    ? `Pinned: the servers under measure on core ${serverCore}, the load generator on core ${clientCore}; PostgreSQL unpinned.`
    : 'Not pinned (taskset missing, one core, or BENCH_PIN=0).',
);
if (process.env.PARLEY_DIR) notes.push(`Parley from ${parleyDir}.`);
notes.push(
  `Windows: ${rounds} × ${seconds} s per side, alternated (the side that goes first changes each round); medians, spread min–max.`,
);

const spread = (s: SideSummary) =>
  `${fmt(s.perSecond)}/s (${fmt(s.min)}–${fmt(s.max)}), ${ms(s.cpuMsPerOp)} ms CPU/op, PostgreSQL ${ms(s.dbCpuMsPerOp)} ms/op`;
/** The CPU an operation cost the server (or the raw side's client) and PostgreSQL together, ms. */
const wholeCpu = (s: SideSummary) => s.cpuMsPerOp + s.dbCpuMsPerOp;
const badNote = (s: SideSummary) => (s.bad ? `, **${s.bad} bad**` : '');

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
  results.sql = statements;
  const max = Math.max(...Object.values(statements));
  rows.push({
    measure: 'SQL statements per inbox request (10 / 100 / 500 conversations)',
    parley: `${statements[10]} / ${statements[100]} / ${statements[500]}`,
    reference: 'flat',
    ratio: `${fmt(statements[500]! / statements[10]!, 2)}× (500 vs 10)`,
    target: 'flat, ≤ 6',
    met: statements[500] === statements[10] && max <= 6,
    valid: true,
  });
}

if (wanted('inbox')) {
  const inbox = await measureInbox({ seconds, rounds, profile });
  results.inbox = inbox;
  for (const { observability, parley, postgraphile, valid, difference } of inbox) {
    const ratio = parley.perSecond / postgraphile.perSecond;
    const cpu = parley.cpuMsPerOp / postgraphile.cpuMsPerOp;
    rows.push({
      measure: `Inbox, 50 connections, ${observability} (p50 / p99 ms)`,
      parley: `${spread(parley)}, ${parley.p50} / ${parley.p99} ms${badNote(parley)}`,
      reference: `PostGraphile 4: ${spread(postgraphile)}, ${postgraphile.p50} / ${postgraphile.p99} ms${badNote(postgraphile)}`,
      // PostGraphile's inbox runs its rules in SQL functions: its work is in the database as much as
      // in its process, so the whole cost (server + PostgreSQL) is given too
      ratio: `${fmt(ratio, 2)}× req/s, ${fmt(cpu, 2)}× CPU/op (server + PostgreSQL: ${fmt(wholeCpu(parley) / wholeCpu(postgraphile), 2)}×)`,
      target: '≥ 1.2× req/s, CPU/op ≤ 1×',
      met: valid && ratio >= 1.2 && cpu <= 1,
      valid,
      ...(difference ? { invalidBecause: 'the inboxes differ' } : {}),
    });
  }
  console.log(rows.slice(-inbox.length));
  // the page of 25 is full only for the users in 100 and 500 conversations; the page of 10 is full
  // for all three, so its curve shows what the number of conversations alone costs
  const inboxCurves = { 25: await measureInboxCurve(3, 25), 10: await measureInboxCurve(3, 10) };
  results.inboxCurve = inboxCurves[25];
  results.inboxCurvePage10 = inboxCurves[10];
  for (const curve of [inboxCurves[25], inboxCurves[10]]) {
    const p50s = curve.map((p) => p.p50);
    const flat = Math.max(...p50s) <= 2 * Math.min(...p50s);
    curves.push(
      `| Inbox latency by conversations of the user, page of ${curve[0]!.page} (1 connection, Parley bare) | ${curve
        .map(
          (p) =>
            `${p.conversations} (${p.rows} on the page): p50 ${ms(p.p50)} ms, p99 ${ms(p.p99)} ms, ${ms(p.cpuMsPerOp)} ms CPU, PostgreSQL ${ms(p.dbCpuMsPerOp)} ms`,
        )
        .join('; ')} | ${fmt(Math.max(...p50s) / Math.min(...p50s), 2)}× | flat within 2× | ${flat ? 'yes' : 'no'} |`,
    );
  }
}

/** Parley against the send's floor on its own stack, and the floor against the raw INSERT. */
const vsFloor = (parley: SideSummary, floor: SideSummary, raw: SideSummary) =>
  `${fmt(parley.perSecond / floor.perSecond, 2)}× the yoga floor (${fmt(parley.cpuMsPerOp / floor.cpuMsPerOp, 2)}× CPU/op; server + PostgreSQL: ${fmt(
    wholeCpu(parley) / wholeCpu(floor),
    2,
  )}×; the floor itself ${fmt(floor.perSecond / raw.perSecond, 2)}× raw)`;

if (wanted('send')) {
  const send = await measureSend(seconds, { rounds, peer: true, profile, observed: [32] });
  results.send = send;
  for (const { concurrency, observability, parley, postgraphile, floor, raw, valid } of send) {
    const vsPeer = postgraphile ? parley.perSecond / postgraphile.perSecond : Number.NaN;
    const cpuVsPeer = postgraphile ? parley.cpuMsPerOp / postgraphile.cpuMsPerOp : Number.NaN;
    const vsRaw = parley.perSecond / raw.perSecond;
    rows.push({
      measure: `sendMessage, ${concurrency} connections, ${observability} (p99 ms)`,
      parley: `${spread(parley)}, p99 ${ms(parley.p99)} ms${badNote(parley)}`,
      reference: [
        postgraphile ? `PostGraphile createMessage: ${spread(postgraphile)}, p99 ${ms(postgraphile.p99)} ms${badNote(postgraphile)}` : '',
        floor
          ? `yoga floor (graphql-yoga, one resolver doing the raw INSERT): ${spread(floor)}, p99 ${ms(floor.p99)} ms${badNote(floor)}`
          : '',
        `raw INSERT: ${fmt(raw.perSecond)}/s (${fmt(raw.min)}–${fmt(raw.max)}), ${ms(raw.cpuMsPerOp)} ms client CPU/op, PostgreSQL ${ms(raw.dbCpuMsPerOp)} ms/op, p99 ${ms(raw.p99)} ms${badNote(raw)}`,
      ]
        .filter(Boolean)
        .join('; '),
      ratio: `${fmt(vsPeer, 2)}× PostGraphile (${fmt(cpuVsPeer, 2)}× CPU/op; server + PostgreSQL: ${
        postgraphile ? fmt(wholeCpu(parley) / wholeCpu(postgraphile), 2) : '–'
      }×); ${floor ? `${vsFloor(parley, floor, raw)}; ` : ''}${fmt(vsRaw, 2)}× raw (server + PostgreSQL: ${fmt(wholeCpu(parley) / wholeCpu(raw), 2)}×)`,
      target: '≥ 1.0× PostGraphile, ≥ 0.4× raw',
      met: valid && vsPeer >= 1 && vsRaw >= 0.4,
      valid,
    });
  }
  console.log(rows.slice(-send.length));
}

/** One side of a fan-out row: medians over the alternated runs, with the spreads. */
const fanoutSide = (side: FanoutSummary) =>
  `${fmt(side.deliveriesPerSecond)}/s (${fmt(side.min)}–${fmt(side.max)}); ${fmt(side.cpuUsPerDelivery, 1)} µs (${fmt(side.cpuMin, 1)}–${fmt(side.cpuMax, 1)}); ${side.p50} / ${side.p99} ms; lost ${side.lost}; client ${fmt(side.clientCpuUsPerDelivery, 1)} µs`;

if (wanted('fanout')) {
  // each run of a side starts a server, warms it and connects every subscriber: the judged counts
  // get the comparisons' rounds, the 10,000 curve point three
  const fanoutRounds = (subscribers: number) => (subscribers <= 5000 ? rounds : Math.min(rounds, 3));
  const counts = values.fanout.split(',').map(Number).filter(Boolean);
  const fanout = await measureFanout(counts, { profile, rounds: fanoutRounds });
  results.fanout = fanout;
  for (const { subscribers, parley, raw } of fanout) {
    const ratio = parley.deliveriesPerSecond / raw.deliveriesPerSecond;
    const cpu = parley.cpuUsPerDelivery / raw.cpuUsPerDelivery;
    const p99 = parley.p99 / Math.max(1, raw.p99);
    const judged = subscribers <= 5000;
    rows.push({
      measure: `Fan-out to ${fmt(subscribers)} subscribers, ${fanoutRounds(subscribers)} alternated runs a side (deliveries/s first to last; CPU µs/delivery; p50 / p99 ms at 20 msg/s; lost; client CPU µs/delivery; medians, spread min–max)`,
      parley: fanoutSide(parley),
      reference: `raw ws + INSERT: ${fanoutSide(raw)}`,
      ratio: `${fmt(ratio, 2)}× deliveries/s, ${fmt(cpu, 2)}× CPU, ${fmt(p99, 1)}× p99`,
      target: judged ? '≥ 0.6×, CPU ≤ 2×, p99 ≤ 3×, lost 0' : '(curve point)',
      met: judged ? ratio >= 0.6 && cpu <= 2 && p99 <= 3 && parley.lost === 0 : null,
      valid: raw.lost === 0,
    });
  }
  const cpus = fanout.map((f) => f.parley.cpuUsPerDelivery);
  curves.push(
    `| Fan-out server CPU per delivery by subscribers | ${fanout.map((f) => `${fmt(f.subscribers)}: ${fmt(f.parley.cpuUsPerDelivery, 1)} µs (raw ${fmt(f.raw.cpuUsPerDelivery, 1)} µs)`).join('; ')} | ${fmt(Math.max(...cpus) / Math.min(...cpus), 2)}× | flat within 1.5× | ${Math.max(...cpus) <= 1.5 * Math.min(...cpus) ? 'yes' : 'no'} |`,
  );
  console.log(rows.slice(-fanout.length));
}

if (wanted('memory')) {
  const memory = await measureMemoryShapes();
  results.memory = memory;
  for (const m of memory) {
    const kb = m.bytesPerSubscription / 1024;
    const tenThousand = m.subscriptions >= 10_000;
    rows.push({
      measure: `Memory, ${fmt(m.sockets)} sockets × ${fmt(m.perSocket)} idle subscriptions over ${fmt(m.conversations)} conversations`,
      parley: `${fmt(kb, 1)} KB per subscription, ${fmt(m.bytesPerClient / 1024, 1)} KB per client (RSS ${fmt(m.rssBefore / 2 ** 20)} → ${fmt(m.rssAfter / 2 ** 20)} MB, settled ${m.settledSeconds} s after subscribing; by the first 15 s: ${fmt((m.rssAfterAt15s - m.rssBeforeAt15s) / m.subscriptions / 1024, 1)} KB per subscription)`,
      reference: '10 KB per subscription',
      ratio: `${fmt(kb / 10, 2)}× of the budget`,
      target: tenThousand ? '≤ 10 KB at 10,000' : '(shape)',
      met: tenThousand ? kb <= 10 : null,
      valid: true,
    });
  }
  // the started server before any subscription or request, on PostgreSQL
  const idle = Math.min(...memory.filter((m) => m.conversations > 10).map((m) => m.rssBefore));
  rows.push({
    measure: 'Idle server RSS after start, on PostgreSQL',
    parley: `${fmt(idle / 2 ** 20)} MB`,
    reference: '150 MB',
    ratio: `${fmt(idle / 2 ** 20 / 150, 2)}× of the budget`,
    target: '≤ 150 MB',
    met: idle <= 150 * 2 ** 20,
    valid: true,
  });
  console.log(rows.slice(-memory.length - 1));
}

if (wanted('curves')) {
  const replay = await measureReplay(10_000, { profile });
  results.replay = replay;
  curves.push(
    `| messageAdded(after:) replay of ${fmt(replay.missed)} missed messages | caught up in ${fmt(replay.seconds, 1)} s (${fmt(replay.received)} received), peak RSS ${fmt(replay.rssPeak / 2 ** 20)} MB (from ${fmt(replay.rssBefore / 2 ** 20)} MB), ${fmt(replay.cpuUsPerMessage)} µs CPU per message | | | |`,
  );
  const search = await measureSearch(seconds, { profile });
  results.search = search;
  curves.push(
    `| Full-text search, 4 connections, the sender's first ${search.conversations} seeded conversations (${fmt(search.messages)} messages), 8 query shapes | p50 ${search.p50} ms, p99 ${search.p99} ms, ${fmt(search.perSecond)}/s, ${ms(search.cpuMsPerOp)} ms CPU/search${search.bad ? `, **${search.bad} bad**: ${search.sample}` : ''} | | | |`,
  );
  console.log(curves.slice(-2).join('\n'));
}

const table = [
  '| measure | Parley | reference | ratio | target | met |',
  '| --- | --- | --- | --- | --- | --- |',
  ...rows.map(
    (r) =>
      `| ${r.measure} | ${r.parley} | ${r.reference} | ${r.ratio} | ${r.target} | ${!r.valid ? `invalid (${r.invalidBecause ?? 'errors'})` : r.met === null ? '–' : r.met ? 'yes' : 'no'} |`,
  ),
].join('\n');
const curveTable = curves.length
  ? ['| curve | points | growth | target | met |', '| --- | --- | --- | --- | --- |', ...curves].join('\n')
  : '';
console.log(`\n${table}\n\n${curveTable}\n`);
console.log(`bench took ${fmt((Date.now() - began) / 60_000, 1)} minutes`);
results.rows = rows;
results.curves = curves;
results.notes = notes;
if (values.json) fs.writeFileSync(path.resolve(values.json), JSON.stringify(results, null, 2));

let comparison = '';
if (values.compare) {
  // before / after: the rows of another run (--json), measure by measure
  const before = JSON.parse(fs.readFileSync(path.resolve(values.compare), 'utf8')) as { rows: Row[]; curves: string[]; notes: string[] };
  const old = new Map(before.rows.map((r) => [r.measure, r]));
  comparison = [
    '| measure | before | after | before ratio | after ratio |',
    '| --- | --- | --- | --- | --- |',
    ...rows
      .filter((r) => old.has(r.measure))
      .map((r) => `| ${r.measure} | ${old.get(r.measure)!.parley} | ${r.parley} | ${old.get(r.measure)!.ratio} | ${r.ratio} |`),
  ].join('\n');
  console.log(comparison);
}

// only a whole run on fresh data, of this checkout, unprofiled, is the table of record
if (!values.only && !values['skip-seed'] && !process.env.PARLEY_DIR && !profile) {
  const require = createRequire(import.meta.url);
  const version = (name: string) => (require(`${name}/package.json`) as { version: string }).version;
  const pgVersion = await withAdmin(
    async (c) => (await c.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v,
  );
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const file = path.join(root, 'BENCHMARKS.md');
  // the previous run's tables stay, one run back; sections written by hand (any other `## `
  // heading) stay as they are, after the generated ones
  const previous = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const sections = previous.split(/\n(?=## )/);
  const generated = new Set(['## Previous run', '## Before / after']);
  const byHand = sections.slice(1).filter((section) => !generated.has(section.split('\n')[0]!.trim()));
  const lastLines = sections[0]!.split('\n');
  const lastRun = [...lastLines.filter((l) => l.startsWith('- Date')), '', ...lastLines.filter((l) => l.startsWith('|'))];
  const document = `# Benchmarks

The last run of \`npm run bench\`. Throughput on a shared machine is noisy; CPU per operation (the
server process's user + system time over the load phase, divided by the good answers it served)
barely moves with the noise, so the targets of issue 17 are judged on both. A row with errors on
either side is marked invalid. How each is measured: \`bench/README.md\`.

- Date: ${new Date().toISOString()}
- Machine: ${os.cpus().length} × ${cpu}, ${fmt(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}
- Versions: Node.js ${process.version}, PostgreSQL ${pgVersion}, Parley ${version(path.join(root, '.'))}, graphql-yoga ${version('graphql-yoga')}, graphql-ws ${version('graphql-ws')}, Prisma ${version('@prisma/client')}, PostGraphile ${version(path.join(root, 'bench/postgraphile/node_modules/postgraphile'))}, autocannon ${version('autocannon')}
- ${notes.join('\n- ')}

${table}

${curveTable}
${comparison ? `\n## Before / after\n\n${comparison}\n` : ''}
## Previous run

${lastRun.join('\n')}
${byHand.length ? `\n${byHand.map((section) => section.trimEnd()).join('\n\n')}\n` : ''}`;
  fs.writeFileSync(file, document);
  console.log('wrote BENCHMARKS.md');
}
process.exit(0);
