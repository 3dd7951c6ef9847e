// The admins' controls over a conversation: freeze, invitation codes, and the push setting of a
// member (which the member and the API key may change too).
import type { Context } from '../context.ts';
import { isApiKey } from '../auth/identity.ts';
import type { Conversation, Member } from '../generated/prisma/client.ts';
import { badInput, notFound } from '../errors.ts';
import { checkIntRange } from '../common/validate.ts';
import { actorOf, assertAction, assertCanSetPush, fetchAccesses, loadAccess } from '../access/access.ts';
import { recordGroupChange } from '../conversations/admin-messages.ts';
import { newInvitationCode } from '../conversations/create.ts';
import { publishSettingsChanged } from '../live/publish.ts';
import { notifyConversation } from '../notifications/events.ts';
import { transaction } from '../db/transaction.ts';
import { moderate } from './members.ts';

/** While frozen, only admins send. */
export function freezeConversation(ctx: Context, conversationId: string, frozen: boolean) {
  return moderate(ctx, conversationId, async (tx, outbox, access, viewer, now) => {
    if (access.conversation.isFrozen === frozen) return;
    const changed = await tx.conversation.update({ where: { id: conversationId }, data: { isFrozen: frozen, updatedAt: now } });
    notifyConversation(outbox, frozen ? 'conversation.frozen' : 'conversation.unfrozen', changed, viewer);
    await recordGroupChange(
      tx,
      outbox,
      access.conversation,
      {
        type: frozen ? 'admin_group_freeze' : 'admin_group_unfreeze',
        actorId: viewer,
        objType: 'group',
        objValues: access.conversation.title,
      },
      now,
    );
    publishSettingsChanged(outbox, conversationId, viewer);
  });
}

const maxMuteMinutes = 525_600; // a year

/**
 * Mutes the whole conversation (Amity's channel mute): only its admins (and the app) send until
 * unmuted, or until expireInMinutes pass (0 or none: until unmuted).
 */
export function muteConversation(ctx: Context, conversationId: string, expireInMinutes: number | null | undefined) {
  const minutes = checkIntRange(expireInMinutes ?? 0, 'expireInMinutes', 0, maxMuteMinutes)!;
  return moderate(ctx, conversationId, async (tx, outbox, _access, viewer, now) => {
    const changed = await tx.conversation.update({
      where: { id: conversationId },
      data: { mutedAt: now, mutedUntil: minutes > 0 ? new Date(now.getTime() + minutes * 60_000) : null, updatedAt: now },
    });
    publishSettingsChanged(outbox, conversationId, viewer);
    notifyConversation(outbox, 'conversation.muted', changed, viewer);
  });
}

export function unmuteConversation(ctx: Context, conversationId: string) {
  return moderate(ctx, conversationId, async (tx, outbox, access, viewer, now) => {
    if (!access.conversation.mutedAt) return;
    const changed = await tx.conversation.update({
      where: { id: conversationId },
      data: { mutedAt: null, mutedUntil: null, updatedAt: now },
    });
    publishSettingsChanged(outbox, conversationId, viewer);
    notifyConversation(outbox, 'conversation.unmuted', changed, viewer);
  });
}

/** A new invitation code for a private group; the old one stops working. */
export async function regenerateInvitationCode(ctx: Context, conversationId: string): Promise<Conversation> {
  const viewer = actorOf(ctx);
  return transaction(ctx.runtime, async (tx) => {
    const access = await loadAccess(tx, viewer, conversationId, { lock: true });
    assertAction(access, 'manageConversation');
    if (access.conversation.type !== 'PRIVATE' || !access.conversation.isGroup) {
      throw badInput('Only private groups have invitation codes.', 'conversationId');
    }
    return tx.conversation.update({ where: { id: conversationId }, data: { invitationCode: newInvitationCode() } });
  });
}

/** Push notifications of one member: the member themself, an admin, or the API key. */
export async function setMemberPushNotifications(ctx: Context, conversationId: string, userId: string, enabled: boolean): Promise<Member> {
  const viewer = actorOf(ctx);
  return transaction(ctx.runtime, async (tx, outbox) => {
    const access = (await fetchAccesses(tx, viewer, [conversationId])).get(conversationId);
    if (!access) throw notFound('Conversation', conversationId);
    // the API key, with or without x-user-id, may set anyone's (TalkPlus's server endpoint)
    assertCanSetPush(access, viewer === userId, isApiKey(ctx));
    const member = await tx.member.findFirst({ where: { conversationId, userId, leftAt: null } });
    if (!member) throw badInput(`${userId} is not a member of this conversation.`, 'userId');
    const updated = await tx.member.update({ where: { id: member.id }, data: { pushNotifications: enabled } });
    publishSettingsChanged(outbox, conversationId, viewer);
    return updated;
  });
}
