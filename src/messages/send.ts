// Posting messages: send (to a conversation or to a user's 1-to-1), broadcast, forward, edit.
// A plain send is one statement that decides the send right itself (sql/send.ts); a send that
// checks more (a parent, recipients, mentions, a new 1-to-1) decides the same right under the
// conversation's lock in its transaction, then writes with the same statement.
import { createHash } from 'node:crypto';
import type { Context } from '../context.ts';
import { viewerId } from '../auth/identity.ts';
import type { Tx } from '../db/client.ts';
import { publishNow, transaction, type Outbox } from '../db/transaction.ts';
import { Prisma, type Conversation, type Message } from '../generated/prisma/client.ts';
import { AppError, badInput, conflict, forbidden, notFound } from '../errors.ts';
import {
  actorOf,
  assertMaySend,
  fetchAccesses,
  loadAccess,
  sendRefusalError,
  slowModeWaitSeconds,
  type Access,
  type AccessFacts,
  type Viewer,
} from '../access/access.ts';
import { appViewer } from '../access/sql.ts';
import { loadVisibleMessage, loadVisibleMessages } from '../access/views.ts';
import { insertMessage, type NewMessage, type Refused } from '../sql/send.ts';
import { publishMessageChanged, publishMessageWritten } from '../live/publish.ts';
import { notifyMessageChanged } from '../notifications/events.ts';
import { findOrCreateDirect, isUniqueViolation } from '../conversations/create.ts';
import { assertUsersExist } from '../users/users.ts';
import { checkClientId, checkIds, checkJsonObject, checkText } from '../common/validate.ts';
import { checkMessageContent, type MessageContent, type MessageContentInput } from './input.ts';
import { checkAttachment, type AttachmentInput } from './attachments.ts';
import { askBeforeSend, hasBeforeSendHook, type DraftMessage, type ReplaceableContent } from '../notifications/before-send.ts';

interface SendMessageInput extends MessageContentInput {
  id?: string | null;
  conversationId?: string | null;
  userId?: string | null;
}

function hashInput(viewer: string, input: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify([viewer, input]))
    .digest('base64url');
}

/** What the before-send hook is shown of a message about to be sent. */
function draftOf(content: MessageContent): DraftMessage {
  const { type, customType, body, metaData, attachments, parentId, recipientIds, mentionedUsers } = content;
  return { type, customType, body, metaData, attachments, parentId, recipientIds, mentionedUsers };
}

function withReplaced<T extends object>(input: T, replaced: ReplaceableContent): T {
  return { ...input, ...(replaced as Partial<T>) };
}

const isEmpty = (replaced: ReplaceableContent) => Object.keys(replaced).length === 0;

/** Whether a message can take the one-statement path. */
function isPlain(content: MessageContent): boolean {
  return (
    content.type === 'NORMAL' &&
    !content.parentId &&
    !content.forwardedFromId &&
    content.recipientIds.length === 0 &&
    content.mentionedUsers.length === 0
  );
}

/** A message the viewer can see, or BAD_USER_INPUT naming the field (one not there and one not theirs answer alike). */
async function visibleOrBadInput(tx: Tx, viewer: Viewer, id: string, field: string, message: string) {
  try {
    return await loadVisibleMessage(tx, viewer, id);
  } catch (error) {
    // failures are failures
    if (!(error instanceof AppError)) throw error;
    throw badInput(message, field);
  }
}

/**
 * What may be forwarded: a message the viewer reads now as a member or reader, not recalled, not
 * ADMIN. A former member sees a message as it was when they left; forwarding copies the current
 * row, so it is refused to them rather than leak a later edit.
 */
function assertForwardable(found: { message: Message; access: Access }, field: string): Message {
  const { message, access } = found;
  if (access.isFormerMember)
    throw badInput(`You left the conversation of message ${message.id}: only what you read now can be forwarded.`, field);
  if (message.deletedAt) throw badInput(`Message ${message.id} was deleted and cannot be forwarded.`, field);
  if (message.type === 'ADMIN') throw badInput(`Message ${message.id} is an ADMIN message and cannot be forwarded.`, field);
  return message;
}

/**
 * Rules that depend on the conversation: the parent is a message the viewer sees in it, a
 * forwarded message is one they can read (its content is copied when the send gives none),
 * recipients are its members, mentioned users exist. Returns the content to send.
 */
