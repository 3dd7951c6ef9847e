// The statement behind `conversations` and `conversationCount`: the viewer's list (their
// memberships, active or former, without deleted copies unless asked) or public discovery, every
// filter of API.md, and keyset pages over a per-viewer activity time, with the viewer's fields of
// each row brought along (sql/conversation-fields.ts) so the inbox costs one statement.
import { Prisma, type ConversationType } from '../generated/prisma/client.ts';
import { conversationColumns, memberColumns } from '../db/columns.ts';
import { seesDetailsSql } from '../access/sql.ts';
import { badInput } from '../errors.ts';
import { checkIds, checkTags } from '../common/validate.ts';
import { lastMessageSql, memberPageSql, unreadCountSql } from './conversation-fields.ts';

export interface ConversationFilter {
  ids?: string[] | null;
  isGroup?: boolean | null;
  type?: ConversationType | null;
  customTypes?: string[] | null;
  search?: string | null;
  memberIdsIncluded?: string[] | null;
  memberIdsExactly?: string[] | null;
  includeDeleted?: boolean | null;
  onlyActive?: boolean | null;
  publicMode?: boolean | null;
  tags?: string[] | null;
  category?: string | null;
}

export const conversationOrders = ['UPDATED_AT_DESC', 'UPDATED_AT_ASC', 'LAST_MESSAGE_AT_DESC'] as const;
export type ConversationOrder = (typeof conversationOrders)[number];

const { sql, join, raw } = Prisma;

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Fields of each listed conversation to fetch in the list's own statement. */
export interface Include {
  unreadCount?: boolean;
  lastMessage?: boolean;
  /** the first N active members, with their users */
  members?: number;
}

/** Per-conversation extras, computed for the page's rows only (c: conversation, mb: the viewer's member row). */
function inclusions(viewer: string, include: Include, now: Date): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (include.unreadCount) parts.push(sql`${unreadCountSql(viewer, now)} AS "unreadCount"`);
  if (include.lastMessage) parts.push(sql`${lastMessageSql(viewer, now)} AS "lastMessage"`);
  if (include.members) parts.push(sql`${memberPageSql({ limit: include.members, after: null, backward: false })} AS "memberPage"`);
  return parts.length ? sql`, ${join(parts, ', ')}` : Prisma.empty;
}

/** A keyset position in the list: the sort time and id of the row before the page. */
export interface ListCursor {
  at: Date;
  id: string;
}

/** The rows of one page: `cursor` decoded (timeKeyOf), null for the first page. */
interface ListPage {
  limit: number;
  offset: number;
  backward: boolean;
  cursor: ListCursor | null;
}

/**
 * The list's statements for `viewer` at time `now` (the rules that hang on time, like watching,
 * are judged at it).
 */
