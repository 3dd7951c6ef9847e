// A viewer's standing in one conversation (membership, ban, watch), and the window of message
// sequence numbers they may see. Every read path (lists, counts, search, lastMessage, unread counts,
// subscriptions) takes its window from here, so history rules are decided once.
import { prisma, type Tx } from '../db/client.ts';
import type { Conversation, Member } from '../generated/prisma/client.ts';
import { notFound } from '../errors.ts';
import { assertCan, can, standingOf, type Action, type Standing } from '../policy.ts';

/** Messages with after < seq <= upTo (upTo null: no upper bound). */
export interface SeqWindow {
  after: number;
  upTo: number | null;
}

export interface Access {
  conversation: Conversation;
  /** the viewer's membership row, active or left; null when they never joined */
  member: Member | null;
  isActiveMember: boolean;
  isBanned: boolean;
  isWatching: boolean;
  standing: Standing;
  /** what the viewer may read; null when they may read nothing */
  window: SeqWindow | null;
}

export function isActive(member: Pick<Member, 'leftAt'> | null | undefined): boolean {
  return !!member && member.leftAt === null;
}

/**
 * The messages a user may read. Members see from their clear mark (and, with history hiding, from
 * their joining); former members of private conversations keep what they saw until they left;
 * readers of public and open conversations who are not members see everything, or nothing from
 * before now when history is hidden.
 */
export function windowFor(access: Omit<Access, 'window'>): SeqWindow | null {
  const { conversation: c, member: m } = access;
  if (access.isBanned) return null;
  const cleared = m?.clearedSeq ?? 0;
  if (m && isActive(m)) {
    return { after: Math.max(cleared, c.hideMessagesBeforeJoin ? m.joinSeq : 0), upTo: null };
  }
  if (can('read', c, access.standing)) {
    return { after: Math.max(cleared, c.hideMessagesBeforeJoin ? c.lastSeq : 0), upTo: null };
  }
  if (m && m.leftSeq !== null) {
    return { after: Math.max(cleared, c.hideMessagesBeforeJoin ? m.joinSeq : 0), upTo: m.leftSeq };
  }
  return null;
}

export async function loadAccess(
  userId: string,
  conversationId: string,
  options: { db?: Tx; lock?: boolean; now?: Date } = {},
): Promise<Access> {
  const db = options.db ?? prisma;
  if (options.lock) {
    // serialises membership changes and sends of one conversation (member cap, seq order)
    await db.$queryRaw`SELECT id FROM conversations WHERE id = ${conversationId} FOR UPDATE`;
  }
  const now = options.now ?? new Date();
  const conversation = await db.conversation.findUnique({
    where: { id: conversationId },
    include: {
      members: { where: { userId }, take: 1 },
      bans: { where: { userId }, take: 1, select: { userId: true } },
      watchers: { where: { userId, expiresAt: { gt: now } }, take: 1, select: { id: true } },
    },
  });
  if (!conversation) throw notFound('Conversation', conversationId);
  const { members, bans, watchers, ...rest } = conversation;
  return accessFrom(rest, members[0] ?? null, bans.length > 0, watchers.length > 0);
}

export function accessFrom(
  conversation: Conversation,
  member: Member | null,
  isBanned: boolean,
  isWatching: boolean,
): Access {
  const active = isActive(member);
  const standing: Standing = {
    roles: standingOf({ memberRole: active ? member!.role : null, isBanned, isWatching }),
  };
  const partial = { conversation, member, isActiveMember: active, isBanned, isWatching, standing };
  return { ...partial, window: windowFor(partial) };
}

/** The window, or FORBIDDEN with the policy's reason. */
export function assertReadable(access: Access): SeqWindow {
  if (access.window) return access.window;
  assertCan('read', access.conversation, access.standing);
  // policy allowed reading yet no window: cannot happen, but never read without one
  throw new Error('read allowed without a window');
}

export function assertAction(access: Access, action: Action, extra: Partial<Standing> = {}): void {
  assertCan(action, access.conversation, { ...access.standing, ...extra });
}