async function checkAgainstConversation(
  ctx: Context,
  tx: Tx,
  viewer: Viewer,
  access: Access,
  content: MessageContent,
): Promise<MessageContent> {
  const conversationId = access.conversation.id;
  if (content.forwardedFromId) {
    const original = assertForwardable(
      await visibleOrBadInput(tx, viewer, content.forwardedFromId, 'forwardedFromId', 'forwardedFromId must be a message you can read.'),
      'forwardedFromId',
    );
    if (!content.body && content.attachments.length === 0) {
      content = {
        ...content,
        body: original.body,
        attachments: original.attachments as MessageContent['attachments'],
        customType: content.customType ?? original.customType,
        metaData: content.metaData ?? (original.metaData as Record<string, unknown> | null),
        encrypted: original.encrypted,
      };
    }
  }
  if (content.parentId) {
    const { message: parent } = await visibleOrBadInput(
      tx,
      viewer,
      content.parentId,
      'parentId',
      'parentId must be a message you can see in this conversation.',
    );
    if (parent.conversationId !== conversationId) {
      throw badInput('The parent message is in another conversation.', 'parentId');
    }
  }
  const recipients = content.recipientIds.filter((id) => id !== viewer);
  if (recipients.length) {
    const members = await tx.member.findMany({
      where: { conversationId, userId: { in: recipients }, leftAt: null },
      select: { userId: true },
    });
    const found = new Set(members.map((m) => m.userId));
    const strangers = recipients.filter((id) => !found.has(id));
    if (strangers.length) throw badInput(`Recipients must be members: ${strangers.join(', ')}.`, 'recipientIds');
  }
  if (content.mentionedUsers.length) {
    await assertUsersExist(
      tx,
      ctx.runtime.users,
      content.mentionedUsers.map((m) => m.userId),
      'mentionedUsers',
    );
  }
  return content;
}

function toNewMessage(viewer: string | null, content: MessageContent, extra: Partial<NewMessage> = {}): NewMessage {
  return {
    type: content.type,
    ownerId: viewer,
    customType: content.customType,
    body: content.body,
    parentId: content.parentId,
    forwardedFromId: content.forwardedFromId,
    showInConversation: content.showInConversation,
    recipientIds: content.recipientIds.filter((id) => id !== viewer),
    mentionedUsers: content.mentionedUsers,
    attachments: content.attachments,
    metaData: content.metaData,
    encrypted: content.encrypted,
    updateUnreadCount: content.updateUnreadCount,
    sendPushNotification: content.sendPushNotification,
    createdAt: content.createdAt,
    ...extra,
  };
}

/** The error a refused send answers with. */
function refusedError(refused: Refused, now: Date): Error {
  return sendRefusalError(refused.refusal, {
    ...refused,
    waitSeconds: slowModeWaitSeconds(refused.oldestRecent, refused.rateLimitWindow, now),
  });
}

/** Posts to a conversation whose send right the caller decided, in its transaction. */
async function postDecided(tx: Tx, outbox: Outbox, conversationId: string, message: NewMessage, now: Date): Promise<Message> {
  const result = await insertMessage(tx, conversationId, message, { now, sender: null, outbox });
  if (!result || 'refusal' in result) throw new Error(`conversation ${conversationId} vanished during a send`);
  publishMessageWritten(outbox, result.written);
  return result.message;
}

/**
 * The app posting as itself (the API key alone): ADMIN messages, owned by no one, to any
 * conversation, with the app's authority (not stopped by a freeze, a mute or slow mode).
 */
async function sendAsApp(ctx: Context, input: SendMessageInput): Promise<Message> {
  const id = checkClientId(input.id);
  if (!input.conversationId)
    throw badInput('The app posts to a conversation: conversationId (it has no 1-to-1s of its own).', 'conversationId');
  if (input.type && input.type !== 'ADMIN') {
    throw badInput('The app posts ADMIN messages; to send as a user, add x-user-id to the API key.', 'type');
  }
  const content = checkMessageContent(ctx, { ...input, type: 'ADMIN' });
  const { id: _id, ...hashed } = input;
  const inputHash = id ? hashInput('@app', hashed) : null;
  if (id) {
    const existing = await findIdempotent(ctx, id, inputHash);
    if (existing) return existing;
  }
  const conversationId = input.conversationId;
  return transaction(ctx.runtime, async (tx, outbox) => {
    const now = ctx.runtime.clock.now();
    const access = await loadAccess(tx, appViewer, conversationId, { lock: true, now });
    await assertMaySend(tx, access, now);
    const checked = content.recipientIds.length ? await checkAgainstConversation(ctx, tx, appViewer, access, content) : content;
    return postDecided(tx, outbox, conversationId, { ...toNewMessage(null, checked, { id, inputHash }) }, now);
  });
}

