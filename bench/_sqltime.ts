// scratch: PostgreSQL CPU per run of the inbox statement, prepared, old vs new (not committed)
import pg from 'pg';
import { readFileSync } from 'node:fs';
const [user = 'inbox_500', limit = '26', runs = '400'] = process.argv.slice(2);
const builds = { new: '../src/sql/inbox.ts', old: '/work/ab-base/src/sql/inbox.ts' };
const tick = 10; // ms per clock tick (CLK_TCK 100)
const cpu = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12])) * tick;
};
const client = new pg.Client({ connectionString: 'postgresql://postgres@127.0.0.1:5432/parley_bench' });
await client.connect();
const pid = (await client.query('SELECT pg_backend_pid() AS p')).rows[0].p;
const texts: Record<string, { text: string; values: unknown[] }> = {};
for (const [name, path] of Object.entries(builds)) {
  const { conversationListQuery } = await import(path);
  const q = conversationListQuery(user, {}, 'UPDATED_AT_DESC', 100).page(
    { limit: Number(limit), offset: 0, backward: false, cursor: null },
    { unreadCount: true, lastMessage: true, members: 6 },
  );
  texts[name] = {
    text: q.text,
    values: q.values.map((v: unknown) => (v instanceof Date ? v.toISOString().replace('T', ' ').replace('Z', '') : v)),
  };
}
for (let round = 0; round < 3; round++) {
  for (const name of round % 2 ? ['old', 'new'] : ['new', 'old']) {
    const { text, values } = texts[name]!;
    for (let i = 0; i < 20; i++) await client.query({ name: `s_${name}`, text, values });
    const before = cpu(pid);
    const t = performance.now();
    for (let i = 0; i < Number(runs); i++) await client.query({ name: `s_${name}`, text, values });
    console.log(
      `${name}: ${((cpu(pid) - before) / Number(runs)).toFixed(2)} ms CPU, ${((performance.now() - t) / Number(runs)).toFixed(2)} ms wall`,
    );
  }
}
await client.end();
