// Statements about uploads that Prisma's API cannot say in one step: the orphan sweep, which must
// take only rows still unattached when it deletes them (a send may attach one at the same moment).
import { Prisma } from '../generated/prisma/client.ts';
import { query, type Queryable } from '../db/client.ts';

const { sql } = Prisma;

/** Deletes up to `limit` uploads never attached and made before `cutoff`; their ids and thumbnails. */
export async function deleteOrphanUploads(db: Queryable, cutoff: Date, limit: number): Promise<{ id: string; hasThumbnail: boolean }[]> {
  return query<{ id: string; hasThumbnail: boolean }>(
    db,
    sql`DELETE FROM uploads WHERE id IN (
          SELECT id FROM uploads WHERE attached_at IS NULL AND created_at < ${cutoff}
          ORDER BY created_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
        AND attached_at IS NULL
        RETURNING id, has_thumbnail AS "hasThumbnail"`,
  );
}
