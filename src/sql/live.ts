// The statements of the live side: which inbox listeners a new message is for, and sweeping the
// connections and watches that lapsed.
import { Prisma } from '../generated/prisma/client.ts';
import type { Database, Tx } from '../db/client.ts';

const { sql } = Prisma;

/** Of `users`, the active members of a conversation a new message is for (`audience` null: all of them). */
export async function inboxListeners(db: Database, conversationId: string, users: string[], audience: string[] | null): Promise<string[]> {
  const rows = await db.select<{ userId: string }>(sql`
    SELECT user_id AS "userId" FROM members
     WHERE conversation_id = ${conversationId} AND user_id = ANY(${users}::text[])
       AND (${audience === null} OR user_id = ANY(${audience ?? []}::text[]))`);
  return rows.map((r) => r.userId);
}

/** At most this many lapsed connections are swept at once: the next heartbeat takes the rest. */
const sweepBatch = 2_000;

/**
 * Deletes lapsed watches and connections, and marks the lapsed connections' users last seen when
 * their connection lapsed; returns the watches it deleted (each is announced by the sweep that
 * deleted it). Set-based and bounded: a crashed instance can leave thousands of connections, and a
 * row-by-row sweep of them outlived its transaction, rolled back, and started over at every
 * heartbeat (found by the send benchmark: 2.8 user updates per message sent).
 */
export async function deleteLapsedConnections(tx: Tx, now: Date): Promise<{ conversationId: string; userId: string }[]> {
  const watches = await tx.$queryRaw<{ conversationId: string; userId: string }[]>`
    DELETE FROM watchers
     WHERE expires_at <= ${now}
        OR connection_id IN (SELECT id FROM connections WHERE expires_at <= ${now})
    RETURNING conversation_id AS "conversationId", user_id AS "userId"`;
  await tx.$executeRaw`
    WITH gone AS (
      DELETE FROM connections
       WHERE id IN (SELECT id FROM connections WHERE expires_at <= ${now} LIMIT ${sweepBatch})
      RETURNING user_id, expires_at
    ), last AS (
      SELECT user_id, max(expires_at) AS at FROM gone GROUP BY user_id
    )
    UPDATE users u SET last_seen_at = last.at
      FROM last
     WHERE u.id = last.user_id AND (u.last_seen_at IS NULL OR u.last_seen_at < last.at)`;
  return watches;
}
