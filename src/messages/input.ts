// The content of a message as clients send it (sendMessage, broadcastMessage), checked once and
// turned into what sql/send.ts writes.
import type { Context } from '../context.ts';
import { isApiKey } from '../auth/identity.ts';
import type { MessageType } from '../generated/prisma/client.ts';
import { badInput, forbidden } from '../errors.ts';
import { checkAttachment, type AttachmentInput, type StoredAttachment } from './attachments.ts';
import { checkIds, checkJsonObject, checkText } from '../common/validate.ts';

export interface MentionInput {
  userId: string;
  wordCount: number;
  order: number;
}

export interface MessageContentInput {
  type?: MessageType | null;
  customType?: string | null;
  body?: string | null;
  parentId?: string | null;
  /** FORWARD: the message this one forwards (sendMessage) */
  forwardedFromId?: string | null;
  showInConversation?: boolean | null;
  recipientIds?: string[] | null;
  mentionedUsers?: MentionInput[] | null;
  attachments?: AttachmentInput[] | null;
  events?: { sendPushNotification?: boolean | null; updateUnreadCount?: boolean | null } | null;
  createdAt?: Date | null;
  encrypted?: boolean | null;
  metaData?: unknown;
}

export interface MessageContent {
  type: MessageType;
  customType: string | null;
  body: string | null;
  parentId: string | null;
  forwardedFromId: string | null;
  showInConversation: boolean;
  recipientIds: string[];
  mentionedUsers: MentionInput[];
  attachments: StoredAttachment[];
  updateUnreadCount: boolean;
  sendPushNotification: boolean;
  createdAt: Date | undefined;
  encrypted: boolean;
  metaData: Record<string, unknown> | null;
}

const maxMentions = 50;

export function checkMessageContent(ctx: Context, input: MessageContentInput): MessageContent {
  const { limits } = ctx.config;
  const apiKey = isApiKey(ctx);
  let type: MessageType = input.type ?? (input.parentId ? 'REPLY' : input.forwardedFromId ? 'FORWARD' : 'NORMAL');
  // Channelize's send type `forward`: the message it forwards is named, and read by the sender (send.ts)
  if (type === 'FORWARD' && !input.forwardedFromId) {
    throw badInput('A FORWARD message names the message it forwards: forwardedFromId.', 'forwardedFromId');
  }
  if (input.forwardedFromId && type !== 'FORWARD')
    throw badInput(`A ${type} message cannot forward another: leave out forwardedFromId.`, 'forwardedFromId');
  if (type === 'ADMIN' && !apiKey) throw forbidden('Only the API key (or the system) may send ADMIN messages.');
  if (input.parentId && type === 'NORMAL') type = 'REPLY';
  if (type === 'REPLY' && !input.parentId) throw badInput('A REPLY needs parentId.', 'parentId');
  if (input.parentId && type !== 'REPLY') throw badInput(`A ${type} message cannot have a parent.`, 'parentId');
  if (input.createdAt && !apiKey) throw forbidden('Only the API key may set createdAt.');

  const body = checkText(input.body, 'body', { max: limits.bodyLength, allowEmpty: true }) ?? null;
  const attachmentInputs = input.attachments ?? [];
  if (attachmentInputs.length > limits.attachments) {
    throw badInput(`A message may have at most ${limits.attachments} attachments.`, 'attachments');
  }
  const attachments = attachmentInputs.map((a, i) => checkAttachment(a, i, { allowAdmin: type === 'ADMIN', maxText: limits.bodyLength }));
  // a FORWARD with neither carries the original's content (send.ts)
  if (!body && attachments.length === 0 && type !== 'FORWARD') throw badInput('A message needs a body or an attachment.', 'body');

  const mentions = input.mentionedUsers ?? [];
  if (mentions.length > maxMentions) throw badInput(`A message may mention at most ${maxMentions} users.`, 'mentionedUsers');
  checkIds(
    mentions.map((m) => m.userId),
    'mentionedUsers',
    maxMentions,
  );
  mentions.forEach((m, i) => {
    if (!Number.isInteger(m.wordCount) || m.wordCount < 1 || m.wordCount > 50) {
      throw badInput(`mentionedUsers[${i}].wordCount must be from 1 to 50.`, 'mentionedUsers');
    }
    if (!Number.isInteger(m.order) || m.order < 1 || m.order > maxMentions) {
      throw badInput(`mentionedUsers[${i}].order must be from 1 to ${maxMentions}.`, 'mentionedUsers');
    }
  });

  return {
    type,
    customType: checkText(input.customType, 'customType', { max: 64 }) ?? null,
    body,
    parentId: input.parentId ?? null,
    forwardedFromId: input.forwardedFromId ?? null,
    showInConversation: input.showInConversation ?? true,
    recipientIds: checkIds(input.recipientIds, 'recipientIds', limits.idsPerRequest),
    mentionedUsers: mentions.map(({ userId, wordCount, order }) => ({ userId, wordCount, order })),
    attachments,
    updateUnreadCount: input.events?.updateUnreadCount ?? true,
    sendPushNotification: input.events?.sendPushNotification ?? true,
    createdAt: input.createdAt ?? undefined,
    encrypted: input.encrypted ?? false,
    metaData: checkJsonObject(input.metaData, 'metaData') ?? null,
  };
}
