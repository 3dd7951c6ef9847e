// The statements over messages: `messages`, `messageCount` and replays (the viewer's window of one
// conversation, every filter of API.md, full-text search included, keyset pages by time with seq
// breaking ties), the live feeds' reads, and one message's row lock.
import { Prisma, type Message, type MessageType, type User } from '../generated/prisma/client.ts';
import { jsonArray, jsonArrayOrNull, messageColumns, readMessageArray, readUserArray } from '../db/columns.ts';
import { query, type Queryable, type Tx } from '../db/client.ts';
import { badInput } from '../errors.ts';
import type { SeqWindow } from '../access/access.ts';
import { asSeenSql, boundWindow, messageVisibleSql, searchMatchSql, type SqlViewer } from '../access/sql.ts';
import { checkIds, checkText } from '../common/validate.ts';
import { decodeCursor, encodeCursor, maxIntKey, type PageRequest } from '../common/pagination.ts';

export interface MessageFilter {
  ids?: string[] | null;
  types?: MessageType[] | null;
  customTypes?: string[] | null;
  attachmentTypes?: string[] | null;
  ownerIds?: string[] | null;
  parentId?: string | null;
  showInConversation?: boolean | null;
  pinned?: boolean | null;
  search?: string | null;
}

export const messageOrders = ['CREATED_AT_DESC', 'CREATED_AT_ASC', 'UPDATED_AT_DESC', 'UPDATED_AT_ASC'] as const;
/** The public orders, and the pin order of pinnedMessages. */
export type MessageOrder = (typeof messageOrders)[number] | 'PINNED_AT_DESC';

const { sql, join, raw } = Prisma;

/** A message's cursor: its seq. The same value in every order, in `messages` edges and `Message.cursor`. */
export function messageCursor(seq: number): string {
  return encodeCursor([seq]);
}

export function seqFromCursor(cursor: string, field: string): number {
  const [seq] = decodeCursor(cursor, field);
  if (typeof seq !== 'number' || !Number.isInteger(seq) || seq < 0 || seq > maxIntKey) {
    throw badInput(`${field} is not a message cursor.`, field);
  }
  return seq;
}

function messageFilterSql(filter: MessageFilter, maxIds: number, asOf: Date | null = null): Prisma.Sql[] {
  const where: Prisma.Sql[] = [];
  if (filter.ids) where.push(sql`m.id = ANY(${checkIds(filter.ids, 'filter.ids', maxIds)}::text[])`);
  if (filter.types?.length) where.push(sql`m.type::text = ANY(${[...new Set(filter.types)]}::text[])`);
  if (filter.customTypes) {
    where.push(sql`${asSeenSql('m', 'custom_type', asOf)} = ANY(${checkIds(filter.customTypes, 'filter.customTypes', maxIds)}::text[])`);
  }
  if (filter.attachmentTypes) {
    where.push(
      sql`${asSeenSql('m', 'attachment_types', asOf)} && ${checkIds(filter.attachmentTypes, 'filter.attachmentTypes', maxIds)}::text[]`,
    );
  }
  if (filter.ownerIds) where.push(sql`m.owner_id = ANY(${checkIds(filter.ownerIds, 'filter.ownerIds', maxIds)}::text[])`);
  if (filter.parentId != null) where.push(sql`m.parent_id = ${filter.parentId}`);
  if (filter.showInConversation != null) where.push(sql`m.show_in_conversation = ${filter.showInConversation}`);
  if (filter.pinned != null) {
    const pinnedAt = asSeenSql('m', 'pinned_at', asOf);
    where.push(filter.pinned ? sql`${pinnedAt} IS NOT NULL` : sql`${pinnedAt} IS NULL`);
  }
  const search = checkText(filter.search, 'filter.search', { max: 200 });
  if (search) {
    // websearch syntax: words, "quoted phrases", -excluded, or
    where.push(searchMatchSql('m', search, asOf));
  }
  return where;
}

