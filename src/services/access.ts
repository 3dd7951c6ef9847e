// A viewer's standing in one conversation (membership, ban, watch), and the window of message
// sequence numbers they may see. Every read path (lists, counts, search, lastMessage, unread counts,
// subscriptions) takes its window from here, so history rules are decided once.
import type { Tx } from '../db/client.ts';
import { select } from '../db/sql.ts';
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
/**
 * windowFor() in SQL, for a member row `mb` of conversation `c` (the viewer's list, where a
 * member row always exists and banned users are left out). The two must agree: the property test
 * reads unread counts through both.
 */
export function windowSql(c: string, mb: string): { after: Prisma.Sql; upTo: Prisma.Sql } {
  const [C, M] = [Prisma.raw(c), Prisma.raw(mb)];
  return {
    after: Prisma.sql`GREATEST(${M}.cleared_seq, CASE WHEN NOT ${C}.hide_messages_before_join THEN 0
      WHEN ${M}.left_at IS NULL OR ${C}.type = 'PRIVATE' THEN ${M}.join_seq ELSE ${C}.last_seq END)`,
    upTo: Prisma.sql`(CASE WHEN ${M}.left_at IS NOT NULL AND ${C}.type = 'PRIVATE' THEN ${M}.left_seq END)`,
  };
}

export async function fetchAccesses(
  /** a transaction to read in, or null to read outside one */
  db: Tx | null,
  userId: string | null,
  conversationIds: readonly string[],
  options: { lock?: boolean; now?: Date } = {},
): Promise<Map<string, Access>> {
  const now = options.now ?? new Date();
  const sql = Prisma.sql`
    SELECT ${conversationColumns('c', 'c.')}, ${memberColumns('mb', 'member.')},
           EXISTS (SELECT 1 FROM bans b WHERE b.conversation_id = c.id AND b.user_id = ${userId}) AS "isBanned",
           EXISTS (SELECT 1 FROM watchers wt WHERE wt.conversation_id = c.id AND wt.user_id = ${userId}
                     AND wt.expires_at > ${now}) AS "isWatching"
      FROM conversations c
      LEFT JOIN members mb ON mb.conversation_id = c.id AND mb.user_id = ${userId}
     WHERE c.id = ANY(${[...conversationIds]}::text[])
     ${options.lock ? Prisma.sql`FOR UPDATE OF c` : Prisma.empty}`;
  const rows = db ? await db.$queryRaw<Record<string, unknown>[]>(sql) : await select<Record<string, unknown>>(sql);
  const result = new Map<string, Access>();
  for (const row of rows) {
    const conversation = pick<Conversation>(row, 'c.', 'conversation')!;
    const member = pick<Member>(row, 'member.', 'member');
    result.set(conversation.id, accessFrom(conversation, member, row.isBanned === true, row.isWatching === true));
  }
  return result;
}

export async function loadAccess(
  userId: string,
  conversationId: string,
  options: { db?: Tx; lock?: boolean; now?: Date } = {},
): Promise<Access> {
  const access = (await fetchAccesses(options.db ?? null, userId, [conversationId], options)).get(conversationId);
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
