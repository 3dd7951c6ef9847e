// Channel controls of the admins (TalkPlus, Amity): ban, mute (with expiry), mute all, freeze,
// invitation codes, per-member push settings.
import { select } from '../db/sql.ts';
import type { Context } from '../context.ts';
import { isApiKey, viewerId } from '../context.ts';
import { Prisma, type Conversation, type Member, type User } from '../generated/prisma/client.ts';
import { prisma } from '../db/client.ts';
import { memberColumns, userColumns } from '../db/columns.ts';
import { isAdminRole } from './members.ts';
import { direction, encodeCursor, keysetAfter, pageRequest, toConnection, type PageArgs } from './pagination.ts';
import { badInput, forbidden, notFound } from '../errors.ts';
import { clock } from '../clock.ts';
import { mutedSql } from '../access/sql.ts';
import { assertAction, assertCanActOn, assertCanSetPush, fetchAccesses, loadAccess, type Access } from '../access/access.ts';
import { postAdminMessage } from './admin-messages.ts';
import { newInvitationCode } from './conversations.ts';
import { change, deactivateMembers, type ConversationChange } from './membership.ts';
import { publishMembersChanged, publishSettingsChanged } from './publish.ts';
import { transaction } from './transaction.ts';
import { assertUsersExist } from './users.ts';
import { checkIds, checkIntRange } from './validate.ts';

/** A moderation action: a conversation change that needs the `moderate` right, on the rules' clock. */
function moderate(ctx: Context, conversationId: string, work: ConversationChange): Promise<Conversation> {
  return change(
    ctx,
    conversationId,
    async (tx, outbox, access, viewer, now) => {
      assertAction(access, 'moderate');
      await work(tx, outbox, access, viewer, now);
    },
    clock.now(),
  );
}

function targetIds(ctx: Context, userIds: readonly string[], viewer: string): string[] {
  const ids = checkIds(userIds, 'userIds', ctx.config.limits.idsPerRequest);
  if (ids.length === 0) throw badInput('userIds must name at least one user.', 'userIds');
  if (ids.includes(viewer)) throw badInput('You cannot do this to yourself.', 'userIds');
  return ids;
}

function assertCanModerate(access: Access, targets: Member[], verb: string): void {
  for (const target of targets) if (target.leftAt === null) assertCanActOn(access, target.role, verb);
}

/** Banned users are removed, and cannot join, be added, read or send until unbanned. */
export function banMembers(ctx: Context, conversationId: string, userIds: readonly string[]) {
  return moderate(ctx, conversationId, async (tx, outbox, access, viewer, now) => {
    const ids = targetIds(ctx, userIds, viewer);
    await assertUsersExist(tx, ids, 'userIds');
    const members = await tx.member.findMany({ where: { conversationId, userId: { in: ids } } });
    assertCanModerate(access, members, 'banned');
    await tx.ban.createMany({ data: ids.map((userId) => ({ conversationId, userId, bannedById: viewer })), skipDuplicates: true });
    await deactivateMembers(tx, access.conversation, ids, now);
    // banned users stop watching too, also in open conversations
    await tx.watcher.deleteMany({ where: { conversationId, userId: { in: ids } } });
    if (access.conversation.isGroup) {
      await postAdminMessage(tx, outbox, access.conversation, { type: 'admin_group_ban_members', actorId: viewer, objType: 'users', objValues: ids }, now);
    }
    publishMembersChanged(outbox, conversationId, 'banned', ids, viewer);
  });
}

export function unbanMembers(ctx: Context, conversationId: string, userIds: readonly string[]) {
  return moderate(ctx, conversationId, async (tx, outbox, access, viewer, now) => {
    const ids = targetIds(ctx, userIds, viewer);
    const { count } = await tx.ban.deleteMany({ where: { conversationId, userId: { in: ids } } });
    if (count === 0) return;
    if (access.conversation.isGroup) {
      await postAdminMessage(tx, outbox, access.conversation, { type: 'admin_group_unban_members', actorId: viewer, objType: 'users', objValues: ids }, now);
    }
    publishMembersChanged(outbox, conversationId, 'unbanned', ids, viewer);
  });
}

export const maxMuteMinutes = 525_600; // a year

/** A muted member cannot send until unmuted, or until expireInMinutes pass (0: until unmuted). */
export function muteMembers(ctx: Context, conversationId: string, userIds: readonly string[], expireInMinutes: number | null | undefined) {
  const minutes = checkIntRange(expireInMinutes ?? 0, 'expireInMinutes', 0, maxMuteMinutes)!;
  return moderate(ctx, conversationId, async (tx, outbox, access, viewer, now) => {
    const ids = targetIds(ctx, userIds, viewer);
    const members = await tx.member.findMany({ where: { conversationId, userId: { in: ids }, leftAt: null } });
    const found = new Set(members.map((m) => m.userId));
    const strangers = ids.filter((id) => !found.has(id));
    if (strangers.length) throw badInput(`Not a member of this conversation: ${strangers.join(', ')}.`, 'userIds');
    assertCanModerate(access, members, 'muted');
    await tx.member.updateMany({
      where: { conversationId, userId: { in: ids } },
      data: { mutedAt: now, mutedUntil: minutes > 0 ? new Date(now.getTime() + minutes * 60_000) : null },
    });
    publishMembersChanged(outbox, conversationId, 'muted', ids, viewer);
  });
}

export function unmuteMembers(ctx: Context, conversationId: string, userIds: readonly string[]) {
  return moderate(ctx, conversationId, async (tx, outbox, _access, viewer) => {
    const ids = targetIds(ctx, userIds, viewer);
    const { count } = await tx.member.updateMany({
      where: { conversationId, userId: { in: ids }, mutedAt: { not: null } },
      data: { mutedAt: null, mutedUntil: null },
    });
    if (count > 0) publishMembersChanged(outbox, conversationId, 'unmuted', ids, viewer);
  });
}