export function messageListQuery(
  conversationId: string,
  viewer: SqlViewer,
  window: SeqWindow,
  filter: MessageFilter,
  order: MessageOrder,
  maxIds: number,
  /** a former member: when they left (what they see of each message is as it was then) */
  asOf: Date | null = null,
) {
  const where = [
    sql`m.conversation_id = ${conversationId}`,
    messageVisibleSql('m', boundWindow(window), viewer),
    ...messageFilterSql(filter, maxIds, asOf),
  ];
  const whereSql = join(where, ' AND ');
  // the order's time, as the viewer sees it (a former member's list is not reordered by later edits)
  const orderColumn = order.startsWith('UPDATED_AT') ? 'updated_at' : order.startsWith('PINNED_AT') ? 'pinned_at' : 'created_at';
  const column = (alias: string) => (orderColumn === 'created_at' ? raw(`${alias}.created_at`) : asSeenSql(alias, orderColumn, asOf));
  const descending = order.endsWith('_DESC');

  return {
    page(request: PageRequest): Prisma.Sql {
      const down = descending !== request.backward;
      let keyset = sql`TRUE`;
      if (request.cursor) {
        const seq = seqFromCursor(encodeCursor(request.cursor), request.backward ? 'before' : 'after');
        const at = sql`(SELECT ${column('x')} FROM messages x WHERE x.conversation_id = ${conversationId} AND x.seq = ${seq})`;
        keyset = down ? sql`(${column('m')}, m.seq) < (${at}, ${seq})` : sql`(${column('m')}, m.seq) > (${at}, ${seq})`;
      }
      const direction = raw(down ? 'DESC' : 'ASC');
      return sql`
        SELECT ${messageColumns('m')} FROM messages m
         WHERE ${whereSql} AND ${keyset}
         ORDER BY ${column('m')} ${direction}, m.seq ${direction}
         LIMIT ${request.size + 1} OFFSET ${request.skip}`;
    },
    count(): Prisma.Sql {
      return sql`SELECT count(*)::int AS count FROM messages m WHERE ${whereSql}`;
    },
    /** The messages with after < seq <= upTo, in seq order (messageAdded). */
    between(after: number, upTo: number, limit: number): Prisma.Sql {
      return sql`
        SELECT ${messageColumns('m')} FROM messages m
         WHERE ${whereSql} AND m.seq > ${after} AND m.seq <= ${upTo}
         ORDER BY m.seq ASC
         LIMIT ${limit}`;
    },
  };
}

/** The last seq given out in a conversation (0 when it does not exist). */
export async function conversationLastSeq(db: Queryable, conversationId: string): Promise<number> {
  const [row] = await query<{ lastSeq: number }>(db, sql`SELECT last_seq AS "lastSeq" FROM conversations WHERE id = ${conversationId}`);
  return row?.lastSeq ?? 0;
}

/** A conversation's messages `m` with after < seq <= upTo, in seq order, at most `limit`. */
const seqRangeSql = (conversationId: string, after: number, upTo: number, limit: number) =>
  sql`WHERE m.conversation_id = ${conversationId} AND m.seq > ${after} AND m.seq <= ${upTo} ORDER BY m.seq LIMIT ${limit}`;

/** Every message of a conversation with after < seq <= upTo, in seq order (the messages a read covered: messages/reading.ts). */
export function messagesBetween(db: Queryable, conversationId: string, after: number, upTo: number, limit: number): Promise<Message[]> {
  return query<Message>(db, sql`SELECT ${messageColumns('m')} FROM messages m ${seqRangeSql(conversationId, after, upTo, limit)}`);
}

/** A message with its sender's row, read in the same statement (owner null: a message of the system). */
interface MessageWithOwner {
  message: Message;
  owner: User | null;
}

/**
 * messagesBetween with each sender's row from the same statement: the live feeds' read. The rows
 * are the ones the user loader reads (same columns), so the deliveries made right after the read
 * are executed without a statement of their own for `owner` (live/feeds.ts `ownersReadNow`). Each
 * row is one JSON column rather than thirty: pg describes, and builds an object of, every column
 * of every execution (48 against 80 µs of client CPU a statement here, in process).
 */
export async function messagesWithOwnersBetween(
  db: Queryable,
  conversationId: string,
  after: number,
  upTo: number,
  limit: number,
): Promise<MessageWithOwner[]> {
  const rows = await query<{ message: unknown[]; owner: unknown[] | null }>(
    db,
    sql`
    SELECT ${jsonArray('message', 'm')} AS "message",
           ${jsonArrayOrNull('user', 'u')} AS "owner"
      FROM messages m
      LEFT JOIN users u ON u.id = m.owner_id
     ${seqRangeSql(conversationId, after, upTo, limit)}`,
  );
  return rows.map((row) => ({ message: readMessageArray(row.message), owner: row.owner ? readUserArray(row.owner) : null }));
}

export async function messageById(db: Queryable, id: string): Promise<Message | null> {
  const [row] = await query<Message>(db, sql`SELECT ${messageColumns('m')} FROM messages m WHERE m.id = ${id}`);
  return row ?? null;
}

/** The seqs of a conversation's messages a user deleted from their copy, after `after`. */
export async function hiddenSeqsAfter(db: Queryable, userId: string, conversationId: string, after: number): Promise<number[]> {
  const rows = await query<{ seq: number }>(
    db,
    sql`
    SELECT seq FROM hidden_messages WHERE user_id = ${userId} AND conversation_id = ${conversationId} AND seq > ${after}`,
  );
  return rows.map((r) => r.seq);
}

/** Locks a message's row until the transaction ends (changes of one message's reactions are serialised). */
export async function lockMessage(tx: Tx, id: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM messages WHERE id = ${id} FOR UPDATE`;
}
