// The permission table of API.md, in one place. Services ask `can(...)` or `assertCan(...)`;
// resolvers never decide rights. The generated permission test walks this same table, so every
// cell (kind × action × role) is exercised.
import { forbidden } from './errors.ts';
import { Prisma } from './generated/prisma/client.ts';

export const conversationKinds = ['oneToOne', 'privateGroup', 'publicGroup', 'open'] as const;
export type ConversationKind = (typeof conversationKinds)[number];

/** A user's standing in one conversation. A user can hold several at once (member and watcher). */
export const roles = ['owner', 'admin', 'member', 'watcher', 'other', 'banned'] as const;
export type Role = (typeof roles)[number];

/** Who a cell allows. */
type Rule =
  | 'nobody'
  | 'members' // owner, admins and members
  | 'admins' // owner and admins
  | 'everyone' // any user who is not banned
  | 'membersAndWatchers'
  | 'messageOwner' // decided per message: see canOnMessage
  | 'withInvitationCode'; // nobody, except with the conversation's invitation code

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

/** API.md, "Conversation kinds and who may do what", row by row. */
export const permissionTable: Record<Action, Record<ConversationKind, Rule>> = {
  read: { oneToOne: 'members', privateGroup: 'members', publicGroup: 'everyone', open: 'everyone' },
  manageMembers: { oneToOne: 'nobody', privateGroup: 'admins', publicGroup: 'admins', open: 'admins' },
  join: { oneToOne: 'nobody', privateGroup: 'withInvitationCode', publicGroup: 'everyone', open: 'nobody' },
  leave: { oneToOne: 'nobody', privateGroup: 'members', publicGroup: 'members', open: 'members' },
  watch: { oneToOne: 'nobody', privateGroup: 'members', publicGroup: 'members', open: 'everyone' },
  send: { oneToOne: 'members', privateGroup: 'members', publicGroup: 'members', open: 'membersAndWatchers' },
  deleteOwnCopy: { oneToOne: 'members', privateGroup: 'members', publicGroup: 'nobody', open: 'nobody' },
  deleteForEveryone: {
    oneToOne: 'messageOwner',
    privateGroup: 'messageOwner',
    publicGroup: 'messageOwner',
    open: 'messageOwner',
  },
  react: { oneToOne: 'members', privateGroup: 'members', publicGroup: 'members', open: 'membersAndWatchers' },
  manageConversation: { oneToOne: 'nobody', privateGroup: 'admins', publicGroup: 'admins', open: 'admins' },
  pin: { oneToOne: 'members', privateGroup: 'admins', publicGroup: 'admins', open: 'admins' },
  moderate: { oneToOne: 'nobody', privateGroup: 'admins', publicGroup: 'admins', open: 'admins' },
};