/**
 * A sent message and, when the one-statement send wrote it, the sender's facts that statement
 * read with the write: the answer is seen through the access rules from them (access/views.ts
 * seeSent) instead of reading them again.
 */
interface Sent {
  message: Message;
  writer: Omit<AccessFacts, 'isApp'> | null;
}

const alone = (message: Message): Sent => ({ message, writer: null });

export async function sendMessage(ctx: Context, input: SendMessageInput): Promise<Sent> {
  const actor = actorOf(ctx);
  if (typeof actor !== 'string') return alone(await sendAsApp(ctx, input));
  const viewer = actor;
  const id = checkClientId(input.id);
  if (!input.conversationId === !input.userId) {
    throw badInput('Send to either conversationId or userId (the 1-to-1 with that user).', 'conversationId');
  }
  const checked = checkMessageContent(ctx, input);
  const { id: _id, ...hashed } = input;
  const inputHash = id ? hashInput(viewer, hashed) : null;
  if (id) {
    const existing = await findIdempotent(ctx, id, inputHash);
    if (existing) return alone(existing);
  }
  // the app's own moderation, before anything is written (a retry with the same id returned above)
  const replaced = await askBeforeSend(
    ctx,
    {
      action: 'send',
      senderId: viewer,
      conversationId: input.conversationId ?? null,
      userId: input.userId ?? null,
      message: draftOf(checked),
    },
    (r) => checkMessageContent(ctx, withReplaced(input, r)),
  );
  const content = isEmpty(replaced) ? checked : checkMessageContent(ctx, withReplaced(input, replaced));
  const attempt = async (): Promise<Sent> => {
    const now = ctx.runtime.clock.now();
    const message = toNewMessage(viewer, content, { id, inputHash });
    if (input.conversationId && isPlain(content)) {
      // one statement: the send right is decided with the write, under the same lock
      const result = await insertMessage(ctx.db, input.conversationId, message, { now, sender: viewer });
      if (!result) throw notFound('Conversation', input.conversationId);
      if ('refusal' in result) throw refusedError(result, now);
      publishNow(ctx.runtime, (outbox) => publishMessageWritten(outbox, result.written));
      return { message: result.message, writer: result.writer && { viewerId: viewer, ...result.writer } };
    }
    const posted = await transaction(ctx.runtime, async (tx, outbox) => {
      const conversationId = input.conversationId ?? (await findOrCreateDirect(ctx, tx, outbox, viewer, input.userId!, now)).id;
      const access = await loadAccess(tx, viewer, conversationId, { lock: true, now });
      await assertMaySend(tx, access, now);
      const checked = await checkAgainstConversation(ctx, tx, viewer, access, content);
      return postDecided(tx, outbox, conversationId, checked === content ? message : toNewMessage(viewer, checked, { id, inputHash }), now);
    });
    return alone(posted);
  };
  const sent = await attempt().catch(async (e: unknown) => {
    if (!isUniqueViolation(e)) throw e;
    // the same client id, or the same new 1-to-1, was written concurrently
    if (id) {
      const winner = await findIdempotent(ctx, id, inputHash);
      if (winner) return alone(winner);
    }
    return attempt();
  });
  // the message is what the typing was for
  ctx.runtime.live.typing.endIfTyping(sent.message.conversationId, viewer);
  return sent;
}

async function findIdempotent(ctx: Context, id: string, inputHash: string | null): Promise<Message | null> {
  const existing = await ctx.db.prisma.message.findUnique({ where: { id } });
  if (existing && existing.inputHash !== inputHash) {
    throw conflict('That id is taken by a different message: retry with the same input, or use a new id.');
  }
  return existing;
}

interface BroadcastInput extends MessageContentInput {
  conversationIds?: string[] | null;
  userIds?: string[] | null;
}

const maxBroadcastTargets = 100;

/** Opens every target first (each user's 1-to-1, made if needed) and checks them all. */
async function openTargets(
  ctx: Context,
  tx: Tx,
  outbox: Outbox,
  viewer: string,
  conversationIds: string[],
  userIds: string[],
  now: Date,
): Promise<Access[]> {
  const direct: Conversation[] = [];
  for (const userId of userIds) direct.push(await findOrCreateDirect(ctx, tx, outbox, viewer, userId, now));
  const ids = [...new Set([...conversationIds, ...direct.map((c) => c.id)])];
  const accesses = await fetchAccesses(tx, viewer, ids, { lock: true, now });
  const missing = ids.filter((id) => !accesses.has(id));
  if (missing.length) throw badInput(`No conversation has the id ${missing.join(', ')}.`, 'conversationIds');
  const targets = ids.map((id) => accesses.get(id)!);
  for (const access of targets) await assertMaySend(tx, access, now);
  return targets;
}

