// Seqs for the rows the peers write themselves (raw INSERTs, PostGraphile's createMessage, the raw
// broadcast's INSERT): one counter far above Parley's own seqs (which come from
// conversations.last_seq) and above any earlier run's, so no two rows collide.
import pg from 'pg';
import { databaseUrl } from './env.ts';

export const peerSeqFloor = 200_000_000;

export async function seqCounter(): Promise<() => number> {
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    const { rows } = await client.query<{ max: number | null }>(`SELECT max(seq) AS max FROM messages WHERE seq >= $1`, [peerSeqFloor]);
    let next = Math.max(peerSeqFloor, (rows[0]?.max ?? 0) + 1);
    return () => next++;
  } finally {
    await client.end();
  }
}