/** Everyone but the owner, until unmuted (an admin may still not be muted but by the owner). */
export function muteAllMembers(ctx: Context, conversationId: string) {
  return moderate(ctx, conversationId, async (tx, outbox, access, viewer, now) => {
    const isOwner = access.isOwner;
    const members = await tx.member.findMany({
      where: { conversationId, leftAt: null, role: { in: isOwner ? ['ADMIN', 'MEMBER'] : ['MEMBER'] }, userId: { not: viewer } },
      select: { userId: true },
    });
    const ids = members.map((m) => m.userId);
    if (ids.length === 0) return;
    await tx.member.updateMany({ where: { conversationId, userId: { in: ids } }, data: { mutedAt: now, mutedUntil: null } });
    publishMembersChanged(outbox, conversationId, 'muted', ids, viewer);
  });
}

/** While frozen, only admins send. */
export function freezeConversation(ctx: Context, conversationId: string, frozen: boolean) {
  return moderate(ctx, conversationId, async (tx, outbox, access, viewer, now) => {
    if (access.conversation.isFrozen === frozen) return;
    await tx.conversation.update({ where: { id: conversationId }, data: { isFrozen: frozen, updatedAt: now } });
    if (access.conversation.isGroup) {
      await postAdminMessage(tx, outbox, access.conversation, {
        type: frozen ? 'admin_group_freeze' : 'admin_group_unfreeze',
        actorId: viewer,
        objType: 'group',
        objValues: access.conversation.title,
      }, now);
    }
    publishSettingsChanged(outbox, conversationId, viewer);
  });
}

/** A new invitation code for a private group; the old one stops working. */
export async function regenerateInvitationCode(ctx: Context, conversationId: string): Promise<Conversation> {
  const viewer = viewerId(ctx);
  return transaction(async (tx) => {
    const access = await loadAccess(viewer, conversationId, { db: tx, lock: true });
    assertAction(access, 'manageConversation');
    if (access.conversation.type !== 'PRIVATE' || !access.conversation.isGroup) {
      throw badInput('Only private groups have invitation codes.', 'conversationId');
    }
    return tx.conversation.update({ where: { id: conversationId }, data: { invitationCode: newInvitationCode() } });
  });
}

/** Push notifications of one member: the member themself, an admin, or the API key. */
export async function setMemberPushNotifications(
  ctx: Context,
  conversationId: string,
  userId: string,
  enabled: boolean,
): Promise<Member> {
  const apiKey = isApiKey(ctx);
  const viewer = ctx.viewer?.userId ?? null;
  if (!apiKey) viewerId(ctx);
  return transaction(async (tx, outbox) => {
    const access = (await fetchAccesses(tx, viewer, [conversationId])).get(conversationId);
    if (!access) throw notFound('Conversation', conversationId);
    assertCanSetPush(access, viewer === userId, apiKey);
    const member = await tx.member.findFirst({ where: { conversationId, userId, leftAt: null } });
    if (!member) throw badInput(`${userId} is not a member of this conversation.`, 'userId');
    const updated = await tx.member.update({ where: { id: member.id }, data: { pushNotifications: enabled } });
    publishSettingsChanged(outbox, conversationId, viewer);
    return updated;
  });
}

/** Banned users, most recently banned last; for the conversation's admins. */
export async function bannedConnection(ctx: Context, conversation: Conversation, args: PageArgs) {
  const access = await ctx.loaders.access.load(conversation.id);
  if (!access.isActiveMember || !isAdminRole(access.member!.role)) {
    throw forbidden("Only the conversation's admins see who is banned.");
  }
  const request = pageRequest(args, ctx.config.limits.pageSize);
  const rows = await select<User & { bannedAt: Date }>(Prisma.sql`
    SELECT ${userColumns('u')}, b.created_at AS "bannedAt"
      FROM bans b JOIN users u ON u.id = b.user_id
     WHERE b.conversation_id = ${conversation.id} AND ${keysetAfter(request, Prisma.sql`(b.created_at, b.user_id)`)}
     ORDER BY b.created_at ${direction(request)}, b.user_id ${direction(request)}
     LIMIT ${request.size + 1}`);
  const page = toConnection(rows, request, (row) => encodeCursor([row.bannedAt.toISOString(), row.id]));
  return {
    pageInfo: page.pageInfo,
    edges: page.edges.map(({ cursor, node: { bannedAt: _at, ...user } }) => ({ cursor, node: user as User })),
    totalCount: () => prisma.ban.count({ where: { conversationId: conversation.id } }),
  };
}

/** Members muted now, in the order they were muted. */
export async function mutedConnection(ctx: Context, conversation: Conversation, args: PageArgs) {
  const request = pageRequest(args, ctx.config.limits.pageSize);
  const now = clock.now();
  const muted = Prisma.sql`m.conversation_id = ${conversation.id} AND ${mutedSql('m', now)}`;
  const rows = await select<Member>(Prisma.sql`
    SELECT ${memberColumns('m')} FROM members m
     WHERE ${muted} AND ${keysetAfter(request, Prisma.sql`(m.muted_at, m.id)`)}
     ORDER BY m.muted_at ${direction(request)}, m.id ${direction(request)}
     LIMIT ${request.size + 1}`);
  return {
    ...toConnection(rows, request, (row) => encodeCursor([row.mutedAt!.toISOString(), row.id])),
    totalCount: async () => {
      const [row] = await select<{ count: number }>(Prisma.sql`SELECT count(*)::int AS count FROM members m WHERE ${muted}`);
      return row?.count ?? 0;
    },
  };
}
