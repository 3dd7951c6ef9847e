// Seqs for the rows the peers write themselves (raw INSERTs, PostGraphile's createMessage, the raw
// broadcast's INSERT, the yoga floor's): counters far above Parley's own seqs (which come from
// conversations.last_seq) and above any earlier run's, so no two rows collide. A peer counting in
// another process (the yoga floor) takes its own range.
import pg from 'pg';
import { databaseUrl } from './env.ts';

export const peerSeqFloor = 200_000_000;
/** The yoga floor's range (bench/yoga-floor-server.ts), which counts in its own process. */
export const floorSeqFloor = 1_000_000_000;

/** The next free seq from `from` up, and on. */
export async function seqCounter(from = peerSeqFloor): Promise<() => number> {
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    const { rows } = await client.query<{ max: number | null }>(`SELECT max(seq) AS max FROM messages WHERE seq >= $1`, [from]);
    let next = Math.max(from, (rows[0]?.max ?? 0) + 1);
    return () => next++;
  } finally {
    await client.end();
  }
}
