// Membership changes: add, remove, join, leave, admins and ownership, a member's memberInfo. Each runs in one
// transaction that locks the conversation row, so the member cap and the counters hold under races.
import { createHash } from 'node:crypto';
import type { Context } from '../context.ts';
import type { Tx } from '../db/client.ts';
import { Prisma, type Conversation, type Member } from '../generated/prisma/client.ts';
import { badInput, forbidden } from '../errors.ts';
import { actorOf, assertAction, assertCanActOn, assertOwner, loadAccess, requireUser, type Access, type Viewer } from '../access/access.ts';
import { announceMemberChange } from './admin-messages.ts';
import { publishMembersChanged } from '../live/publish.ts';
import { transaction, type Outbox } from '../db/transaction.ts';
import { assertUsersExist } from '../users/users.ts';
import { checkIds, checkJsonObject } from '../common/validate.ts';

/** Makes users active members (new, or back after leaving), within the member cap. */
async function activateMembers(
  tx: Tx,
  conversation: Conversation,
  userIds: readonly string[],
  now: Date,
  onFull: (room: number) => Error,
): Promise<string[]> {
  if (userIds.length === 0) return [];
  const existing = await tx.member.findMany({
    where: { conversationId: conversation.id, userId: { in: [...userIds] } },
  });
  const byUser = new Map(existing.map((m) => [m.userId, m]));
  const toAdd = userIds.filter((id) => !(byUser.get(id)?.leftAt === null));
  if (toAdd.length === 0) return [];
  if (conversation.maxMemberCount !== null && conversation.memberCount + toAdd.length > conversation.maxMemberCount) {
    throw onFull(Math.max(0, conversation.maxMemberCount - conversation.memberCount));
  }
  const joined = { role: 'MEMBER' as const, joinedAt: now, joinSeq: conversation.lastSeq, leftAt: null, leftSeq: null };
  const returning = toAdd.filter((id) => byUser.has(id));
  if (returning.length) {
    await tx.member.updateMany({
      where: { conversationId: conversation.id, userId: { in: returning } },
      data: joined,
    });
  }
  const fresh = toAdd.filter((id) => !byUser.has(id));
  if (fresh.length) {
    await tx.member.createMany({
      data: fresh.map((userId) => ({ conversationId: conversation.id, userId, ...joined })),
    });
  }
  await tx.conversation.update({
    where: { id: conversation.id },
    data: { memberCount: { increment: toAdd.length }, updatedAt: now },
  });
  conversation.memberCount += toAdd.length;
  await refreshDistinctKey(tx, conversation);
  return toAdd;
}

/** Ends memberships (leave, remove, ban): the rows stay with the history the users had seen. */
export async function deactivateMembers(tx: Tx, conversation: Conversation, userIds: readonly string[], now: Date): Promise<string[]> {
  if (userIds.length === 0) return [];
  const active = await tx.member.findMany({
    where: { conversationId: conversation.id, userId: { in: [...userIds] }, leftAt: null },
    select: { userId: true },
  });
  const leaving = active.map((m) => m.userId);
  if (leaving.length === 0) return [];
  await tx.member.updateMany({
    where: { conversationId: conversation.id, userId: { in: leaving } },
    data: { leftAt: now, leftSeq: conversation.lastSeq, role: 'MEMBER', mutedAt: null, mutedUntil: null },
  });
  if (conversation.type !== 'OPEN') {
    // outside open conversations only members watch
    await tx.watcher.deleteMany({ where: { conversationId: conversation.id, userId: { in: leaving } } });
  }
  await tx.conversation.update({
    where: { id: conversation.id },
    data: { memberCount: { decrement: leaving.length }, updatedAt: now },
  });
  conversation.memberCount -= leaving.length;
  await refreshDistinctKey(tx, conversation);
  return leaving;
}

/**
 * A distinct group is found again by the set of its members: when the set changes, so does the
 * key. If another conversation already has the new set, this one stops being distinct.
 */
async function refreshDistinctKey(tx: Tx, conversation: Conversation): Promise<void> {
  if (!conversation.isGroup || conversation.distinctKey === null) return;
  const members = await tx.member.findMany({
    where: { conversationId: conversation.id, leftAt: null },
    select: { userId: true },
  });
  const key = distinctKeyOf(
    conversation,
    members.map((m) => m.userId),
  );
  if (key === conversation.distinctKey) return;
  const taken = await tx.conversation.findUnique({ where: { distinctKey: key }, select: { id: true } });
  const next = taken ? null : key;
  await tx.conversation.update({ where: { id: conversation.id }, data: { distinctKey: next } });
  conversation.distinctKey = next;
}

export function distinctKeyOf(conversation: Pick<Conversation, 'type' | 'isGroup'>, memberIds: readonly string[]): string {
  const sorted = [...memberIds].sort();
  const digest = createHash('sha256').update(JSON.stringify(sorted)).digest('base64url');
  return `${conversation.isGroup ? `group:${conversation.type}` : 'direct'}:${digest}`;
}