/** What the sentence "you may not ..." says for each action. */
const actionPhrases: Record<Action, string> = {
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

export interface KindSource {
  type: 'PRIVATE' | 'PUBLIC' | 'OPEN';
  isGroup: boolean;
}

export function kindOf(conversation: KindSource): ConversationKind {
  if (conversation.type === 'OPEN') return 'open';
  if (conversation.type === 'PUBLIC') return 'publicGroup';
  return conversation.isGroup ? 'privateGroup' : 'oneToOne';
}

export interface Standing {
  roles: ReadonlySet<Role>;
  /** the action is joinConversation and the right invitation code was given */
  hasInvitationCode?: boolean;
  /** the action is on one message and the viewer sent it */
  ownsMessage?: boolean;
}

function allows(rule: Rule, standing: Standing): boolean {
  const has = (role: Role) => standing.roles.has(role);
  if (has('banned')) return false;
  const member = has('owner') || has('admin') || has('member');
  switch (rule) {
    case 'nobody':
      return false;
    case 'members':
      return member;
    case 'admins':
      return has('owner') || has('admin');
    case 'everyone':
      return true;
    case 'membersAndWatchers':
      return member || has('watcher');
    case 'messageOwner':
      return standing.ownsMessage === true;
    case 'withInvitationCode':
      return standing.hasInvitationCode === true;
  }
}

export function can(action: Action, conversation: KindSource, standing: Standing): boolean {
  return allows(permissionTable[action][kindOf(conversation)], standing);
}

export function assertCan(action: Action, conversation: KindSource, standing: Standing): void {
  if (can(action, conversation, standing)) return;
  if (standing.roles.has('banned')) {
    throw forbidden(`You are banned from this conversation, so you may not ${actionPhrases[action]}.`);
  }
  throw forbidden(`You may not ${actionPhrases[action]}.`);
}

/** The roles of a user from their membership, ban and watch state in one conversation. */
export function standingOf(state: {
  memberRole?: 'OWNER' | 'ADMIN' | 'MEMBER' | null;
  isBanned?: boolean;
  isWatching?: boolean;
}): Set<Role> {
  const result = new Set<Role>();
  if (state.isBanned) result.add('banned');
  if (state.memberRole === 'OWNER') result.add('owner').add('admin');
  else if (state.memberRole === 'ADMIN') result.add('admin');
  else if (state.memberRole === 'MEMBER') result.add('member');
  if (state.isWatching) result.add('watcher');
  if (result.size === 0) result.add('other');
  return result;
}

/** Rules beyond the table: what only the owner may do (transfer ownership, remove or ban an admin). */
export function assertOwner(standing: Standing, what: string): void {
  if (!standing.roles.has('owner') || standing.roles.has('banned')) {
    throw forbidden(`Only the owner may ${what}.`);
  }
}

/**
 * Acting on another member (remove, ban, mute): the owner is out of anyone's reach, and only the
 * owner may act on an admin.
 */
export function assertCanActOn(standing: Standing, targetRole: 'OWNER' | 'ADMIN' | 'MEMBER', verb: string): void {
  if (targetRole === 'OWNER') throw forbidden(`The owner cannot be ${verb}; transfer ownership first.`);
  if (targetRole === 'ADMIN' && !standing.roles.has('owner')) throw forbidden(`Only the owner may have an admin ${verb}.`);
}

/** A member's push setting: the member themself, an admin of the conversation, or the API key. */
export function assertCanSetPush(standing: Standing, isSelf: boolean, isApiKey: boolean): void {
  if (isApiKey || (isSelf && !standing.roles.has('banned'))) return;
  if (standing.roles.has('banned') || !(standing.roles.has('owner') || standing.roles.has('admin'))) {
    throw forbidden("Only the member, an admin or the API key may change a member's push notifications.");
  }
}

/** The viewer's standing in a conversation as SQL booleans, for canSql(). */
export interface StandingSql {
  /** the conversation row's alias */
  conversation: string;
  isOwner: Prisma.Sql;
  isAdmin: Prisma.Sql;
  isMember: Prisma.Sql;
  isWatching: Prisma.Sql;
  isBanned: Prisma.Sql;
}

function ruleSql(rule: Rule, s: StandingSql): Prisma.Sql {
  switch (rule) {
    case 'nobody':
      return Prisma.sql`FALSE`;
    case 'members':
      return Prisma.sql`(${s.isOwner} OR ${s.isAdmin} OR ${s.isMember})`;
    case 'admins':
      return Prisma.sql`(${s.isOwner} OR ${s.isAdmin})`;
    case 'everyone':
      return Prisma.sql`TRUE`;
    case 'membersAndWatchers':
      return Prisma.sql`(${s.isOwner} OR ${s.isAdmin} OR ${s.isMember} OR ${s.isWatching})`;
    case 'messageOwner':
    case 'withInvitationCode':
      throw new Error(`the rule ${rule} depends on more than the standing; decide it in code`);
  }
}

/**
 * can(action, ...) as a SQL condition, built from the same table, for statements that check and
 * write at once (a plain send). Code that refuses still asks can() for the reason.
 */
export function canSql(action: Action, s: StandingSql): Prisma.Sql {
  const c = Prisma.raw(s.conversation);
  const row = permissionTable[action];
  return Prisma.sql`(NOT ${s.isBanned} AND CASE
      WHEN ${c}.type = 'OPEN' THEN ${ruleSql(row.open, s)}
      WHEN ${c}.type = 'PUBLIC' THEN ${ruleSql(row.publicGroup, s)}
      WHEN ${c}.is_group THEN ${ruleSql(row.privateGroup, s)}
      ELSE ${ruleSql(row.oneToOne, s)} END)`;
}
