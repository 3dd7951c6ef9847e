// The rules of access/rules.ts as SQL, for statements that decide over many rows at once: message
// lists and counts, the inbox (windows, unread counts, last messages), the one-statement send.
// Nothing here restates a rule; each fragment is compiled from the rule itself.
import { Prisma } from '../generated/prisma/client.ts';
import { compileSql, type Expr, type SqlScope } from './expr.ts';
import { canRule, type Action } from './permissions.ts';
import { isMutedNow, mayRead, messageUnread, messageVisible, sendChecks, windowAfter, windowUpTo, type SendRefusal } from './rules.ts';
import type { SeqWindow } from './access.ts';

const { sql } = Prisma;

/** The facts of a viewer in conversation `c` with member row `mb`, as SQL (bans, watches, first read). */
function factsSql(c: string, viewerId: string | null, now: Date) {
  const C = Prisma.raw(c);
  return {
    viewerId: sql`${viewerId}::text`,
    banned: sql`EXISTS (SELECT 1 FROM bans b WHERE b.conversation_id = ${C}.id AND b.user_id = ${viewerId})`,
    watching: sql`EXISTS (SELECT 1 FROM watchers wt WHERE wt.conversation_id = ${C}.id AND wt.user_id = ${viewerId} AND wt.expires_at > ${now})`,
    readerSince: sql`(SELECT r.since_seq FROM readers r WHERE r.conversation_id = ${C}.id AND r.user_id = ${viewerId})`,
    ownsMessage: sql`FALSE`,
    hasInvitationCode: sql`FALSE`,
  };
}

function conversationScope(c: string, mb: string, viewerId: string | null, now: Date): SqlScope {
  return {
    tables: { c: { model: 'Conversation', alias: c }, mb: { model: 'Member', alias: mb } },
    params: factsSql(c, viewerId, now),
  };
}

/** A viewer's window in conversation `c` (member row `mb`, possibly a LEFT JOIN miss), and whether they may read at all. */
export function windowSql(c: string, mb: string, viewerId: string, now = new Date()) {
  const scope = conversationScope(c, mb, viewerId, now);
  return {
    mayRead: compileSql(mayRead, scope),
    after: compileSql(windowAfter, scope),
    upTo: compileSql(windowUpTo, scope),
  };
}

function messageScope(m: string, window: { after: Prisma.Sql; upTo: Prisma.Sql }, viewerId: string, extra?: SqlScope): SqlScope {
  const M = Prisma.raw(m);
  return {
    tables: { ...extra?.tables, m: { model: 'Message', alias: m } },
    params: {
      ...extra?.params,
      viewerId: sql`${viewerId}::text`,
      after: window.after,
      upTo: window.upTo,
      hidden: sql`EXISTS (SELECT 1 FROM hidden_messages h WHERE h.user_id = ${viewerId} AND h.message_id = ${M}.id)`,
    },
  };
}

/** Bound values of a window computed in TypeScript. */
export function boundWindow(window: SeqWindow) {
  return { after: sql`${window.after}::int`, upTo: window.upTo === null ? sql`NULL::int` : sql`${window.upTo}::int` };
}

/** Message `m` is one the viewer sees, within `window` (bound values, or SQL of the statement). */
export function messageVisibleSql(m: string, window: { after: Prisma.Sql; upTo: Prisma.Sql }, viewerId: string): Prisma.Sql {
  return compileSql(messageVisible, messageScope(m, window, viewerId));
}

/** Message `m` counts as unread for the viewer whose member row is `mb`. */
export function messageUnreadSql(m: string, mb: string, window: { after: Prisma.Sql; upTo: Prisma.Sql }, viewerId: string): Prisma.Sql {
  return compileSql(messageUnread, messageScope(m, window, viewerId, { tables: { mb: { model: 'Member', alias: mb } }, params: {} }));
}

/** A member row `mb` is muted by an admin at `now`. */
export function mutedSql(mb: string, now: Date): Prisma.Sql {
  return compileSql(isMutedNow, { tables: { mb: { model: 'Member', alias: mb } }, params: { now: sql`${now}::timestamp` } });
}

/** The table's right as SQL, for conversation `c` and the viewer's member row `mb`. */
export function canSql(action: Action, c: string, mb: string, viewerId: string | null, now = new Date()): Prisma.Sql {
  return compileSql(canRule(action), conversationScope(c, mb, viewerId, now));
}

/**
 * The first refusal of the send right as SQL text (null: may send), for the conversation `c`, the
 * viewer's member row `mb` and their count of recent messages.
 */
export function sendRefusalSql(c: string, mb: string, viewerId: string, now: Date, recentCount: Prisma.Sql): Prisma.Sql {
  const scope = conversationScope(c, mb, viewerId, now);
  scope.params.now = sql`${now}::timestamp`;
  scope.params.recentCount = recentCount;
  const whens = sendChecks.map(
    (check: { refusal: SendRefusal; rule: Expr }) => sql`WHEN ${compileSql(check.rule, scope)} IS NOT TRUE THEN ${check.refusal}`,
  );
  return sql`(CASE ${Prisma.join(whens, ' ')} ELSE NULL END)`;
}
