// The rules of API.md's privacy model ("What a viewer sees") and of sending, each defined once as
// a rule of access/expr.ts. Tables: `c` the conversation, `mb` the viewer's member row (absent:
// null), `m` a message. Facts: `viewerId`, `banned`, `watching`, `readerSince` (the seq at which a
// user who never was a member first read the conversation), `now`, `recentCount` (the viewer's
// messages inside the slow-mode window) and, per message, `hidden` (deleted for the viewer) and
// the window's `after` and `upTo`.
import {
  and,
  coalesce,
  col,
  eq,
  greatest,
  gt,
  has,
  isEmpty,
  isNull,
  le,
  lit,
  lt,
  ne,
  not,
  notNull,
  or,
  param,
  when,
  type Expr,
} from './expr.ts';
import { canRule, hasAuthority, isActiveMember, isApp, isBanned } from './permissions.ts';

const c = (field: string) => col('c', field);
const mb = (field: string) => col('mb', field);
const m = (field: string) => col('m', field);
const hasMemberRow = notNull(mb('id'));

// ---- what V may read of C ----

/** Left or was removed from a private conversation (and is not banned): keeps what they saw. */
export const isFormerPrivateMember: Expr = and(hasMemberRow, notNull(mb('leftAt')), eq(c('type'), lit('PRIVATE')), not(isBanned));

/** V reads C: the table's read right, or the history a former member of a private one keeps. */
export const mayRead: Expr = or(canRule('read'), isFormerPrivateMember);

/**
 * Everything about C beyond what an inbox row needs (members, watchers, lists, counts, settings):
 * for those who may read C now, not for former members.
 */
export const seesDetails: Expr = canRule('read');

/**
 * Where V began to read: a member (active or former) at their (last) joining; anyone else at their
 * first read, or now when they have not read yet.
 */
export const readStart: Expr = when(hasMemberRow, mb('joinSeq'), coalesce(param('readerSince'), c('lastSeq')));

/**
 * V sees messages with after < seq: past the clear mark and, with history hiding, past where V
 * began; the app sees the whole history.
 */
export const windowAfter: Expr = when(
  isApp,
  lit(0),
  greatest(coalesce(mb('clearedSeq'), lit(0)), when(c('hideMessagesBeforeJoin'), readStart, lit(0))),
);

/** ... and seq <= upTo: a former member of a private conversation sees what was sent before they left. */
export const windowUpTo: Expr = when(isFormerPrivateMember, mb('leftSeq'), lit(null));

// ---- what V sees of M ----

/** A message with recipients is seen by them and its sender only (and the app, which sees every message). */
export const isForViewer: Expr = or(
  isApp,
  isEmpty(m('recipientIds')),
  eq(m('ownerId'), param('viewerId')),
  has(m('recipientIds'), param('viewerId')),
);

function seenAbove(lowerBound: Expr): Expr {
  return and(gt(m('seq'), lowerBound), or(isNull(param('upTo')), le(m('seq'), param('upTo'))), isForViewer, not(param('hidden')));
}

/** V sees M (given that V may read C, with its window in `after` and `upTo`). */
export const messageVisible: Expr = seenAbove(param('after'));

/**
 * M counts as unread for V: V has a copy of the conversation (a member row, active or former), M is
 * visible, past V's read position, not V's own, not recalled, and sent to count
 * (events.updateUnreadCount, config.readEvents). One lower bound, so an index scan starts at the
 * read position.
 */
export const messageUnread: Expr = and(
  hasMemberRow,
  seenAbove(greatest(param('after'), mb('lastReadSeq'))),
  eq(m('countsUnread'), lit(true)),
  isNull(m('deletedAt')),
  or(isNull(m('ownerId')), ne(m('ownerId'), param('viewerId'))),
);

// ---- the send right: the table, then the conversation's and the member's state ----

export type SendRefusal = 'banned' | 'notAllowed' | 'frozen' | 'conversationMuted' | 'muted' | 'slowMode';

/** The whole conversation is muted (muteConversation) at `now`: only its admins (and the app) send. */
export const isConversationMutedNow: Expr = and(notNull(c('mutedAt')), or(isNull(c('mutedUntil')), gt(c('mutedUntil'), param('now'))));

export const isMutedNow: Expr = and(
  isActiveMember,
  notNull(mb('mutedAt')),
  or(isNull(mb('mutedUntil')), gt(mb('mutedUntil'), param('now'))),
);

/** The checks of the send right, in the order their refusal is reported. */
export const sendChecks: readonly { refusal: SendRefusal; rule: Expr }[] = [
  { refusal: 'banned', rule: not(isBanned) },
  { refusal: 'notAllowed', rule: canRule('send') },
  { refusal: 'frozen', rule: or(not(c('isFrozen')), hasAuthority) },
  { refusal: 'conversationMuted', rule: or(not(isConversationMutedNow), hasAuthority) },
  { refusal: 'muted', rule: not(isMutedNow) },
  {
    refusal: 'slowMode',
    rule: or(isNull(c('rateLimit')), isNull(c('rateLimitWindow')), hasAuthority, lt(param('recentCount'), c('rateLimit'))),
  },
];

/** Typing needs the send right but for slow mode: one may type while waiting for one's turn. */
export const typingChecks = sendChecks.filter((check) => check.refusal !== 'slowMode');