async function assertNotBanned(tx: Tx, conversationId: string, userIds: readonly string[]): Promise<void> {
  const bans = await tx.ban.findMany({
    where: { conversationId, userId: { in: [...userIds] } },
    select: { userId: true },
  });
  if (bans.length) {
    throw forbidden(
      `${bans.map((b) => b.userId).join(', ')} ${bans.length === 1 ? 'is' : 'are'} banned from this conversation; unban first.`,
    );
  }
}

/** `viewer`: the user who acts, or the app (the API key alone), with the owner's authority. */
export type ConversationChange = (tx: Tx, outbox: Outbox, access: Access, viewer: Exclude<Viewer, null>, now: Date) => Promise<void>;

/**
 * Runs a change as the viewer, on the locked conversation, and returns it fresh. Membership
 * changes and moderation (moderation/members.ts) both go through here.
 */
export async function change(
  ctx: Context,
  conversationId: string,
  work: ConversationChange,
  now: Date = new Date(),
): Promise<Conversation> {
  const viewer = actorOf(ctx);
  return transaction(ctx.runtime, async (tx, outbox) => {
    const access = await loadAccess(tx, viewer, conversationId, { lock: true, now });
    await work(tx, outbox, access, viewer, now);
    return tx.conversation.findUniqueOrThrow({ where: { id: conversationId } });
  });
}

export function addMembers(ctx: Context, conversationId: string, userIds: readonly string[]) {
  const ids = checkIds(userIds, 'userIds', ctx.config.limits.idsPerRequest);
  if (ids.length === 0) throw badInput('userIds must name at least one user.', 'userIds');
  return change(ctx, conversationId, async (tx, outbox, access, viewer, now) => {
    assertAction(access, 'manageMembers');
    await assertUsersExist(tx, ctx.runtime.users, ids, 'userIds');
    await assertNotBanned(tx, conversationId, ids);
    const added = await activateMembers(tx, access.conversation, ids, now, (room) =>
      badInput(`The conversation has room for ${room} more member(s) (maxMemberCount).`, 'userIds'),
    );
    if (added.length === 0) return;
    await announceMemberChange(tx, outbox, access.conversation, now, {
      type: 'admin_group_add_members',
      actor: viewer,
      subject: added,
      change: 'added',
    });
  });
}

export function removeMembers(ctx: Context, conversationId: string, userIds: readonly string[]) {
  const ids = checkIds(userIds, 'userIds', ctx.config.limits.idsPerRequest);
  if (ids.length === 0) throw badInput('userIds must name at least one user.', 'userIds');
  return change(ctx, conversationId, async (tx, outbox, access, viewer, now) => {
    assertAction(access, 'manageMembers');
    if (typeof viewer === 'string' && ids.includes(viewer)) throw badInput('To remove yourself, use leaveConversation.', 'userIds');
    const members = await activeMembers(tx, conversationId, ids);
    for (const target of members) assertCanActOn(access, target.role, 'removed');
    const removed = await deactivateMembers(tx, access.conversation, ids, now);
    await announceMemberChange(tx, outbox, access.conversation, now, {
      type: 'admin_group_remove_members',
      actor: viewer,
      subject: removed,
      change: 'removed',
    });
  });
}

/** The active members among ids; BAD_USER_INPUT naming any that are not. */
async function activeMembers(tx: Tx, conversationId: string, ids: readonly string[]): Promise<Member[]> {
  const members = await tx.member.findMany({ where: { conversationId, userId: { in: [...ids] }, leftAt: null } });
  const found = new Set(members.map((m) => m.userId));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length) throw badInput(`Not a member of this conversation: ${missing.join(', ')}.`, 'userIds');
  return members;
}

export function addAdmin(ctx: Context, conversationId: string, userId: string) {
  return change(ctx, conversationId, async (tx, outbox, access, viewer, now) => {
    assertAction(access, 'manageConversation');
    const [target] = await activeMembers(tx, conversationId, [userId]);
    if (target!.role !== 'MEMBER') return;
    await tx.member.update({ where: { id: target!.id }, data: { role: 'ADMIN' } });
    await touch(tx, conversationId, now);
    await announceMemberChange(tx, outbox, access.conversation, now, {
      type: 'admin_group_make_admin',
      actor: viewer,
      subject: userId,
      change: 'roleChanged',
    });
  });
}

export function removeAdmin(ctx: Context, conversationId: string, userId: string) {
  return change(ctx, conversationId, async (tx, outbox, access, viewer, now) => {
    assertAction(access, 'manageConversation');
    const [target] = await activeMembers(tx, conversationId, [userId]);
    if (target!.role === 'OWNER') throw forbidden('The owner is always an admin; transfer ownership first.');
    if (target!.role !== 'ADMIN') return;
    // only the owner demotes an admin (else an admin could demote another, then ban them)
    assertCanActOn(access, 'ADMIN', 'demoted');
    await tx.member.update({ where: { id: target!.id }, data: { role: 'MEMBER' } });
    await touch(tx, conversationId, now);
    await announceMemberChange(tx, outbox, access.conversation, now, {
      type: 'admin_group_remove_admin',
      actor: viewer,
      subject: userId,
      change: 'roleChanged',
    });
  });
}

