// A conversation's viewer-dependent fields as SQL, each defined once: the unread count, the last
// message (with its owner), the count of messages the viewer sees, and a page of members. The inbox
// statement (sql/inbox.ts) brings them along with its rows; the loaders (loaders.ts) run the same
// fragments for conversations reached any other way. Aliases: `c` the conversation, `mb` the
// viewer's member row (a LEFT JOIN: null when they have none).
import { Prisma, type Member, type Message, type User } from '../generated/prisma/client.ts';
import { arrayReader, columnCount, jsonArray, readMessageArray, readUserArray } from '../db/columns.ts';
import type { Database } from '../db/client.ts';
import { messageVisibleSql, countUnreadSql, windowSql, type SqlViewer } from '../access/sql.ts';
import { fieldsRead } from '../access/expr.ts';
import { isMutedNow } from '../access/rules.ts';

const { sql } = Prisma;

/** Messages the viewer has not read in `c`. */
export function unreadCountSql(viewer: string, now = new Date()): Prisma.Sql {
  return countUnreadSql('c', 'mb', windowSql('c', 'mb', viewer, now), viewer);
}

/** Messages the viewer sees in `c`. */
export function visibleCountSql(viewer: SqlViewer): Prisma.Sql {
  const window = windowSql('c', 'mb', viewer);
  return sql`(SELECT count(*)::int FROM messages m
               WHERE m.conversation_id = c.id AND ${window.mayRead} AND ${messageVisibleSql('m', window, viewer)})`;
}

/**
 * The newest message the viewer sees in `c`, with its owner, as a JSON array of the message's
 * values then the owner's (see lastMessageOf): an inbox page brings one for each row, and as objects
 * (keys, and timestamps as text to parse) they were about a quarter of the bytes of its answer.
 */
export function lastMessageSql(viewer: SqlViewer, now = new Date()): Prisma.Sql {
  const window = windowSql('c', 'mb', viewer, now);
  return sql`(SELECT ${jsonArray('message', 'm', { owner: sql`(SELECT ${jsonArray('user', 'u')} FROM users u WHERE u.id = m.owner_id)` })}
               FROM messages m WHERE m.conversation_id = c.id AND ${window.mayRead} AND ${messageVisibleSql('m', window, viewer)}
              ORDER BY m.seq DESC LIMIT 1)`;
}

export interface MemberPageKey {
  /** rows to fetch (page size + 1) */
  limit: number;
  /** keyset after (or, backward, before) (joinedAt, id); null for the first (or last) page */
  after: { joinedAt: Date; id: string } | null;
  backward: boolean;
}

/**
 * The member columns a member page carries: those the Member type shows (schema/member.ts) and
 * those its mute rule reads (access/rules.ts isMutedNow), not the whole row. A page is only ever
 * shown: the viewer's own row, which access is decided on, is always loaders.member's whole one.
 * The positions and times left out (read and cleared seqs, join and leave seqs, deletedAt, ...)
 * were a third of an inbox page's member values. test/member-page.test.ts resolves every field of
 * the Member type through a page and through a whole row, and compares them.
 */
const shownMemberKeys = [
  'id',
  'conversationId',
  'userId',
  'role',
  'joinedAt',
  'lastReadAt',
  'mutedUntil',
  'pushNotifications',
  'memberInfo',
  'updatedAt',
] as const satisfies readonly (keyof Member)[];
const listedMemberKeys: readonly string[] = [...new Set<string>([...shownMemberKeys, ...fieldsRead(isMutedNow, 'mb')])];

/**
 * A member on a page, with their user. Typed as the whole row for the Member type's resolvers,
 * which read only listedMemberKeys (the test above holds them to it).
 */
export type MemberWithUser = Member & { user: User };

/** A page of `c`'s active members in joining order, with their users, as JSON (see memberPageOf). */
export function memberPageSql(page: MemberPageKey): Prisma.Sql {
  const direction = Prisma.raw(page.backward ? 'DESC' : 'ASC');
  const keyset = page.after
    ? sql`AND (y.joined_at, y.id) ${Prisma.raw(page.backward ? '<' : '>')} (${page.after.joinedAt}::timestamp, ${page.after.id}::text)`
    : Prisma.empty;
  return sql`(SELECT coalesce(json_agg(x.member ORDER BY x.joined_at ${direction}, x.id ${direction}), '[]')
               FROM (SELECT ${jsonArray('member', 'y', { user: sql`(SELECT ${jsonArray('user', 'u')} FROM users u WHERE u.id = y.user_id)` }, listedMemberKeys)} AS member,
                            y.joined_at, y.id
                       FROM members y WHERE y.conversation_id = c.id AND y.left_at IS NULL ${keyset}
                      ORDER BY y.joined_at ${direction}, y.id ${direction} LIMIT ${page.limit}) x)`;
}

const messageValues = columnCount('message');
const readMemberWithUser = arrayReader<Omit<MemberWithUser, 'user'> & { user: unknown[] }>('member', ['user'], listedMemberKeys);

/** A row of lastMessageSql() back as a message and its owner (the value after the message's). */
export function lastMessageOf(json: unknown): { message: Message; owner: User | null } | null {
  if (!json) return null;
  const values = json as unknown[];
  const owner = (values[messageValues] ?? null) as unknown[] | null;
  return { message: readMessageArray(values), owner: owner ? readUserArray(owner) : null };
}

/** A row of memberPageSql() back as members with their users, in the page's order. */
export function memberPageOf(json: unknown): MemberWithUser[] {
  return (json as unknown[][]).map((values) => {
    const member = readMemberWithUser(values) as unknown as MemberWithUser;
    member.user = readUserArray(member.user as unknown as unknown[]);
    return member;
  });
}

/**
 * One of the fragments above for each conversation, as the viewer sees it, in one statement: the
 * loaders' way to the same value the inbox brings along.
 */
export async function fieldFor<T>(
  db: Database,
  viewer: string | null,
  conversationIds: readonly string[],
  fragment: Prisma.Sql,
): Promise<Map<string, T>> {
  const rows = await db.select<{ id: string; value: T }>(sql`
    SELECT c.id, ${fragment} AS value
      FROM conversations c LEFT JOIN members mb ON mb.conversation_id = c.id AND mb.user_id = ${viewer}
     WHERE c.id = ANY(${[...conversationIds]}::text[])`);
  return new Map(rows.map((r) => [r.id, r.value]));
}
