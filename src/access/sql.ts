// The rules of access/rules.ts as SQL, for statements that decide over many rows at once: message
// lists and counts, the inbox (windows, unread counts, last messages), the one-statement send.
// Nothing here restates a rule; each fragment is compiled from the rule itself.
import { Prisma } from '../generated/prisma/client.ts';
import { compileSql, type Expr, type SqlScope } from './expr.ts';
import {
  isForViewer,
  isMutedNow,
  mayRead,
  seesDetails,
  messageUnread,
  messageVisible,
  sendChecks,
  windowAfter,
  windowUpTo,
  type SendRefusal,
} from './rules.ts';
import type { SeqWindow } from './access.ts';

const { sql } = Prisma;

/** The app itself (the API key without x-user-id) as the viewer of a statement. */
export const appViewer = Object.freeze({ app: true as const });

/** Whose view a statement takes: a user id, SQL naming one per row, or the app; null: no one. */
export type SqlViewer = string | null | Prisma.Sql | typeof appViewer;

/**
 * The facts of a viewer in conversation `c` with member row `mb`, as SQL (bans, watches, first
 * read). `viewer`: a user id, SQL naming one per row (a column, for statements over many users),
 * or the app (no member row, no ban, the authority of the owner: access/permissions.ts).
 */
function factsSql(c: string, viewer: SqlViewer, now: Date | Prisma.Sql) {
  const C = Prisma.raw(c);
  const isApp = viewer === appViewer;
  const viewerId = isApp ? null : (viewer as string | null | Prisma.Sql);
  return {
    viewerId: sql`${viewerId}::text`,
    isApp: isApp ? sql`TRUE` : sql`FALSE`,
    banned: sql`EXISTS (SELECT 1 FROM bans b WHERE b.conversation_id = ${C}.id AND b.user_id = ${viewerId})`,
    watching: sql`EXISTS (SELECT 1 FROM watchers wt WHERE wt.conversation_id = ${C}.id AND wt.user_id = ${viewerId} AND wt.expires_at > ${now})`,
    readerSince: sql`(SELECT r.since_seq FROM readers r WHERE r.conversation_id = ${C}.id AND r.user_id = ${viewerId})`,
    ownsMessage: sql`FALSE`,
    hasInvitationCode: sql`FALSE`,
  };
}

function conversationScope(c: string, mb: string, viewerId: SqlViewer, now: Date | Prisma.Sql): SqlScope {
  return {
    tables: { c: { model: 'Conversation', alias: c }, mb: { model: 'Member', alias: mb } },
    params: factsSql(c, viewerId, now),
  };
}

/** The viewer sees the details of conversation `c` (members, settings, counts): not a former member. */
export function seesDetailsSql(c: string, mb: string, viewerId: SqlViewer, now = new Date()): Prisma.Sql {
  return compileSql(seesDetails, conversationScope(c, mb, viewerId, now));
}

/** A viewer's window in conversation `c` (member row `mb`, possibly a LEFT JOIN miss), and whether they may read at all. */
export function windowSql(c: string, mb: string, viewerId: SqlViewer, now = new Date()) {
  const scope = conversationScope(c, mb, viewerId, now);
  return {
    mayRead: compileSql(mayRead, scope),
    after: compileSql(windowAfter, scope),
    upTo: compileSql(windowUpTo, scope),
  };
}

/**
 * `countHidden`: the rule's `hidden` (a message the viewer deleted for themself) as FALSE, for a
 * count that takes the viewer's hidden messages off by itself (countUnreadSql).
 */
function messageScope(
  m: string,
  window: { after: Prisma.Sql; upTo: Prisma.Sql },
  viewer: SqlViewer,
  extra?: SqlScope,
  countHidden = false,
): SqlScope {
  const M = Prisma.raw(m);
  const isApp = viewer === appViewer;
  const viewerId = isApp ? null : (viewer as string | null | Prisma.Sql);
  return {
    tables: { ...extra?.tables, m: { model: 'Message', alias: m } },
    params: {
      ...extra?.params,
      viewerId: sql`${viewerId}::text`,
      isApp: isApp ? sql`TRUE` : sql`FALSE`,
      after: window.after,
      upTo: window.upTo,
      // the app keeps no copy of its own to delete messages from
      // by conversation and seq (the row keeps both, and neither changes): the probe uses the
      // (user_id, conversation_id, seq) index, not a scan of the viewer's deleted copies per message
      hidden:
        isApp || countHidden
          ? sql`FALSE`
          : sql`EXISTS (SELECT 1 FROM hidden_messages h WHERE h.user_id = ${viewerId} AND h.conversation_id = ${M}.conversation_id AND h.seq = ${M}.seq)`,
    },
  };
}

/**
 * The active member whose row is `mb` sees message `m` of conversation `c`: they may read the
 * conversation and the message is in their window and for them. For statements over all the
 * members of a conversation at once (who a new message may be pushed to).
 */
export function memberSeesMessageSql(c: string, mb: string, m: string, now: Date): Prisma.Sql {
  const viewer = Prisma.raw(`${mb}.user_id`);
  const scope = conversationScope(c, mb, viewer, now);
  const window = { after: compileSql(windowAfter, scope), upTo: compileSql(windowUpTo, scope) };
  return sql`(${compileSql(mayRead, scope)} AND ${compileSql(messageVisible, messageScope(m, window, viewer))})`;
}

/** Bound values of a window computed in TypeScript. */
export function boundWindow(window: SeqWindow) {
  return { after: sql`${window.after}::int`, upTo: window.upTo === null ? sql`NULL::int` : sql`${window.upTo}::int` };
}