/** TalkPlus memberInfo: the app's data on one membership, set by the conversation's admins or the app. */
export async function setMemberInfo(ctx: Context, conversationId: string, userId: string, memberInfo: unknown): Promise<Member> {
  const info = checkJsonObject(memberInfo, 'memberInfo') ?? null;
  let updated: Member | undefined;
  await change(ctx, conversationId, async (tx, outbox, access, viewer) => {
    assertAction(access, 'manageMembers');
    const [target] = await activeMembers(tx, conversationId, [userId]);
    updated = await tx.member.update({
      where: { id: target!.id },
      data: { memberInfo: info === null ? Prisma.DbNull : (info as Prisma.InputJsonValue) },
    });
    publishMembersChanged(outbox, conversationId, 'infoChanged', [userId], viewer);
  });
  return updated!;
}

export function transferOwnership(ctx: Context, conversationId: string, userId: string) {
  return change(ctx, conversationId, async (tx, outbox, access, viewer, now) => {
    assertOwner(access, 'transfer ownership');
    if (userId === viewer) return;
    const [target] = await activeMembers(tx, conversationId, [userId]);
    // the owner before (the viewer, or whoever it was when the app hands the conversation over) stays an admin
    const previous = access.conversation.ownerId;
    await setOwner(tx, access.conversation, target!, now);
    if (previous && previous !== userId)
      await tx.member.updateMany({ where: { conversationId, userId: previous, leftAt: null }, data: { role: 'ADMIN' } });
    await announceMemberChange(tx, outbox, access.conversation, now, {
      type: 'admin_group_change_owner',
      actor: viewer,
      subject: userId,
      change: 'roleChanged',
      userIds: [...(previous && previous !== userId ? [previous] : []), userId],
    });
  });
}

async function setOwner(tx: Tx, conversation: Conversation, member: Member, now: Date) {
  await tx.member.update({ where: { id: member.id }, data: { role: 'OWNER' } });
  await tx.conversation.update({ where: { id: conversation.id }, data: { ownerId: member.userId, updatedAt: now } });
}

async function touch(tx: Tx, conversationId: string, now: Date) {
  await tx.conversation.update({ where: { id: conversationId }, data: { updatedAt: now } });
}

export function joinConversation(ctx: Context, conversationId: string, invitationCode: string | null | undefined) {
  return change(ctx, conversationId, async (tx, outbox, access, actor, now) => {
    const viewer = requireUser(actor, 'join a conversation');
    const { conversation } = access;
    const hasInvitationCode = !!invitationCode && invitationCode === conversation.invitationCode;
    if (invitationCode && !hasInvitationCode && !access.isBanned && conversation.type === 'PRIVATE') {
      throw forbidden('The invitation code is not valid for this conversation.');
    }
    assertAction(access, 'join', { hasInvitationCode });
    if (access.isActiveMember) return;
    const joined = await activateMembers(tx, conversation, [viewer], now, () =>
      forbidden(`The conversation is full: it has its maximum of ${conversation.maxMemberCount} members.`),
    );
    await announceMemberChange(tx, outbox, conversation, now, {
      type: 'admin_group_join',
      actor: viewer,
      subject: viewer,
      change: 'added',
      userIds: joined,
    });
  });
}

export function leaveConversation(ctx: Context, conversationId: string) {
  return change(ctx, conversationId, async (tx, outbox, access, actor, now) => {
    const viewer = requireUser(actor, 'leave a conversation');
    assertAction(access, 'leave');
    const wasOwner = access.member?.role === 'OWNER';
    const { conversation } = access;
    await deactivateMembers(tx, conversation, [viewer], now);
    await announceMemberChange(tx, outbox, conversation, now, {
      type: 'admin_group_leave',
      actor: viewer,
      subject: viewer,
      change: 'removed',
    });
    if (!wasOwner) return;
    // the longest-standing admin becomes the owner, else the longest-standing member
    const successor = await tx.member.findFirst({
      where: { conversationId, leftAt: null },
      orderBy: [{ role: 'asc' }, { joinedAt: 'asc' }, { id: 'asc' }],
    });
    if (!successor) {
      await tx.conversation.update({ where: { id: conversationId }, data: { ownerId: null } });
      return;
    }
    await setOwner(tx, conversation, successor, now);
    await announceMemberChange(tx, outbox, conversation, now, {
      type: 'admin_group_change_owner',
      actor: viewer,
      subject: successor.userId,
      change: 'roleChanged',
    });
  });
}
