// The statements of the access module: a viewer's facts in many conversations at once, a first
// read, and the viewer's recent messages for slow mode.
import { Prisma, type Conversation, type Member } from '../generated/prisma/client.ts';
import { arrayReader, jsonArray, jsonArrayOrNull } from '../db/columns.ts';
import { query, type Queryable } from '../db/client.ts';

const { sql } = Prisma;

export interface FactsRow {
  conversation: Conversation;
  member: Member | null;
  isBanned: boolean;
  isWatching: boolean;
  readerSince: number | null;
}

/**
 * The select list of a viewer's facts in conversation `c` with member row `mb` (whose columns it
 * names), read by every statement that answers with them: the access loader's and the send's.
 * The two rows come as JSON arrays: one column each rather than fifty, which pg describes and
 * copies for every row (it showed in send profiles).
 */
export function viewerFactsSql(c: string, conversation: string, mb: string, viewerId: string | null, now: Date): Prisma.Sql {
  const C = Prisma.raw(c);
  return sql`${jsonArray('conversation', conversation)} AS "conversation",
           ${jsonArrayOrNull('member', mb)} AS "member",
           EXISTS (SELECT 1 FROM bans b WHERE b.conversation_id = ${C}.id AND b.user_id = ${viewerId}) AS "isBanned",
           EXISTS (SELECT 1 FROM watchers wt WHERE wt.conversation_id = ${C}.id AND wt.user_id = ${viewerId}
                     AND wt.expires_at > ${now}) AS "isWatching",
           (SELECT r.since_seq FROM readers r WHERE r.conversation_id = ${C}.id AND r.user_id = ${viewerId}) AS "readerSince"`;
}

const readConversation = arrayReader<Conversation>('conversation');
const readMember = arrayReader<Member>('member');

/** The facts of a row selected with viewerFactsSql. */
export function factsOfRow(row: Record<string, unknown>): FactsRow {
  return {
    conversation: readConversation(row.conversation as unknown[]),
    member: row.member ? readMember(row.member as unknown[]) : null,
    isBanned: row.isBanned === true,
    isWatching: row.isWatching === true,
    readerSince: row.readerSince === null || row.readerSince === undefined ? null : Number(row.readerSince),
  };
}

/**
 * The viewer's member row, ban, watch and first read in each conversation, in one statement. With
 * `lock`, the conversation rows are locked until the transaction ends: membership changes and
 * sends of one conversation are then serialised (member cap, seq order).
 */
export async function accessFacts(
  db: Queryable,
  viewerId: string | null,
  conversationIds: readonly string[],
  options: { lock?: boolean; now?: Date } = {},
): Promise<FactsRow[]> {
  const now = options.now ?? new Date();
  const rows = await query<Record<string, unknown>>(
    db,
    sql`
    SELECT ${viewerFactsSql('c', 'c', 'mb', viewerId, now)}
      FROM conversations c
      LEFT JOIN members mb ON mb.conversation_id = c.id AND mb.user_id = ${viewerId}
     WHERE c.id = ANY(${[...conversationIds]}::text[])
     ${options.lock ? sql`FOR UPDATE OF c` : Prisma.empty}`,
  );
  return rows.map(factsOfRow);
}

/** Records where a user who never was a member began reading each conversation (once). */
export async function insertFirstReads(db: Queryable, viewerId: string, reads: { conversationId: string; seq: number }[]): Promise<void> {
  await query(
    db,
    sql`
    INSERT INTO readers (conversation_id, user_id, since_seq)
    SELECT x.id, ${viewerId}, x.seq FROM unnest(${reads.map((r) => r.conversationId)}::text[], ${reads.map((r) => r.seq)}::int[]) AS x(id, seq)
    ON CONFLICT (conversation_id, user_id) DO NOTHING
    RETURNING conversation_id`,
  );
}

/**
 * Slow mode: for each conversation, the times of the viewer's most recent `limit` messages since
 * its `since`, newest first (one statement for one send or a page of conversations).
 */
export async function recentMessageTimes(
  db: Queryable,
  ownerId: string,
  windows: { conversationId: string; since: Date; limit: number }[],
): Promise<Map<string, Date[]>> {
  const found = new Map<string, Date[]>();
  if (windows.length === 0) return found;
  const rows = await query<{ conversationId: string; createdAt: Date }>(
    db,
    sql`
    SELECT w.id AS "conversationId", m.created_at AS "createdAt"
      FROM unnest(${windows.map((w) => w.conversationId)}::text[], ${windows.map((w) => w.since)}::timestamptz[], ${windows.map((w) => w.limit)}::int[]) AS w(id, since, lim)
      CROSS JOIN LATERAL (
        SELECT created_at FROM messages
         WHERE conversation_id = w.id AND owner_id = ${ownerId} AND type <> 'ADMIN' AND created_at > w.since
         ORDER BY created_at DESC LIMIT w.lim) m
     ORDER BY m.created_at DESC`,
  );
  for (const r of rows) found.set(r.conversationId, [...(found.get(r.conversationId) ?? []), r.createdAt]);
  return found;
}