function checkTargets(conversationIds: string[] | null | undefined, userIds: string[] | null | undefined) {
  const conversations = checkIds(conversationIds, 'conversationIds', maxBroadcastTargets);
  const users = checkIds(userIds, 'userIds', maxBroadcastTargets);
  if (conversations.length + users.length === 0) throw badInput('Name at least one conversation or user.', 'conversationIds');
  if (conversations.length + users.length > maxBroadcastTargets) {
    throw badInput(`At most ${maxBroadcastTargets} targets at once.`, 'conversationIds');
  }
  return { conversations, users };
}

/** The same message to many conversations and users; one forbidden target and nothing is sent. */
export async function broadcastMessage(ctx: Context, input: BroadcastInput): Promise<Message[]> {
  const viewer = viewerId(ctx);
  const { conversations, users } = checkTargets(input.conversationIds, input.userIds);
  const checked = checkMessageContent(ctx, input);
  const replaced = await askBeforeSend(
    ctx,
    { action: 'broadcast', senderId: viewer, conversationIds: conversations, userIds: users, message: draftOf(checked) },
    (r) => checkMessageContent(ctx, withReplaced(input, r)),
  );
  const content = isEmpty(replaced) ? checked : checkMessageContent(ctx, withReplaced(input, replaced));
  if (content.parentId) throw badInput('A broadcast cannot be a reply.', 'parentId');
  if (content.recipientIds.length) throw badInput('A broadcast goes to whole conversations: no recipientIds.', 'recipientIds');
  return transaction(ctx.runtime, async (tx, outbox) => {
    const now = ctx.runtime.clock.now();
    const targets = await openTargets(ctx, tx, outbox, viewer, conversations, users, now);
    for (const access of targets) await checkAgainstConversation(ctx, tx, viewer, access, content);
    const sent: Message[] = [];
    for (const access of targets) sent.push(await postDecided(tx, outbox, access.conversation.id, toNewMessage(viewer, content), now));
    return sent;
  }).then((sent) => {
    for (const message of sent) ctx.runtime.live.typing.endIfTyping(message.conversationId, viewer);
    return sent;
  });
}

const maxForwards = 500;

/** Copies of messages the viewer can read, as FORWARD messages, in conversations they can post to. */
export async function forwardMessages(
  ctx: Context,
  messageIds: string[],
  conversationIds: string[] | null | undefined,
  userIds: string[] | null | undefined,
): Promise<Message[]> {
  const viewer = viewerId(ctx);
  const sources = checkIds(messageIds, 'messageIds', ctx.config.limits.idsPerRequest);
  if (sources.length === 0) throw badInput('Name at least one message to forward.', 'messageIds');
  const { conversations, users } = checkTargets(conversationIds, userIds);
  if (sources.length * (conversations.length + users.length) > maxForwards) {
    throw badInput(`At most ${maxForwards} forwarded copies at once.`, 'messageIds');
  }
  return transaction(ctx.runtime, async (tx, outbox) => {
    const now = ctx.runtime.clock.now();
    const originals = (await loadVisibleMessages(tx, viewer, sources)).map((found) => assertForwardable(found, 'messageIds'));
    const targets = await openTargets(ctx, tx, outbox, viewer, conversations, users, now);
    const sent: Message[] = [];
    for (const access of targets) {
      for (const original of originals.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.seq - b.seq)) {
        sent.push(
          await postDecided(
            tx,
            outbox,
            access.conversation.id,
            {
              type: 'FORWARD',
              ownerId: viewer,
              customType: original.customType,
              body: original.body,
              attachments: original.attachments as Record<string, unknown>[],
              metaData: original.metaData as Record<string, unknown> | null,
              encrypted: original.encrypted,
              forwardedFromId: original.id,
            },
            now,
          ),
        );
      }
    }
    return sent;
  });
}

interface EditMessageInput {
  body?: string | null;
  customType?: string | null;
  metaData?: unknown;
  attachments?: AttachmentInput[] | null;
}

/**
 * The before-send hook sees an edit as the message will read after it (the edit over what it
 * replaces); what it replaces goes into the edit. Outside the transaction: the hook may take
 * seconds, and nothing is locked meanwhile (the transaction checks everything again).
 */
