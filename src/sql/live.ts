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

/**
 * Deletes lapsed watches and connections, and marks the lapsed connections' users last seen when
 * their connection lapsed; returns the watches it deleted (each is announced by the sweep that
 * deleted it).
 */
export async function deleteLapsedConnections(tx: Tx, now: Date): Promise<{ conversationId: string; userId: string }[]> {
  const watches = await tx.$queryRaw<{ conversationId: string; userId: string }[]>`
    DELETE FROM watchers
     WHERE expires_at <= ${now}
        OR connection_id IN (SELECT id FROM connections WHERE expires_at <= ${now})
    RETURNING conversation_id AS "conversationId", user_id AS "userId"`;
  const connections = await tx.$queryRaw<{ userId: string; expiresAt: Date }[]>`
    DELETE FROM connections WHERE expires_at <= ${now}
    RETURNING user_id AS "userId", expires_at AS "expiresAt"`;
  for (const c of connections) {
    await tx.user.updateMany({
      where: { id: c.userId, OR: [{ lastSeenAt: null }, { lastSeenAt: { lt: c.expiresAt } }] },
      data: { lastSeenAt: c.expiresAt },
    });
  }
  return watches;
}
