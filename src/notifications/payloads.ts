// What a webhook receives and what a push shows. Events keep model-shaped snapshots (the row as
// the change left it); these turn them into the documented payloads (README "Webhooks"), leaving
// out what is internal (input hashes, sequence counters, distinct keys).
import type { Conversation, Message, User } from '../generated/prisma/client.ts';
import { fromJson } from '../db/columns.ts';

type Json = Record<string, unknown>;

const iso = (value: unknown): string | null =>
  value === null || value === undefined ? null : new Date(value as string | Date).toISOString();

/** A message as the app sees it (the app sees every message whole). */
function messagePayload(raw: Json): Json {
  const m = fromJson<Message>('message', { ...raw });
  return {
    id: m.id,
    conversationId: m.conversationId,
    seq: m.seq,
    type: m.type,
    customType: m.customType,
    body: m.body,
    senderId: m.ownerId,
    parentId: m.parentId,
    showInConversation: m.showInConversation,
    recipientIds: m.recipientIds,
    mentionedUsers: m.mentionedUsers,
    attachments: m.attachments,
    metaData: m.metaData,
    encrypted: m.encrypted,
    forwardedFromId: m.forwardedFromId,
    reactionCounts: m.reactionCounts,
    flagCount: m.flagCount,
    replyCount: m.replyCount,
    isDeleted: m.deletedAt !== null,
    createdAt: iso(m.createdAt),
    updatedAt: iso(m.updatedAt),
    editedAt: iso(m.editedAt),
    deletedAt: iso(m.deletedAt),
    pinnedAt: iso(m.pinnedAt),
  };
}

/** A conversation as the app sees it. */
function conversationPayload(raw: Json): Json {
  const c = fromJson<Conversation>('conversation', { ...raw });
  return {
    id: c.id,
    type: c.type,
    isGroup: c.isGroup,
    title: c.title,
    profileImageUrl: c.profileImageUrl,
    customType: c.customType,
    ownerId: c.ownerId,
    config: { typingEvents: c.typingEvents, readEvents: c.readEvents, pushNotifications: c.pushNotifications, pinMessages: c.pinMessages },
    metaData: c.metaData,
    tags: c.tags,
    category: c.category,
    subcategory: c.subcategory,
    isFrozen: c.isFrozen,
    // the conversation-wide mute as set (its end may have passed since)
    mutedAt: iso(c.mutedAt),
    mutedUntil: iso(c.mutedUntil),
    // the app's own fields: webhooks go to the app's server only
    privateTag: c.privateTag,
    privateData: c.privateData,
    invitationCode: c.invitationCode,
    hideMessagesBeforeJoin: c.hideMessagesBeforeJoin,
    maxMemberCount: c.maxMemberCount,
    rateLimit: c.rateLimit,
    rateLimitWindow: c.rateLimitWindow,
    flagLimit: c.flagLimit,
    memberCount: c.memberCount,
    createdAt: iso(c.createdAt),
    updatedAt: iso(c.updatedAt),
  };
}

/** The `data` of a webhook event of `type` from what its event keeps. */
export function webhookData(type: string, conversationId: string | null, payload: Json): Json {
  const data: Json = { conversationId };
  if ('actorId' in payload) data.actorId = payload.actorId;
  if ('actorKind' in payload) data.actorKind = payload.actorKind;
  if (type === 'message.new') {
    // the sender; a message of no one's (ADMIN) is posted by the app or by the server for a group change
    data.actorId = (payload.message as Json).ownerId ?? null;
    data.actorKind = data.actorId ? 'USER' : 'APP';
  }
  if (payload.message) data.message = messagePayload(payload.message as Json);
  if (payload.conversation) data.conversation = conversationPayload(payload.conversation as Json);
  if (payload.userIds) data.userIds = payload.userIds;
  if ('reaction' in payload) data.reaction = payload.reaction;
  if ('reason' in payload) data.reason = payload.reason;
  return data;
}

/** The body a webhook receives (Standard Webhooks: type, timestamp, data). */
export function webhookBody(type: string, createdAt: Date, data: Json): string {
  return JSON.stringify({ type, timestamp: createdAt.toISOString(), data });
}

/** A push notification: what a device shows for a new message, and what the app needs to open it. */
interface PushNotification {
  type: 'message.new';
  conversationId: string;
  messageId: string;
  seq: number;
  senderId: string | null;
  title: string;
  body: string;
  mentioned: boolean;
  createdAt: string;
}

const previewLength = 200;

function preview(message: Message): string {
  if (message.encrypted) return 'New message';
  const body = (message.body ?? '').trim();
  if (body) return [...body].length > previewLength ? `${[...body].slice(0, previewLength - 1).join('')}…` : body;
  const types = message.attachmentTypes;
  if (types.includes('image')) return 'Sent a photo';
  if (types.length) return 'Sent an attachment';
  return 'New message';
}

export function pushNotification(
  rawMessage: Json,
  conversation: Pick<Conversation, 'isGroup' | 'title'>,
  sender: Pick<User, 'displayName'> | null,
  mentioned: boolean,
): PushNotification {
  const message = fromJson<Message>('message', { ...rawMessage });
  const senderName = sender?.displayName || 'Someone';
  const text = preview(message);
  const group = conversation.isGroup && conversation.title;
  return {
    type: 'message.new',
    conversationId: message.conversationId,
    messageId: message.id,
    seq: message.seq,
    senderId: message.ownerId,
    title: group ? conversation.title! : senderName,
    body: group ? `${senderName}: ${text}` : text,
    mentioned,
    createdAt: new Date(message.createdAt).toISOString(),
  };
}