async function askBeforeEdit(ctx: Context, viewer: string, messageId: string, input: EditMessageInput): Promise<EditMessageInput> {
  if (!(await hasBeforeSendHook(ctx))) return input;
  const { message } = await loadVisibleMessage(ctx.db.prisma, viewer, messageId);
  if (message.ownerId !== viewer || message.deletedAt || message.type === 'ADMIN') return input;
  const draft: DraftMessage = {
    type: message.type,
    body: input.body !== undefined ? input.body : message.body,
    customType: input.customType !== undefined ? input.customType : message.customType,
    metaData: input.metaData !== undefined ? input.metaData : message.metaData,
    attachments: input.attachments ?? (message.attachments as unknown[]),
    parentId: message.parentId,
  };
  const replaced = await askBeforeSend(
    ctx,
    { action: 'edit', senderId: viewer, conversationId: message.conversationId, messageId, message: draft },
    (r) => {
      if (r.body !== undefined) checkText(r.body, 'body', { max: ctx.config.limits.bodyLength, allowEmpty: true });
      if (r.metaData !== undefined) checkJsonObject(r.metaData, 'metaData');
      (r.attachments ?? []).forEach((a, i) =>
        checkAttachment(a as AttachmentInput, i, { allowAdmin: false, maxText: ctx.config.limits.bodyLength }),
      );
    },
  );
  return { ...input, ...(replaced as Partial<EditMessageInput>) };
}

/**
 * The sender changes a message they can still see, with the send right (mute, freeze and slow mode
 * apply); it records editedAt, and keeps the content it replaces for those who left before the edit.
 */
export async function editMessage(ctx: Context, messageId: string, asked: EditMessageInput): Promise<Message> {
  const viewer = viewerId(ctx);
  const { limits } = ctx.config;
  const input = await askBeforeEdit(ctx, viewer, messageId, asked);
  return transaction(ctx.runtime, async (tx, outbox) => {
    const now = ctx.runtime.clock.now();
    const { message, access } = await loadVisibleMessage(tx, viewer, messageId, { lock: true });
    if (message.ownerId !== viewer) throw forbidden('Only the sender may edit a message.');
    if (message.deletedAt) throw badInput('A deleted message cannot be edited.', 'messageId');
    if (message.type === 'ADMIN') throw badInput('ADMIN messages cannot be edited.', 'messageId');
    await assertMaySend(tx, access, now);
    const data: Prisma.MessageUpdateInput = { editedAt: now };
    if (input.body !== undefined) data.body = checkText(input.body, 'body', { max: limits.bodyLength, allowEmpty: true }) ?? null;
    if (input.customType !== undefined) data.customType = checkText(input.customType, 'customType', { max: 64 }) ?? null;
    if (input.metaData !== undefined) {
      const metaData = checkJsonObject(input.metaData, 'metaData');
      data.metaData = metaData === null || metaData === undefined ? Prisma.DbNull : (metaData as Prisma.InputJsonValue);
    }
    if (input.attachments !== undefined && input.attachments !== null) {
      if (input.attachments.length > limits.attachments) {
        throw badInput(`A message may have at most ${limits.attachments} attachments.`, 'attachments');
      }
      const attachments = input.attachments.map((a, i) => checkAttachment(a, i, { allowAdmin: false, maxText: limits.bodyLength }));
      data.attachments = attachments as Prisma.InputJsonValue[];
      data.attachmentTypes = [...new Set(attachments.map((a) => a.type))];
    }
    const body = data.body === undefined ? message.body : data.body;
    const attachmentCount = input.attachments ? input.attachments.length : (message.attachments as unknown[]).length;
    if (!body && attachmentCount === 0) throw badInput('A message needs a body or an attachment.', 'body');
    await tx.messageRevision.create({
      data: {
        messageId,
        body: message.body,
        customType: message.customType,
        metaData: (message.metaData ?? Prisma.DbNull) as Prisma.InputJsonValue,
        attachments: message.attachments as Prisma.InputJsonValue,
        attachmentTypes: message.attachmentTypes,
        editedAt: message.editedAt,
        replacedAt: now,
      },
    });
    const updated = await tx.message.update({ where: { id: messageId }, data });
    publishMessageChanged(outbox, updated.conversationId, 'edited', updated.id, viewer);
    notifyMessageChanged(outbox, 'message.edited', updated, viewer);
    return updated;
  });
}
