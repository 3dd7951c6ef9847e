// The statements behind the per-request loaders that Prisma cannot express: counts and versions
// that depend on the viewer's window or on a time, each for many keys at once.
import { Prisma, type MessageRevision, type User } from '../generated/prisma/client.ts';
import { revisionColumns, userColumns } from '../db/columns.ts';
import type { Database } from '../db/client.ts';
import { messageForUserSql, messageVisibleSql, windowSql } from '../access/sql.ts';

const { sql } = Prisma;

/** A message id with a time, for what a message was like at that time. */
export interface AtKey {
  messageId: string;
  at: Date;
}

/**
 * Users by id. A plain lookup, but the user loader runs once per live event (a subscription's
 * loaders are new for each), so a replay of 10,000 messages loads owners 10,000 times: Prisma's
 * per-query work doubled the replay's CPU, one typed statement does not.
 */
export function usersByIds(db: Database, ids: readonly string[]): Promise<User[]> {
  return db.select<User>(sql`SELECT ${userColumns('u')} FROM users u WHERE u.id = ANY(${[...ids]}::text[])`);
}

/** Replies the viewer sees under each message, by parent id. */
export async function visibleReplyCounts(db: Database, viewer: string, parentIds: readonly string[]): Promise<Map<string, number>> {
  const window = windowSql('c', 'mb', viewer);
  const rows = await db.select<{ id: string; count: number }>(sql`
    SELECT p.id, (SELECT count(*)::int FROM messages m
                   WHERE m.parent_id = p.id AND ${window.mayRead} AND ${messageVisibleSql('m', window, viewer)}) AS "count"
      FROM messages p JOIN conversations c ON c.id = p.conversation_id
      LEFT JOIN members mb ON mb.conversation_id = c.id AND mb.user_id = ${viewer}
     WHERE p.id = ANY(${[...parentIds]}::text[])`);
  return new Map(rows.map((r) => [r.id, r.count]));
}

/** Members other than the sender, among those a message is for, who have read it (where reads are tracked). */
export async function readCounts(db: Database, messageIds: readonly string[]): Promise<Map<string, number>> {
  const rows = await db.select<{ id: string; count: number }>(sql`
    SELECT m.id, count(mb.id)::int AS "count"
      FROM messages m
      JOIN members mb ON mb.conversation_id = m.conversation_id AND mb.left_at IS NULL
                     AND mb.user_id IS DISTINCT FROM m.owner_id AND mb.last_read_seq >= m.seq
                     AND ${messageForUserSql('m', sql`mb.user_id`)}
     WHERE m.id = ANY(${[...messageIds]}::text[]) AND m.track_reads
     GROUP BY m.id`);
  return new Map(rows.map((r) => [r.id, r.count]));
}

/** The content each message had at its time, when an edit replaced it since (missing: unchanged). */
export async function revisionsAt(db: Database, keys: readonly AtKey[]): Promise<(MessageRevision | null)[]> {
  const rows = await db.select<MessageRevision & { ord: number }>(sql`
    SELECT k.ord AS "ord", r.* FROM unnest(${keys.map((k) => k.messageId)}::text[], ${keys.map((k) => k.at)}::timestamp[])
           WITH ORDINALITY AS k(message_id, at, ord)
      CROSS JOIN LATERAL (
        SELECT ${revisionColumns('x')} FROM message_revisions x
         WHERE x.message_id = k.message_id AND x.replaced_at > k.at
         ORDER BY x.replaced_at ASC LIMIT 1) r`);
  const byOrd = new Map(rows.map((r) => [Number(r.ord), r]));
  return keys.map((_key, i) => byOrd.get(i + 1) ?? null);
}

/** Each message's reaction counts from the reactions made by its time. */
export async function reactionCountsAt(db: Database, keys: readonly AtKey[]): Promise<Record<string, number>[]> {
  const rows = await db.select<{ ord: number; type: string; count: number }>(sql`
    SELECT k.ord AS "ord", r.type, count(*)::int AS "count"
      FROM unnest(${keys.map((k) => k.messageId)}::text[], ${keys.map((k) => k.at)}::timestamp[])
           WITH ORDINALITY AS k(message_id, at, ord)
      JOIN reactions r ON r.message_id = k.message_id AND r.created_at <= k.at
     GROUP BY k.ord, r.type`);
  const result = keys.map(() => ({}) as Record<string, number>);
  for (const row of rows) result[Number(row.ord) - 1]![row.type] = row.count;
  return result;
}

/** When each member last sent a message of their own (not ADMIN) in the conversation (key: conversationId, userId). */
export async function lastSentTimes(db: Database, keys: readonly (readonly [string, string])[]): Promise<Map<string, Date>> {
  const rows = await db.select<{ conversationId: string; userId: string; at: Date }>(sql`
    SELECT k.c AS "conversationId", k.u AS "userId", x.at
      FROM unnest(${keys.map((k) => k[0])}::text[], ${keys.map((k) => k[1])}::text[]) AS k(c, u)
      CROSS JOIN LATERAL (SELECT max(m.created_at) AS at FROM messages m
                           WHERE m.conversation_id = k.c AND m.owner_id = k.u AND m.type <> 'ADMIN') x
     WHERE x.at IS NOT NULL`);
  return new Map(rows.map((r) => [`${r.conversationId}\u0000${r.userId}`, r.at]));
}
