// The admins' controls over members (TalkPlus, Amity): ban and unban, mute (with expiry) and
// unmute, mute all. Each is a conversation change that needs the `moderate` right, and only the
// owner acts on an admin.
import type { Context } from '../context.ts';
import type { Conversation, Member } from '../generated/prisma/client.ts';
import { badInput } from '../errors.ts';
import { assertAction, assertCanActOn, userIdOf, type Access, type Viewer } from '../access/access.ts';
import { announceMemberChange } from '../conversations/admin-messages.ts';
import { publishMembersChanged } from '../live/publish.ts';
import { change, deactivateMembers, type ConversationChange } from '../conversations/membership.ts';
import { assertUsersExist } from '../users/users.ts';
import { checkIds, checkIntRange } from '../common/validate.ts';

/** A moderation action: a conversation change that needs the `moderate` right, on the rules' clock. */
export function moderate(ctx: Context, conversationId: string, work: ConversationChange): Promise<Conversation> {
  return change(
    ctx,
    conversationId,
    async (tx, outbox, access, viewer, now) => {
      assertAction(access, 'moderate');
      await work(tx, outbox, access, viewer, now);
    },
    ctx.runtime.clock.now(),
  );
}

function targetIds(ctx: Context, userIds: readonly string[], viewer: Viewer): string[] {
  const ids = checkIds(userIds, 'userIds', ctx.config.limits.idsPerRequest);
  if (ids.length === 0) throw badInput('userIds must name at least one user.', 'userIds');
  if (typeof viewer === 'string' && ids.includes(viewer)) throw badInput('You cannot do this to yourself.', 'userIds');
  return ids;
}

function assertCanModerate(access: Access, targets: Member[], verb: string): void {
  for (const target of targets) if (target.leftAt === null) assertCanActOn(access, target.role, verb);
}

/** Banned users are removed, and cannot join, be added, read or send until unbanned. */
export function banMembers(ctx: Context, conversationId: string, userIds: readonly string[]) {
  return moderate(ctx, conversationId, async (tx, outbox, access, viewer, now) => {
    const ids = targetIds(ctx, userIds, viewer);
    await assertUsersExist(tx, ctx.runtime.users, ids, 'userIds');
    const members = await tx.member.findMany({ where: { conversationId, userId: { in: ids } } });
    assertCanModerate(access, members, 'banned');
    await tx.ban.createMany({
      data: ids.map((userId) => ({ conversationId, userId, bannedById: userIdOf(viewer) })),
      skipDuplicates: true,
    });
    await deactivateMembers(tx, access.conversation, ids, now);
    // banned users stop watching too, also in open conversations
    await tx.watcher.deleteMany({ where: { conversationId, userId: { in: ids } } });
    await announceMemberChange(tx, outbox, access.conversation, now, {
      type: 'admin_group_ban_members',
      actor: viewer,
      subject: ids,
      change: 'banned',
    });
  });
}

export function unbanMembers(ctx: Context, conversationId: string, userIds: readonly string[]) {
  return moderate(ctx, conversationId, async (tx, outbox, access, viewer, now) => {
    const ids = targetIds(ctx, userIds, viewer);
    const { count } = await tx.ban.deleteMany({ where: { conversationId, userId: { in: ids } } });
    if (count === 0) return;
    await announceMemberChange(tx, outbox, access.conversation, now, {
      type: 'admin_group_unban_members',
      actor: viewer,
      subject: ids,
      change: 'unbanned',
    });
  });
}

const maxMuteMinutes = 525_600; // a year

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
      where: {
        conversationId,
        leftAt: null,
        role: { in: isOwner ? ['ADMIN', 'MEMBER'] : ['MEMBER'] },
        userId: { not: userIdOf(viewer) ?? undefined },
      },
      select: { userId: true },
    });
    const ids = members.map((m) => m.userId);
    if (ids.length === 0) return;
    await tx.member.updateMany({ where: { conversationId, userId: { in: ids } }, data: { mutedAt: now, mutedUntil: null } });
    publishMembersChanged(outbox, conversationId, 'muted', ids, viewer);
  });
}
