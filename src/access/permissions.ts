// The permission table of API.md ("Conversation kinds and who may do what"), in one place. Each
// cell becomes a rule of access/expr.ts over the conversation row `c`, the viewer's member row
// `mb` and the facts `banned`, `watching` and `isApp`; the same rule answers in TypeScript (can())
// and in SQL (the one-statement send). test/permissions.test.ts walks every cell through GraphQL.
// The app (the API key without x-user-id) has the authority of the conversation's owner in every
// conversation, with no member row, for what a server integration does (appActions).
import { and, col, eq, FALSE, isNull, not, notNull, oneOf, or, param, TRUE, when, type Expr } from './expr.ts';

type ConversationKind = 'oneToOne' | 'privateGroup' | 'publicGroup' | 'open';

/** Who a cell allows. */
type Rule =
  | 'nobody'
  | 'members' // owner, admins and members
  | 'admins' // owner and admins
  | 'everyone' // any user who is not banned
  | 'membersAndWatchers'
  | 'messageOwner' // the sender of the message acted on (fact `ownsMessage`)
  | 'withInvitationCode'; // nobody, except with the conversation's invitation code (fact `hasInvitationCode`)

export const actions = [
  'read',
  'manageMembers',
  'join',
  'leave',
  'watch',
  'send',
  'deleteOwnCopy',
  'deleteForEveryone',
  'react',
  'manageConversation',
  'pin',
  'moderate',
] as const;
export type Action = (typeof actions)[number];

/** API.md, row by row. */
const permissionTable: Record<Action, Record<ConversationKind, Rule>> = {
  read: { oneToOne: 'members', privateGroup: 'members', publicGroup: 'everyone', open: 'everyone' },
  manageMembers: { oneToOne: 'nobody', privateGroup: 'admins', publicGroup: 'admins', open: 'admins' },
  join: { oneToOne: 'nobody', privateGroup: 'withInvitationCode', publicGroup: 'everyone', open: 'nobody' },
  leave: { oneToOne: 'nobody', privateGroup: 'members', publicGroup: 'members', open: 'members' },
  watch: { oneToOne: 'nobody', privateGroup: 'members', publicGroup: 'members', open: 'everyone' },
  send: { oneToOne: 'members', privateGroup: 'members', publicGroup: 'members', open: 'membersAndWatchers' },
  deleteOwnCopy: { oneToOne: 'members', privateGroup: 'members', publicGroup: 'nobody', open: 'nobody' },
  deleteForEveryone: { oneToOne: 'messageOwner', privateGroup: 'messageOwner', publicGroup: 'messageOwner', open: 'messageOwner' },
  react: { oneToOne: 'members', privateGroup: 'members', publicGroup: 'members', open: 'membersAndWatchers' },
  manageConversation: { oneToOne: 'nobody', privateGroup: 'admins', publicGroup: 'admins', open: 'admins' },
  pin: { oneToOne: 'members', privateGroup: 'admins', publicGroup: 'admins', open: 'admins' },
  moderate: { oneToOne: 'nobody', privateGroup: 'admins', publicGroup: 'admins', open: 'admins' },
};

/**
 * What the app may do in any conversation whose kind allows the action to anyone (not members
 * of a 1-to-1, say): read it, manage its members, admins and details, pin, moderate, recall
 * messages and post (ADMIN messages). Not what only a member does: join, leave, watch, delete
 * one's own copy, react.
 */
const appActions: ReadonlySet<Action> = new Set([
  'read',
  'manageMembers',
  'send',
  'deleteForEveryone',
  'manageConversation',
  'pin',
  'moderate',
]);

/** What the sentence "you may not ..." says for each action. */
export const actionPhrases: Record<Action, string> = {
  read: 'read this conversation',
  manageMembers: 'add or remove members of this conversation',
  join: 'join this conversation',
  leave: 'leave this conversation',
  watch: 'watch this conversation',
  send: 'send messages to this conversation',
  deleteOwnCopy: 'delete your copy of messages in this conversation',
  deleteForEveryone: 'delete this message for everyone',
  react: 'react to messages in this conversation',
  manageConversation: 'change the admins or details of this conversation',
  pin: 'pin or unpin messages in this conversation',
  moderate: 'ban, mute or freeze members of this conversation',
};

// ---- standing: the viewer's roles, from the member row `mb` and the facts `banned`, `watching` ----

/** An active member: a member row that has not left. */
export const isActiveMember: Expr = and(notNull(col('mb', 'id')), isNull(col('mb', 'leftAt')));
export const isOwner: Expr = and(isActiveMember, eq(col('mb', 'role'), { op: 'lit', value: 'OWNER' }));
export const isAdmin: Expr = and(isActiveMember, oneOf(col('mb', 'role'), ['OWNER', 'ADMIN']));
export const isBanned: Expr = param('banned');
/** The app itself acts (the API key without x-user-id): no member row, the owner's authority. */
export const isApp: Expr = param('isApp');
/** The conversation's owner or an admin, or the app: who slow mode and a freeze do not stop. */
export const hasAuthority: Expr = or(isAdmin, isApp);
const isWatching: Expr = param('watching');

// ---- kinds ----

const isType = (type: 'PRIVATE' | 'PUBLIC' | 'OPEN') => eq(col('c', 'type'), { op: 'lit', value: type });

/** A rule per kind, as one expression over the conversation row. */
function byKind(rules: Record<ConversationKind, Expr>): Expr {
  return when(
    isType('OPEN'),
    rules.open,
    when(isType('PUBLIC'), rules.publicGroup, when(col('c', 'isGroup'), rules.privateGroup, rules.oneToOne)),
  );
}

function ruleExpr(rule: Rule): Expr {
  switch (rule) {
    case 'nobody':
      return FALSE;
    case 'members':
      return isActiveMember;
    case 'admins':
      return isAdmin;
    case 'everyone':
      return TRUE;
    case 'membersAndWatchers':
      return or(isActiveMember, isWatching);
    case 'messageOwner':
      return eq(param('ownsMessage'), { op: 'lit', value: true });
    case 'withInvitationCode':
      return eq(param('hasInvitationCode'), { op: 'lit', value: true });
  }
}

const canRules = new Map<Action, Expr>();

/** The table's row for `action` as one rule: no banned user may do anything; the app its actions. */
export function canRule(action: Action): Expr {
  let rule = canRules.get(action);
  if (!rule) {
    const row = permissionTable[action];
    const forUsers = and(
      not(isBanned),
      byKind({
        oneToOne: ruleExpr(row.oneToOne),
        privateGroup: ruleExpr(row.privateGroup),
        publicGroup: ruleExpr(row.publicGroup),
        open: ruleExpr(row.open),
      }),
    );
    // the app has the owner's authority where the kind lets anyone do it at all: no one adds
    // members to a 1-to-1 or bans in one, the app included
    const kindAllows = (rule: Rule) => (rule === 'nobody' ? FALSE : TRUE);
    const forApp = and(
      isApp,
      byKind({
        oneToOne: kindAllows(row.oneToOne),
        privateGroup: kindAllows(row.privateGroup),
        publicGroup: kindAllows(row.publicGroup),
        open: kindAllows(row.open),
      }),
    );
    rule = appActions.has(action) ? or(forApp, forUsers) : and(not(isApp), forUsers);
    canRules.set(action, rule);
  }
  return rule;
}