/** Message `m` is one the viewer sees, within `window` (bound values, or SQL of the statement). */
export function messageVisibleSql(m: string, window: { after: Prisma.Sql; upTo: Prisma.Sql }, viewerId: SqlViewer): Prisma.Sql {
  return compileSql(messageVisible, messageScope(m, window, viewerId));
}

/** Message `m` is for the user `userSql` (it has no recipients, or they sent it or are one of them). */
export function messageForUserSql(m: string, userSql: Prisma.Sql): Prisma.Sql {
  return compileSql(isForViewer, { tables: { m: { model: 'Message', alias: m } }, params: { viewerId: userSql, isApp: sql`FALSE` } });
}

/**
 * How many messages of conversation `c` count as unread for the viewer (member row `mb`, window
 * `window`, `mayRead` whether they may read `c`), as a scalar subquery. The rule's `hidden` is a
 * probe per message: an inbox row with 58 unread messages made 58 of them, 0.15 of its 0.19 ms in
 * PostgreSQL. So the rule runs with hidden as FALSE over the conversation's messages, and the
 * viewer's hidden messages that pass it are taken off, found from their own rows (one index scan,
 * usually empty). The same count: a hidden row is keyed by (user, message), so each message is
 * taken off at most once, and it names the message by id as `hidden` does by conversation and seq
 * (written together, and a message keeps both).
 */
export function countUnreadSql(
  c: string,
  mb: string,
  window: { after: Prisma.Sql; upTo: Prisma.Sql; mayRead: Prisma.Sql },
  viewerId: string,
): Prisma.Sql {
  const scope = messageScope('m', window, viewerId, { tables: { mb: { model: 'Member', alias: mb } }, params: {} }, true);
  const unreadIfShown = compileSql(messageUnread, scope);
  const C = Prisma.raw(c);
  return sql`((SELECT count(*)::int FROM messages m WHERE m.conversation_id = ${C}.id AND ${window.mayRead} AND ${unreadIfShown})
             - (SELECT count(*)::int FROM hidden_messages h JOIN messages m ON m.id = h.message_id
                 WHERE h.user_id = ${viewerId} AND h.conversation_id = ${C}.id AND m.conversation_id = ${C}.id
                   AND ${window.mayRead} AND ${unreadIfShown}))`;
}

/** A member row `mb` is muted by an admin at `now`. */
export function mutedSql(mb: string, now: Date): Prisma.Sql {
  return compileSql(isMutedNow, { tables: { mb: { model: 'Member', alias: mb } }, params: { now: sql`${now}::timestamp` } });
}

/**
 * The first refusal of the send right as SQL text (null: may send), for the conversation `c`, the
 * viewer's member row `mb` and their count of recent messages. The viewer and the time may be
 * SQL of the statement, so a statement can compile it once and bind them per run.
 */
export function sendRefusalSql(
  c: string,
  mb: string,
  viewerId: string | Prisma.Sql,
  now: Date | Prisma.Sql,
  recentCount: Prisma.Sql,
): Prisma.Sql {
  const scope = conversationScope(c, mb, viewerId, now);
  scope.params.now = sql`${now}::timestamp`;
  scope.params.recentCount = recentCount;
  const whens = sendChecks.map(
    (check: { refusal: SendRefusal; rule: Expr }) => sql`WHEN ${compileSql(check.rule, scope)} IS NOT TRUE THEN ${check.refusal}`,
  );
  return sql`(CASE ${Prisma.join(whens, ' ')} ELSE NULL END)`;
}

/** Columns of a message whose value a former member sees as it was when they left. */
type AsSeenColumn = 'body' | 'custom_type' | 'attachment_types' | 'updated_at' | 'pinned_at';

/**
 * Column `column` of message `m` as the viewer sees it: for a former member (`asOf`: when they
 * left), the content a later edit replaced, no later pin, and no later change time; a recall
 * reaches everyone. Filters and orders over these columns use it, so a former member's list is
 * never shaped by what they may not see.
 */
export function asSeenSql(m: string, column: AsSeenColumn, asOf: Date | null): Prisma.Sql {
  const M = Prisma.raw(m);
  const C = Prisma.raw(column);
  if (!asOf) return sql`${M}.${C}`;
  switch (column) {
    case 'updated_at':
      return sql`(CASE WHEN ${M}.deleted_at IS NULL THEN LEAST(${M}.updated_at, ${asOf}::timestamp) ELSE ${M}.updated_at END)`;
    case 'pinned_at':
      return sql`(CASE WHEN ${M}.pinned_at > ${asOf}::timestamp THEN NULL ELSE ${M}.pinned_at END)`;
    default:
      return sql`(CASE WHEN ${M}.deleted_at IS NULL AND ${M}.edited_at > ${asOf}::timestamp
        THEN (SELECT r.${C} FROM message_revisions r WHERE r.message_id = ${M}.id AND r.replaced_at > ${asOf}::timestamp
               ORDER BY r.replaced_at LIMIT 1)
        ELSE ${M}.${C} END)`;
  }
}

/** Full-text search over what the viewer sees of message `m` (see asSeenSql). */
export function searchMatchSql(m: string, search: string, asOf: Date | null): Prisma.Sql {
  const query = sql`websearch_to_tsquery('simple', ${search})`;
  if (!asOf) return sql`${Prisma.raw(m)}.search_vector @@ ${query}`;
  return sql`to_tsvector('simple', COALESCE(${asSeenSql(m, 'body', asOf)}, '')) @@ ${query}`;
}