export function conversationListQuery(
  viewer: string,
  filter: ConversationFilter,
  order: ConversationOrder,
  maxIds: number,
  now: Date = new Date(),
) {
  const where: Prisma.Sql[] = [];
  let from: Prisma.Sql;
  let updatedAt: Prisma.Sql;
  let lastMessageAt: Prisma.Sql;
  /** filters on members and settings match only where the viewer sees them (not a former member) */
  let details: Prisma.Sql = sql`TRUE`;

  if (filter.publicMode) {
    from = sql`conversations c`;
    where.push(sql`c.type IN ('PUBLIC', 'OPEN')`);
    where.push(sql`NOT EXISTS (SELECT 1 FROM members x WHERE x.conversation_id = c.id AND x.user_id = ${viewer} AND x.left_at IS NULL)`);
    updatedAt = sql`c.updated_at`;
    lastMessageAt = sql`COALESCE(c.last_message_at, c.created_at)`;
  } else {
    from = sql`conversations c JOIN members mb ON mb.conversation_id = c.id AND mb.user_id = ${viewer}`;
    if (!filter.includeDeleted) where.push(sql`mb.deleted_at IS NULL`);
    if (filter.onlyActive) where.push(sql`mb.left_at IS NULL`);
    details = seesDetailsSql('c', 'mb', viewer, now);
    // a message sent to some recipients only moves the conversation for them alone; a former
    // member's copy stopped moving when they left
    updatedAt = sql`(CASE WHEN ${details} THEN GREATEST(c.updated_at, mb.last_activity_at) ELSE mb.left_at END)`;
    lastMessageAt = sql`(CASE WHEN ${details} THEN COALESCE(GREATEST(c.last_message_at, mb.last_activity_at), c.created_at) ELSE mb.left_at END)`;
  }
  // NOT IN over the viewer's bans is one hashed set per statement; a NOT EXISTS anti-join probed the
  // bans' index once per membership, a third of the ordering's cost for a user in 500 conversations
  where.push(sql`c.id NOT IN (SELECT b.conversation_id FROM bans b WHERE b.user_id = ${viewer})`);

  if (filter.ids) where.push(sql`c.id = ANY(${checkIds(filter.ids, 'filter.ids', maxIds)}::text[])`);
  if (filter.isGroup != null) where.push(sql`c.is_group = ${filter.isGroup}`);
  if (filter.type) where.push(sql`c.type::text = ${filter.type}`);
  if (filter.customTypes) {
    where.push(sql`${details} AND c.custom_type = ANY(${checkIds(filter.customTypes, 'filter.customTypes', maxIds)}::text[])`);
  }
  if (filter.search != null) {
    const search = filter.search.trim();
    if (search.length > 200) throw badInput('filter.search must be at most 200 characters.', 'filter.search');
    if (search) where.push(sql`c.title ILIKE ${likePattern(search)}`);
  }
  if (filter.memberIdsIncluded) {
    const ids = checkIds(filter.memberIdsIncluded, 'filter.memberIdsIncluded', maxIds);
    if (ids.length) {
      where.push(sql`${details} AND (SELECT count(*) FROM members x WHERE x.conversation_id = c.id AND x.left_at IS NULL
                       AND x.user_id = ANY(${ids}::text[])) = ${ids.length}`);
    }
  }
  if (filter.memberIdsExactly) {
    const given = checkIds(filter.memberIdsExactly, 'filter.memberIdsExactly', maxIds);
    // in the viewer's own list the viewer is one of the members
    const ids = filter.publicMode ? given : [...new Set([...given, viewer])];
    where.push(sql`${details} AND c.member_count = ${ids.length}`);
    where.push(sql`(SELECT count(*) FROM members x WHERE x.conversation_id = c.id AND x.left_at IS NULL
                     AND x.user_id = ANY(${ids}::text[])) = ${ids.length}`);
  }
  const tags = checkTags(filter.tags, 'filter.tags');
  if (tags?.length) where.push(sql`${details} AND c.tags && ${tags}::text[]`);
  if (filter.category != null) where.push(sql`${details} AND c.category = ${filter.category}`);

  const sortAt = order === 'LAST_MESSAGE_AT_DESC' ? lastMessageAt : updatedAt;
  const descending = order !== 'UPDATED_AT_ASC';
  const whereSql = join(where, ' AND ');

  return {
    /**
     * One page of rows (`limit`: the page's size + 1, to tell whether another follows), each with
     * its sort key and, in the viewer's own list, their member row and what `include` asks for,
     * in one statement.
     */
    page(request: ListPage, include: Include = {}): Prisma.Sql {
      // rows in the request's fetch direction: reversed when paging backwards
      const down = descending !== request.backward;
      let keyset = sql`TRUE`;
      const cursor = request.cursor;
      if (cursor) {
        keyset = down ? sql`(s."sortAt", s.id) < (${cursor.at}, ${cursor.id})` : sql`(s."sortAt", s.id) > (${cursor.at}, ${cursor.id})`;
      }
      const direction = raw(down ? 'DESC' : 'ASC');
      // the ordering reads every row of the list, so it takes only the keys; the page's own rows
      // then bring their columns (in the viewer's list, the conversation's are fetched again by id)
      const base = (columns: Prisma.Sql) => sql`
        SELECT * FROM (
          SELECT ${columns}, ${sortAt} AS "sortAt"
                 ${filter.publicMode ? Prisma.empty : sql`, mb.id AS "memberRowId"`}
            FROM ${from} WHERE ${whereSql}
        ) s
        WHERE ${keyset}
        ORDER BY s."sortAt" ${direction}, s.id ${direction}
        LIMIT ${request.limit} OFFSET ${request.offset}`;
      if (filter.publicMode) return base(conversationColumns('c'));
      return sql`
        WITH page AS (${base(sql`c.id`)})
        SELECT ${conversationColumns('c')}, page."sortAt", page."memberRowId", ${memberColumns('mb', 'member.')},
               EXISTS (SELECT 1 FROM watchers wt WHERE wt.conversation_id = c.id AND wt.user_id = ${viewer}
                         AND wt.expires_at > ${now}) AS "isWatching"
               ${inclusions(viewer, include, now)}
          FROM page JOIN conversations c ON c.id = page.id JOIN members mb ON mb.id = page."memberRowId"
         ORDER BY page."sortAt" ${direction}, page.id ${direction}`;
    },
    count(): Prisma.Sql {
      return sql`SELECT count(*)::int AS count FROM ${from} WHERE ${whereSql}`;
    },
  };
}
