// What a number of idle subscriptions hold on the server's heap: two heap snapshots of the server
// (before and after subscribing, `bench/memory.ts` with BENCH_HEAP_SNAPSHOTS=<dir>) compared by
// object kind — how many more of each and their own bytes, per subscription. Self sizes, so the
// rows add up to the heap's growth; the kinds say who made them.
//   npx tsx bench/heap-diff.ts before.heapsnapshot after.heapsnapshot [subscriptions] [rows]
import fs from 'node:fs';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

/** self bytes and count per "type name" */
function tally(file: string): Map<string, { count: number; bytes: number }> {
  const snap = JSON.parse(fs.readFileSync(file, 'utf8')) as Snapshot;
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const width = fields.length;
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const kinds = new Map<string, { count: number; bytes: number }>();
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + typeAt!]!]!;
    // strings by type only: their text is not a kind
    const name =
      type === 'string' || type === 'concatenated string' || type === 'sliced string'
        ? ''
        : snap.strings[snap.nodes[i + nameAt!]!]!.slice(0, 60);
    const key = `${type} ${name}`;
    const kind = kinds.get(key) ?? { count: 0, bytes: 0 };
    kind.count += 1;
    kind.bytes += snap.nodes[i + sizeAt!]!;
    kinds.set(key, kind);
  }
  return kinds;
}

const [beforeFile, afterFile, subscriptionsArg, rowsArg] = process.argv.slice(2);
if (!beforeFile || !afterFile) throw new Error('usage: heap-diff.ts before.heapsnapshot after.heapsnapshot [subscriptions] [rows]');
const before = tally(beforeFile);
const after = tally(afterFile);
const per = Number(subscriptionsArg ?? 1);
const rows = [...after]
  .map(([key, a]) => {
    const b = before.get(key) ?? { count: 0, bytes: 0 };
    return { key, count: a.count - b.count, bytes: a.bytes - b.bytes };
  })
  .sort((x, y) => y.bytes - x.bytes);
const total = rows.reduce((sum, r) => sum + r.bytes, 0);
console.log(`heap growth ${(total / 1024).toFixed(0)} KB, ${(total / per).toFixed(0)} B per subscription (${per})`);
console.log('bytes/sub  count/sub  kind');
for (const r of rows.slice(0, Number(rowsArg ?? 40)))
  console.log(`${(r.bytes / per).toFixed(0).padStart(9)}  ${(r.count / per).toFixed(2).padStart(9)}  ${r.key}`);
