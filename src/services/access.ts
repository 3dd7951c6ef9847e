// A viewer's standing in one conversation (membership, ban, watch), and the window of message
// sequence numbers they may see. Every read path (lists, counts, search, lastMessage, unread counts,
// subscriptions) takes its window from here, so history rules are decided once.
import { prisma, type Tx } from '../db/client.ts';
import { Prisma, type Conversation, type Member } from '../generated/prisma/client.ts';
import { conversationColumns, memberColumns, pick } from '../db/columns.ts';
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

/**
 * The viewer's access to each conversation, in one statement. With `lock`, the conversation rows are
 * locked until the transaction ends: membership changes and sends of one conversation are then
 * serialised (member cap, seq order).
 */
export async function fetchAccesses(
  db: Tx,
  userId: string | null,
  conversationIds: readonly string[],
  options: { lock?: boolean; now?: Date } = {},
): Promise<Map<string, Access>> {
  const now = options.now ?? new Date();
  const rows = await db.$queryRaw<Record<string, unknown>[]>`
    SELECT ${conversationColumns('c', 'c.')}, ${memberColumns('mb', 'member.')},
           EXISTS (SELECT 1 FROM bans b WHERE b.conversation_id = c.id AND b.user_id = ${userId}) AS "isBanned",
           EXISTS (SELECT 1 FROM watchers wt WHERE wt.conversation_id = c.id AND wt.user_id = ${userId}
                     AND wt.expires_at > ${now}) AS "isWatching"
      FROM conversations c
      LEFT JOIN members mb ON mb.conversation_id = c.id AND mb.user_id = ${userId}
     WHERE c.id = ANY(${[...conversationIds]}::text[])
     ${options.lock ? Prisma.sql`FOR UPDATE OF c` : Prisma.empty}`;
  const result = new Map<string, Access>();
  for (const row of rows) {
    const conversation = pick<Conversation>(row, 'c.')!;
    const member = pick<Member>(row, 'member.');
    result.set(conversation.id, accessFrom(conversation, member, row.isBanned === true, row.isWatching === true));
  }
  return result;
}

export async function loadAccess(
  userId: string,
  conversationId: string,
  options: { db?: Tx; lock?: boolean; now?: Date } = {},
): Promise<Access> {
  const access = (await fetchAccesses(options.db ?? prisma, userId, [conversationId], options)).get(conversationId);
  if (!access) throw notFound('Conversation', conversationId);
  return access;
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
