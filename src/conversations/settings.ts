// Changing a conversation (admins), and the viewer's own copy of it: mute, clear, delete.
import type { Context } from '../context.ts';
import { viewerId } from '../auth/identity.ts';
import type { Conversation } from '../generated/prisma/client.ts';
import { Prisma } from '../generated/prisma/client.ts';
import { badInput, forbidden } from '../errors.ts';
import { actorOf, assertAction, loadAccess } from '../access/access.ts';
import { postAdminMessage } from './admin-messages.ts';
import { checkAppFields, checkRatePair, checkSettings, type ConfigInput } from './create.ts';
import { publishOwnCopyChanged, publishSettingsChanged } from '../live/publish.ts';
import { notifyConversation } from '../notifications/events.ts';
import { transaction } from '../db/transaction.ts';
import { checkText } from '../common/validate.ts';

interface UpdateConversationInput {
  title?: string | null;
  profileImageUrl?: string | null;
  customType?: string | null;
  metaData?: unknown;
  tags?: string[] | null;
  config?: ConfigInput | null;
  category?: string | null;
  subcategory?: string | null;
  maxMemberCount?: number | null;
  hideMessagesBeforeJoin?: boolean | null;
  rateLimit?: number | null;
  rateLimitWindow?: number | null;
  flagLimit?: number | null;
  privateTag?: string | null;
  privateData?: unknown;
}

/** Fields left out stay as they are; null clears an optional field. */
export async function updateConversation(ctx: Context, conversationId: string, input: UpdateConversationInput) {
  const viewer = actorOf(ctx);
  const settings = checkSettings(input);
  const appFields = checkAppFields(viewer, input);
  const now = ctx.runtime.clock.now();
  return transaction(ctx.runtime, async (tx, outbox) => {
    const access = await loadAccess(tx, viewer, conversationId, { lock: true, now });
    assertAction(access, 'manageConversation');
    const current = access.conversation;
    const data: Prisma.ConversationUpdateInput = { updatedAt: now };

    if (input.title !== undefined) {
      const title = checkText(input.title, 'title', { max: ctx.config.limits.titleLength, required: current.isGroup });
      if (title !== current.title) data.title = title;
    }
    if (settings.profileImageUrl !== undefined) data.profileImageUrl = settings.profileImageUrl;
    if (settings.customType !== undefined) data.customType = settings.customType;
    if (settings.metaData !== undefined)
      data.metaData = settings.metaData === null ? Prisma.DbNull : (settings.metaData as Prisma.InputJsonValue);
    if (settings.tags !== undefined) data.tags = settings.tags ?? [];
    if (settings.category !== undefined) data.category = settings.category;
    if (settings.subcategory !== undefined) data.subcategory = settings.subcategory;
    if (settings.flagLimit !== undefined) data.flagLimit = settings.flagLimit;
    if (appFields.privateTag !== undefined) data.privateTag = appFields.privateTag;
    if (appFields.privateData !== undefined)
      data.privateData = appFields.privateData === null ? Prisma.DbNull : (appFields.privateData as Prisma.InputJsonValue);
    if (input.hideMessagesBeforeJoin != null) data.hideMessagesBeforeJoin = input.hideMessagesBeforeJoin;
    for (const [key, value] of Object.entries(input.config ?? {})) {
      if (value !== null && value !== undefined) (data as Record<string, unknown>)[key] = value;
    }
    if (settings.maxMemberCount !== undefined) {
      if (settings.maxMemberCount !== null && settings.maxMemberCount < current.memberCount) {
        throw badInput(`maxMemberCount cannot be below the ${current.memberCount} members there are.`, 'maxMemberCount');
      }
      data.maxMemberCount = settings.maxMemberCount;
    }
    if (settings.rateLimit !== undefined || settings.rateLimitWindow !== undefined) {
      const rateLimit = settings.rateLimit === undefined ? current.rateLimit : settings.rateLimit;
      const rateLimitWindow = settings.rateLimitWindow === undefined ? current.rateLimitWindow : settings.rateLimitWindow;
      checkRatePair(rateLimit, rateLimitWindow);
      data.rateLimit = rateLimit;
      data.rateLimitWindow = rateLimitWindow;
    }

    const updated = await tx.conversation.update({ where: { id: conversationId }, data });
    if (data.title !== undefined) {
      await postAdminMessage(
        tx,
        outbox,
        updated,
        {
          type: 'admin_group_change_title',
          actorId: viewer,
          objType: 'group',
          objValues: updated.title,
        },
        now,
      );
    }
    if (data.profileImageUrl !== undefined && updated.profileImageUrl !== current.profileImageUrl) {
      await postAdminMessage(
        tx,
        outbox,
        updated,
        {
          type: 'admin_group_change_photo',
          actorId: viewer,
          objType: 'group',
          objValues: updated.profileImageUrl,
        },
        now,
      );
    }
    publishSettingsChanged(outbox, conversationId, viewer);
    const changed = await tx.conversation.findUniqueOrThrow({ where: { id: conversationId } });
    notifyConversation(outbox, 'conversation.updated', changed, viewer);
    return changed;
  });
}

/** The viewer's own notification mute (Channelize "update settings"). */
export async function updateConversationSettings(ctx: Context, conversationId: string, mute: boolean) {
  const viewer = viewerId(ctx);
  return transaction(ctx.runtime, async (tx, outbox) => {
    const access = await loadAccess(tx, viewer, conversationId);
    if (!access.isActiveMember) throw forbidden('Only members have settings in this conversation.');
    await tx.member.update({ where: { id: access.member!.id }, data: { mute } });
    publishOwnCopyChanged(outbox, viewer, conversationId, 'muted');
    return access.conversation;
  });
}

/** Private conversations only: the viewer stops seeing the messages sent so far. */
export async function clearConversation(ctx: Context, conversationId: string): Promise<Conversation> {
  const viewer = viewerId(ctx);
  const now = ctx.runtime.clock.now();
  return transaction(ctx.runtime, async (tx, outbox) => {
    const access = await loadAccess(tx, viewer, conversationId, { lock: true });
    if (access.conversation.type !== 'PRIVATE') throw forbidden('Only private conversations can be cleared.');
    if (!access.member || access.isBanned) throw forbidden('Only members can clear this conversation.');
    await tx.member.update({
      where: { id: access.member!.id },
      data: { clearedAt: now, clearedSeq: access.conversation.lastSeq },
    });
    publishOwnCopyChanged(outbox, viewer, conversationId, 'cleared');
    return access.conversation;
  });
}

/**
 * The viewer's own copy: the conversation leaves their list (isDeleted) with its messages so far,
 * and comes back, with only newer messages, when a new message arrives.
 */
export async function deleteConversation(ctx: Context, conversationId: string): Promise<Conversation> {
  const viewer = viewerId(ctx);
  const now = ctx.runtime.clock.now();
  return transaction(ctx.runtime, async (tx, outbox) => {
    const access = await loadAccess(tx, viewer, conversationId, { lock: true });
    // a banned user sees nothing of the conversation, not even through this answer
    if (access.isBanned) throw forbidden('You are banned from this conversation.');
    if (!access.member) throw forbidden('You have no copy of this conversation to delete.');
    await tx.member.update({
      where: { id: access.member.id },
      data: { deletedAt: now, clearedAt: now, clearedSeq: access.conversation.lastSeq },
    });
    // it leaves the list on the viewer's other devices too
    outbox.publish('viewer:event', viewer, { kind: 'conversationRemoved', conversationId });
    return access.conversation;
  });
}
