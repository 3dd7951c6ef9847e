// The admins' controls over a conversation: freeze, invitation codes, and the push setting of a
// member (which the member and the API key may change too).
import type { Context } from '../context.ts';
import { isApiKey, viewerId } from '../auth/identity.ts';
import type { Conversation, Member } from '../generated/prisma/client.ts';
import { badInput, notFound } from '../errors.ts';
import { assertAction, assertCanSetPush, fetchAccesses, loadAccess } from '../access/access.ts';
import { postAdminMessage } from '../conversations/admin-messages.ts';
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
    if (access.conversation.isGroup) {
      await postAdminMessage(
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
    }
    publishSettingsChanged(outbox, conversationId, viewer);
  });
}

/** A new invitation code for a private group; the old one stops working. */
export async function regenerateInvitationCode(ctx: Context, conversationId: string): Promise<Conversation> {
  const viewer = viewerId(ctx);
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
  const apiKey = isApiKey(ctx);
  const viewer = ctx.viewer?.userId ?? null;
  if (!apiKey) viewerId(ctx);
  return transaction(ctx.runtime, async (tx, outbox) => {
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
