// Pinning, deleting (the viewer's copy, or for everyone) and flagging messages.
import type { Context } from '../context.ts';
import { viewerId } from '../auth/identity.ts';
import type { Tx } from '../db/client.ts';
import type { Message } from '../generated/prisma/client.ts';
import { badInput, forbidden } from '../errors.ts';
import { actorOf, assertAction, userIdOf, type Viewer } from '../access/access.ts';
import { loadVisibleMessage, loadVisibleMessages } from '../access/views.ts';
import { publishMessageChanged, publishOwnCopyChanged } from '../live/publish.ts';
import { notifyFlag, notifyMessageChanged } from '../notifications/events.ts';
import { transaction, type Outbox } from '../db/transaction.ts';
import { checkIds, checkText } from '../common/validate.ts';

async function setPinned(ctx: Context, messageId: string, pinned: boolean): Promise<Message> {
  const viewer = actorOf(ctx);
  return transaction(ctx.runtime, async (tx, outbox) => {
    const { message, access } = await loadVisibleMessage(tx, viewer, messageId, { lock: true });
    assertAction(access, 'pin');
    if (!access.conversation.pinMessages) throw forbidden('Pinning messages is turned off in this conversation (config.pinMessages).');
    if (message.deletedAt && pinned) throw badInput('A deleted message cannot be pinned.', 'messageId');
    if ((message.pinnedAt !== null) === pinned) return message;
    const updated = await tx.message.update({
      where: { id: messageId },
      data: pinned ? { pinnedAt: ctx.runtime.clock.now(), pinnedById: userIdOf(viewer) } : { pinnedAt: null, pinnedById: null },
    });
    publishMessageChanged(outbox, updated.conversationId, pinned ? 'pinned' : 'unpinned', messageId, viewer);
    notifyMessageChanged(outbox, pinned ? 'message.pinned' : 'message.unpinned', updated, viewer);
    return updated;
  });
}

export const pinMessage = (ctx: Context, messageId: string) => setPinned(ctx, messageId, true);
export const unpinMessage = (ctx: Context, messageId: string) => setPinned(ctx, messageId, false);

/** Removes messages from the viewer's own copy (not in public or open conversations). */
export async function deleteMessages(ctx: Context, messageIds: string[]): Promise<string[]> {
  const viewer = viewerId(ctx);
  const ids = checkIds(messageIds, 'messageIds', ctx.config.limits.idsPerRequest);
  if (ids.length === 0) throw badInput('Name at least one message.', 'messageIds');
  return transaction(ctx.runtime, async (tx, outbox) => {
    const found = await loadVisibleMessages(tx, viewer, ids);
    for (const { access } of found) assertAction(access, 'deleteOwnCopy');
    // the viewer's own live feeds leave them out from now on; no one else hears of it
    const byConversation = new Map<string, number[]>();
    for (const { message } of found)
      byConversation.set(message.conversationId, [...(byConversation.get(message.conversationId) ?? []), message.seq]);
    for (const [conversationId, seqs] of byConversation) {
      outbox.publish('conversation:event', conversationId, { kind: 'hidden', userId: viewer, seqs });
      publishOwnCopyChanged(outbox, viewer, conversationId, 'hidden');
    }
    await tx.hiddenMessage.createMany({
      data: found.map(({ message }) => ({
        userId: viewer,
        messageId: message.id,
        conversationId: message.conversationId,
        seq: message.seq,
      })),
      skipDuplicates: true,
    });
    return ids;
  });
}

/**
 * Recalls messages: the body is replaced (or emptied), attachments, mentions and reactions go, and
 * the message stays in the list with isDeleted. Used by the sender, and by the flag limit.
 */
async function recall(tx: Tx, outbox: Outbox, messages: Message[], replacementBody: string | null, actorId: Viewer) {
  const ids = messages.map((m) => m.id);
  await tx.reaction.deleteMany({ where: { messageId: { in: ids } } });
  // a recalled message is gone, for those who left before too: its earlier versions go with it
  await tx.messageRevision.deleteMany({ where: { messageId: { in: ids } } });
  const now = new Date();
  await tx.message.updateMany({
    where: { id: { in: ids } },
    data: {
      body: replacementBody,
      attachments: [],
      attachmentTypes: [],
      mentionedUsers: [],
      mentionedUserIds: [],
      reactionCounts: {},
      pinnedAt: null,
      pinnedById: null,
      deletedAt: now,
      updatedAt: now,
    },
  });
  for (const m of messages) publishMessageChanged(outbox, m.conversationId, 'deleted', m.id, actorId);
  const recalled = await tx.message.findMany({ where: { id: { in: ids } }, orderBy: [{ conversationId: 'asc' }, { seq: 'asc' }] });
  for (const m of recalled) notifyMessageChanged(outbox, 'message.recalled', m, actorId);
  return recalled;
}

export async function deleteMessagesForEveryone(
  ctx: Context,
  messageIds: string[],
  replacementBody: string | null | undefined,
): Promise<Message[]> {
  const viewer = actorOf(ctx);
  const ids = checkIds(messageIds, 'messageIds', ctx.config.limits.idsPerRequest);
  if (ids.length === 0) throw badInput('Name at least one message.', 'messageIds');
  const replacement = checkText(replacementBody, 'replacementBody', { max: ctx.config.limits.bodyLength }) ?? null;
  return transaction(ctx.runtime, async (tx, outbox) => {
    const found = await loadVisibleMessages(tx, viewer, ids, { lock: true });
    for (const { message, access } of found) {
      assertAction(access, 'deleteForEveryone', {
        ownsMessage: message.ownerId !== null && message.ownerId === viewer && message.type !== 'ADMIN',
      });
    }
    return recall(
      tx,
      outbox,
      found.map((f) => f.message),
      replacement,
      viewer,
    );
  });
}

export async function flagMessage(ctx: Context, messageId: string, reason: string | null | undefined): Promise<Message> {
  const viewer = viewerId(ctx);
  const why = checkText(reason, 'reason', { max: 500 }) ?? null;
  return transaction(ctx.runtime, async (tx, outbox) => {
    const { message, access } = await loadVisibleMessage(tx, viewer, messageId, { lock: true });
    // flagging needs the reaction right: outsiders and former members may not flag a message away
    assertAction(access, 'react');
    if (message.ownerId === viewer) throw badInput('You cannot flag your own message.', 'messageId');
    if (message.deletedAt) return message;
    const inserted = await tx.flag.createMany({ data: [{ messageId, userId: viewer, reason: why }], skipDuplicates: true });
    if (inserted.count === 0) return message;
    const updated = await tx.message.update({ where: { id: messageId }, data: { flagCount: { increment: 1 } } });
    notifyFlag(outbox, true, updated, viewer, why);
    const limit = access.conversation.flagLimit;
    if (limit !== null && updated.flagCount >= limit) {
      // the conversation's flag limit: deleted for everyone by the system
      const [recalled] = await recall(tx, outbox, [updated], null, null);
      return recalled!;
    }
    return updated;
  });
}

export async function unflagMessage(ctx: Context, messageId: string): Promise<Message> {
  const viewer = viewerId(ctx);
  return transaction(ctx.runtime, async (tx, outbox) => {
    const { message, access } = await loadVisibleMessage(tx, viewer, messageId, { lock: true });
    assertAction(access, 'react');
    const { count } = await tx.flag.deleteMany({ where: { messageId, userId: viewer } });
    if (count === 0) return message;
    const updated = await tx.message.update({ where: { id: messageId }, data: { flagCount: { decrement: 1 } } });
    notifyFlag(outbox, false, updated, viewer, null);
    return updated;
  });
}
