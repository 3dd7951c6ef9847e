// The one way a message is written: sequence number, conversation activity, undeleting copies and
// reply counts all happen here, inside the caller's transaction.
import { randomUUID } from 'node:crypto';
import type { Tx } from '../db/client.ts';
import type { Conversation, Message, MessageType } from '../generated/prisma/client.ts';
import { Prisma } from '../generated/prisma/client.ts';

export interface NewMessage {
  id?: string;
  type: MessageType;
  customType?: string | null;
  body?: string | null;
  ownerId: string | null;
  parentId?: string | null;
  showInConversation?: boolean;
  recipientIds?: string[];
  mentionedUsers?: { userId: string; wordCount: number; order: number }[];
  attachments?: Record<string, unknown>[];
  metaData?: Record<string, unknown> | null;
  encrypted?: boolean;
  forwardedFromId?: string | null;
  /** events.updateUnreadCount */
  updateUnreadCount?: boolean;
  /** events.sendPushNotification */
  sendPushNotification?: boolean;
  createdAt?: Date;
  inputHash?: string | null;
}

/** What subscribers are told after the transaction commits. */
export interface MessageWritten {
  conversationId: string;
  messageId: string;
  seq: number;
  /** users who may see it when the message is for some recipients only; null: everyone */
  audience: string[] | null;
}

export async function insertMessage(
  tx: Tx,
  conversation: Pick<Conversation, 'id' | 'readEvents'>,
  data: NewMessage,
  now = new Date(),
): Promise<{ message: Message; written: MessageWritten }> {
  const recipients = data.recipientIds ?? [];
  const audience = recipients.length
    ? [...new Set([...recipients, ...(data.ownerId ? [data.ownerId] : [])])]
    : null;
  // Bumping the counter row-locks the conversation until commit: sends to one conversation are
  // serialised, so seq is contiguous and commits happen in seq order.
  const [bumped] = await tx.$queryRaw<{ last_seq: number }[]>`
    UPDATE conversations
       SET last_seq = last_seq + 1,
           updated_at = CASE WHEN ${audience === null} THEN ${now} ELSE updated_at END,
           last_message_at = CASE WHEN ${audience === null} THEN ${now} ELSE last_message_at END
     WHERE id = ${conversation.id}
 RETURNING last_seq`;
  if (!bumped) throw new Error(`conversation ${conversation.id} vanished during a send`);
  const seq = Number(bumped.last_seq);

  const attachments = data.attachments ?? [];
  const message = await tx.message.create({
    data: {
      id: data.id ?? randomUUID(),
      conversationId: conversation.id,
      seq,
      type: data.type,
      customType: data.customType ?? null,
      body: data.body ?? null,
      ownerId: data.ownerId,
      parentId: data.parentId ?? null,
      showInConversation: data.showInConversation ?? true,
      recipientIds: recipients,
      mentionedUsers: data.mentionedUsers ?? [],
      mentionedUserIds: (data.mentionedUsers ?? []).map((m) => m.userId),
      attachments: attachments as Prisma.InputJsonValue[],
      attachmentTypes: [...new Set(attachments.map((a) => String(a.type)))],
      metaData: (data.metaData ?? Prisma.DbNull) as Prisma.InputJsonValue,
      encrypted: data.encrypted ?? false,
      forwardedFromId: data.forwardedFromId ?? null,
      countsUnread: (data.updateUnreadCount ?? true) && conversation.readEvents,
      trackReads: conversation.readEvents,
      sendPush: data.sendPushNotification ?? true,
      inputHash: data.inputHash ?? null,
      createdAt: data.createdAt ?? now,
      updatedAt: now,
    },
  });

  // a deleted copy comes back when a new message arrives for its (active) member
  if (audience) {
    await tx.member.updateMany({
      where: { conversationId: conversation.id, userId: { in: audience }, leftAt: null },
      data: { lastActivityAt: now, deletedAt: null },
    });
  } else {
    await tx.member.updateMany({
      where: { conversationId: conversation.id, deletedAt: { not: null }, leftAt: null },
      data: { deletedAt: null },
    });
  }
  if (data.parentId) {
    await tx.message.update({ where: { id: data.parentId }, data: { replyCount: { increment: 1 } } });
  }
  return {
    message,
    written: { conversationId: conversation.id, messageId: message.id, seq, audience },
  };
}
