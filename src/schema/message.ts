import { builder, skipArg, viewerDependent } from './builder.ts';
import { NodeRef } from './node.ts';
import { defaultPageSize } from '../common/pagination.ts';
import { MessageType } from '../generated/prisma/client.ts';
import { UserRef } from './user.ts';
import { ConversationRef } from './conversation.ts';
import { AttachmentRef } from './attachment.ts';
import type { StoredAttachment } from '../messages/attachments.ts';
import { broadcastMessage, editMessage, forwardMessages, sendMessage } from '../messages/send.ts';
import { countMessages, listMessages, listPinned, listReplies, readMessage } from '../messages/read.ts';
import { messageCursor, messageOrders } from '../sql/messages.ts';
import { messageAddedStream } from '../live/message-stream.ts';
import { addReaction, reactionCountsOf, reactionsOfType, removeReaction } from '../messages/reactions.ts';
import { deleteMessages, deleteMessagesForEveryone, flagMessage, pinMessage, unflagMessage, unpinMessage } from '../messages/moderation.ts';
import { markConversationRead, totalUnreadCount } from '../messages/reading.ts';
import {
  seeChanged,
  seeConversation,
  seeSent,
  seesDetails,
  seeWritten,
  seeWrittenAll,
  visibleLastMessage,
  visibleMessage,
  seenReactionCounts,
} from '../access/views.ts';
import type { MentionInput } from '../messages/input.ts';

const MessageTypeEnum = builder.enumType(MessageType, { name: 'MessageType' });

const MentionRef = builder.objectRef<MentionInput>('Mention').implement({
  fields: (t) => ({
    user: t.field({ type: UserRef, nullable: true, resolve: (m, _args, ctx) => ctx.loaders.user.load(m.userId) }),
    wordCount: t.exposeInt('wordCount', { description: "How many words of the body the mention's name takes." }),
    order: t.exposeInt('order', { description: 'Its place among the mentions of the message, from 1.' }),
  }),
});

export const ReactionCountRef = builder.objectRef<{ type: string; count: number }>('ReactionCount').implement({
  fields: (t) => ({ type: t.exposeString('type'), count: t.exposeInt('count') }),
});

const ReactionRef = builder.prismaObject('Reaction', {
  description: 'One user reacting to a message with one type.',
  fields: (t) => ({
    type: t.exposeString('type'),
    user: t.relation('user', {
      // loaded with the reaction when a Prisma query brought it; else batched by id
      resolve: async (_query, r, _args, ctx) => (await ctx.loaders.user.load(r.userId))!,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const ReactionConnection = builder.connectionObject({ type: ReactionRef, name: 'ReactionConnection' });

export const MessageRef = builder.prismaObject('Message', {
  interfaces: [NodeRef],
  fields: (t) => ({
    id: t.exposeID('id'),
    seq: t.exposeInt('seq', { description: 'Position in the conversation: 1, 2, 3, ... with no gap.' }),
    cursor: t.string({
      description: "The message's cursor, as in `messages` edges; pass it to messageAdded(after:) to resume.",
      resolve: (m) => messageCursor(m.seq),
    }),
    conversation: t.field({
      type: ConversationRef,
      // a message the viewer sees is in a conversation they see
      resolve: async (m, _args, ctx) => (await seeConversation(ctx, await ctx.loaders.conversation.load(m.conversationId)))!,
    }),
    type: t.expose('type', { type: MessageTypeEnum }),
    customType: t.exposeString('customType', { nullable: true }),
    body: t.exposeString('body', { nullable: true }),
    // A plain field, not plugin-prisma's t.relation, as Member.user: messages reach the schema from
    // hand SQL (lists, the inbox's last messages, live feeds) with their owners primed in the user
    // loader, so the relation's lookahead served message(id) alone, while its wrapper looked up a
    // mapping and planned a fallback query for every message: found by profiling the inbox (25 last
    // messages), where dropping it took 7 to 25 % (median 12 %) off a request's server CPU.
    owner: t.field({
      type: UserRef,
      nullable: true,
      description: 'The sender; null for messages of the system.',
      resolve: (m, _args, ctx) => (m.ownerId ? ctx.loaders.user.load(m.ownerId) : null),
    }),
    replyCount: t.int({
      extensions: viewerDependent,
      description: 'Replies you can see.',
      resolve: (m, _args, ctx) => ctx.loaders.replyCount.load(m),
    }),
    showInConversation: t.exposeBoolean('showInConversation'),
    recipients: t.field({
      type: [UserRef],
      description: 'When not empty, only these users (and the sender) see the message.',
      resolve: async (m, _args, ctx) => {
        const users = await ctx.loaders.user.loadMany(m.recipientIds);
        return users.flatMap((u) => (u && !(u instanceof Error) ? [u] : []));
      },
    }),
    mentionedUsers: t.field({
      type: [MentionRef],
      resolve: (m) => (Array.isArray(m.mentionedUsers) ? (m.mentionedUsers as unknown as MentionInput[]) : []),
    }),
    attachments: t.field({
      type: [AttachmentRef],
      resolve: (m) => (Array.isArray(m.attachments) ? (m.attachments as unknown as StoredAttachment[]) : []),
    }),
    reactionCounts: t.field({
      type: [ReactionCountRef],
      // a former member's copy reads the counts from before they left only here, when asked
      resolve: (m, _args, ctx) => {
        const counts = seenReactionCounts(ctx, m);
        return counts instanceof Promise
          ? counts.then((reactionCounts) => reactionCountsOf({ reactionCounts }))
          : reactionCountsOf({ reactionCounts: counts });
      },
    }),
    viewerReactions: t.stringList({
      extensions: viewerDependent,
      description: 'The types you reacted with.',
      resolve: (m, _args, ctx) => ctx.loaders.viewerReactions.load(m.id),
    }),
    reactions: t.connection(
      {
        type: ReactionRef,
        description: 'The reactions of this type, in the order they were made (each with its user).',
        args: { type: t.arg.string({ required: true }) },
        resolve: (m, args, ctx) => reactionsOfType(ctx, m, args.type, args),
      },
      ReactionConnection,
    ),
    pinned: t.boolean({ resolve: (m) => m.pinnedAt !== null }),
    pinnedAt: t.expose('pinnedAt', { type: 'DateTime', nullable: true }),
    pinnedBy: t.field({
      type: UserRef,
      nullable: true,
      resolve: (m, _args, ctx) => (m.pinnedById ? ctx.loaders.user.load(m.pinnedById) : null),
    }),
    isDeleted: t.boolean({ description: 'Deleted for everyone (recalled).', resolve: (m) => m.deletedAt !== null }),
    encrypted: t.exposeBoolean('encrypted'),
    metaData: t.expose('metaData', { type: 'JSON', nullable: true }),
    readCount: t.int({
      nullable: true,
      description:
        'Members other than the sender who have read it (0 when sent with readEvents off); null for a former member, who sees no counts.',
      resolve: async (m, _args, ctx) => ((await seesDetails(ctx, m.conversationId)) ? ctx.loaders.readCount.load(m.id) : null),
    }),
    flagCount: t.int({
      nullable: true,
      description: 'Users who flagged it; null for a former member, who sees no counts.',
      resolve: async (m, _args, ctx) => ((await seesDetails(ctx, m.conversationId)) ? m.flagCount : null),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    editedAt: t.expose('editedAt', { type: 'DateTime', nullable: true }),
  }),
});

const MessageConnection = builder.connectionObject({ type: MessageRef, name: 'MessageConnection' });

builder.prismaObjectFields(MessageRef, (t) => ({
  parent: t.field({
    extensions: viewerDependent,
    type: MessageRef,
    nullable: true,
    description: 'The message this one replies to, when you can see it.',
    resolve: (m, _args, ctx) => (m.parentId ? visibleMessage(ctx, m.parentId) : null),
  }),
  forwardedFrom: t.field({
    extensions: viewerDependent,
    type: MessageRef,
    nullable: true,
    description: 'The original of a FORWARD message, when you can still see it.',
    resolve: (m, _args, ctx) => (m.forwardedFromId ? visibleMessage(ctx, m.forwardedFromId) : null),
  }),
  replies: t.connection(
    {
      extensions: viewerDependent,
      type: MessageRef,
      description: 'The thread under this message, oldest first.',
      resolve: (m, args, ctx) => listReplies(ctx, m, args),
    },
    MessageConnection,
  ),
}));

builder.prismaObjectFields(ConversationRef, (t) => ({
  lastMessage: t.field({
    extensions: viewerDependent,
    type: MessageRef,
    nullable: true,
    description: 'The newest message the viewer can see.',
    resolve: (c, _args, ctx) => visibleLastMessage(ctx, c.id),
  }),
  pinnedMessages: t.connection(
    {
      extensions: viewerDependent,
      type: MessageRef,
      description: 'Pinned messages, most recently pinned first.',
      resolve: (c, args, ctx) => listPinned(ctx, c.id, args),
    },
    MessageConnection,
  ),
}));

const MessageFilterInput = builder.inputType('MessageFilter', {
  fields: (t) => ({
    ids: t.idList(),
    types: t.field({ type: [MessageTypeEnum] }),
    customTypes: t.stringList(),
    attachmentTypes: t.stringList(),
    ownerIds: t.idList(),
    parentId: t.id({ description: 'Replies to this message.' }),
    showInConversation: t.boolean(),
    pinned: t.boolean(),
    search: t.string({ description: 'Full-text search of the body: words, "phrases", -excluded, or.' }),
  }),
});

const MessageOrderEnum = builder.enumType('MessageOrder', { values: messageOrders });

builder.prismaObjectFields(ConversationRef, (t) => ({
  messages: t.connection(
    {
      type: MessageRef,
      extensions: viewerDependent,
      description: `The conversation's messages as the viewer sees them: the same rules, filter, order and pages as the root messages field (${defaultPageSize} to a page unless first or last says), for a chat screen's fragment on its conversation.`,
      args: {
        skip: t.arg.int(skipArg),
        filter: t.arg({ type: MessageFilterInput }),
        orderBy: t.arg({
          type: MessageOrderEnum,
          defaultValue: 'CREATED_AT_DESC',
          description: 'Newest first by default, as the root messages field.',
        }),
      },
      resolve: (c, args, ctx) => listMessages(ctx, c.id, args.filter ?? {}, args.orderBy ?? 'CREATED_AT_DESC', args),
    },
    MessageConnection,
  ),
}));

builder.queryFields((t) => ({
  messages: t.connection(
    {
      type: MessageRef,
      description: `A conversation's messages as the viewer sees them, ${defaultPageSize} to a page unless first or last says.`,
      args: {
        conversationId: t.arg.id({ required: true }),
        skip: t.arg.int(skipArg),
        filter: t.arg({ type: MessageFilterInput }),
        orderBy: t.arg({
          type: MessageOrderEnum,
          defaultValue: 'CREATED_AT_DESC',
          description:
            "Newest first by default: `first: N` is the latest page and `after:` walks back in time. For Relay's chat pattern, `CREATED_AT_ASC` with `last: N` and `before:` (the same latest page, oldest at the top).",
        }),
      },
      resolve: (_root, args, ctx) => listMessages(ctx, args.conversationId, args.filter ?? {}, args.orderBy ?? 'CREATED_AT_DESC', args),
    },
    MessageConnection,
  ),
  messageCount: t.int({
    args: { conversationId: t.arg.id({ required: true }), filter: t.arg({ type: MessageFilterInput }) },
    resolve: (_root, args, ctx) => countMessages(ctx, args.conversationId, args.filter ?? {}),
  }),
  message: t.prismaField({
    type: 'Message',
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    // plugin-prisma's lookahead: the relations the query selects (the owner) come in the same statement
    resolve: async (query, _root, args, ctx) => readMessage(ctx, args.id, query),
  }),
  unreadMessageCount: t.int({
    description: 'Your unread messages over all your conversations.',
    deprecationReason: 'Use viewer { unreadMessageCount }, which a normalised cache keeps on the viewer.',
    resolve: (_root, _args, ctx) => totalUnreadCount(ctx),
  }),
}));

const AttachmentInput = builder.inputType('AttachmentInput', {
  description: "Flat, as the reference document shows: `type` and that kind's keys; your own keys go in `extra`.",
  fields: (t) => ({
    type: t.string({ required: true, description: 'image, audio, video, document, location, gif, sticker, text, or your own' }),
    customType: t.string(),
    fileUrl: t.string(),
    fileId: t.id({ description: 'An upload of yours (uploadFile), instead of fileUrl.' }),
    name: t.string(),
    mimeType: t.string(),
    extension: t.string(),
    size: t.float({ description: 'bytes' }),
    thumbnailUrl: t.string(),
    latitude: t.float(),
    longitude: t.float(),
    title: t.string(),
    address: t.string(),
    downsampledUrl: t.string(),
    originalUrl: t.string(),
    stillUrl: t.string(),
    adminMessageType: t.string({ description: 'ADMIN messages (API key) only.' }),
    metaData: t.field({ type: 'JSON' }),
    text: t.string(),
    extra: t.field({ type: 'JSON' }),
  }),
});

const MentionInputRef = builder.inputType('MentionInput', {
  fields: (t) => ({
    userId: t.id({ required: true }),
    wordCount: t.int({ required: true }),
    order: t.int({ required: true }),
  }),
});

const MessageEventsInput = builder.inputType('MessageEventsInput', {
  fields: (t) => ({
    sendPushNotification: t.boolean({ description: 'Default true.' }),
    updateUnreadCount: t.boolean({ description: 'Default true. false: the message does not count as unread.' }),
  }),
});

/** The content fields shared by sendMessage and broadcastMessage. */
function contentFields(
  t: PothosSchemaTypes.InputFieldBuilder<typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never, 'InputObject'>,
) {
  return {
    type: t.field({ type: MessageTypeEnum, description: 'NORMAL (default), REPLY (with parentId), ADMIN (API key only).' }),
    customType: t.string(),
    body: t.string(),
    showInConversation: t.boolean({ description: 'Default true.' }),
    mentionedUsers: t.field({ type: [MentionInputRef] }),
    attachments: t.field({ type: [AttachmentInput] }),
    events: t.field({ type: MessageEventsInput }),
    createdAt: t.field({ type: 'DateTime', description: 'API key only.' }),
    encrypted: t.boolean(),
    metaData: t.field({ type: 'JSON' }),
  };
}

const SendMessageInput = builder.inputType('SendMessageInput', {
  fields: (t) => ({
    id: t.id({ description: 'Your own id for the message: sending again with it is idempotent.' }),
    conversationId: t.id({ description: 'Either this, or userId.' }),
    userId: t.id({ description: 'Send to the 1-to-1 with this user (made if needed).' }),
    parentId: t.id({ description: 'Reply to this message (same conversation).' }),
    forwardedFromId: t.id({
      description:
        "type FORWARD (Channelize's send type forward): the message this one forwards, which you must be able to read; its content is copied when you give no body or attachments. forwardMessages copies many at once.",
    }),
    recipientIds: t.idList({ description: 'Only these members (and you) will see the message.' }),
    ...contentFields(t),
  }),
});

const BroadcastMessageInput = builder.inputType('BroadcastMessageInput', {
  fields: (t) => ({
    conversationIds: t.idList(),
    userIds: t.idList({ description: 'Each user gets it in their 1-to-1 with you.' }),
    ...contentFields(t),
  }),
});

const EditMessageInput = builder.inputType('EditMessageInput', {
  fields: (t) => ({
    body: t.string(),
    customType: t.string(),
    metaData: t.field({ type: 'JSON' }),
    attachments: t.field({ type: [AttachmentInput] }),
  }),
});

builder.mutationFields((t) => {
  const messageId = () => t.arg.id({ required: true });
  const messageIds = () => t.arg.idList({ required: true });
  return {
    sendMessage: t.field({
      type: MessageRef,
      args: { input: t.arg({ type: SendMessageInput, required: true }) },
      resolve: async (_root, { input }, ctx) => seeSent(ctx, await sendMessage(ctx, input)),
    }),
    broadcastMessage: t.field({
      type: [MessageRef],
      description: 'One message to many conversations and users. Every target is checked first: one refused, nothing sent.',
      args: { input: t.arg({ type: BroadcastMessageInput, required: true }) },
      resolve: async (_root, { input }, ctx) => seeWrittenAll(ctx, await broadcastMessage(ctx, input)),
    }),
    forwardMessages: t.field({
      type: [MessageRef],
      description: 'Copies of messages you can read, as FORWARD messages, in conversations you can post to.',
      args: { messageIds: messageIds(), conversationIds: t.arg.idList(), userIds: t.arg.idList() },
      resolve: async (_root, args, ctx) =>
        seeWrittenAll(ctx, await forwardMessages(ctx, args.messageIds, args.conversationIds, args.userIds)),
    }),
    editMessage: t.field({
      type: MessageRef,
      args: { messageId: messageId(), input: t.arg({ type: EditMessageInput, required: true }) },
      resolve: async (_root, args, ctx) => seeWritten(ctx, await editMessage(ctx, args.messageId, args.input)),
    }),
    addReaction: t.field({
      type: MessageRef,
      args: { messageId: messageId(), type: t.arg.string({ required: true }) },
      resolve: async (_root, args, ctx) => seeWritten(ctx, await addReaction(ctx, args.messageId, args.type)),
    }),
    removeReaction: t.field({
      type: MessageRef,
      args: { messageId: messageId(), type: t.arg.string({ required: true }) },
      resolve: async (_root, args, ctx) => seeWritten(ctx, await removeReaction(ctx, args.messageId, args.type)),
    }),
    pinMessage: t.field({
      type: MessageRef,
      args: { messageId: messageId() },
      resolve: async (_root, args, ctx) => seeWritten(ctx, await pinMessage(ctx, args.messageId)),
    }),
    unpinMessage: t.field({
      type: MessageRef,
      args: { messageId: messageId() },
      resolve: async (_root, args, ctx) => seeWritten(ctx, await unpinMessage(ctx, args.messageId)),
    }),
    markConversationRead: t.field({
      type: ConversationRef,
      description: 'Marks read every message sent up to timestamp (default: now).',
      args: { conversationId: t.arg.id({ required: true }), timestamp: t.arg({ type: 'DateTime' }) },
      resolve: async (_root, args, ctx) => seeChanged(ctx, await markConversationRead(ctx, args.conversationId, args.timestamp)),
    }),
    deleteMessages: t.idList({
      description: 'Deletes messages from your own copy; returns their ids.',
      args: { messageIds: messageIds() },
      resolve: (_root, args, ctx) => deleteMessages(ctx, args.messageIds),
    }),
    deleteMessagesForEveryone: t.field({
      type: [MessageRef],
      description: 'Recalls your messages: body replaced (or emptied), attachments and reactions removed.',
      args: { messageIds: messageIds(), replacementBody: t.arg.string() },
      resolve: async (_root, args, ctx) => seeWrittenAll(ctx, await deleteMessagesForEveryone(ctx, args.messageIds, args.replacementBody)),
    }),
    flagMessage: t.field({
      type: MessageRef,
      description: "At the conversation's flagLimit the message is deleted for everyone.",
      args: { messageId: messageId(), reason: t.arg.string() },
      resolve: async (_root, args, ctx) => seeWritten(ctx, await flagMessage(ctx, args.messageId, args.reason)),
    }),
    unflagMessage: t.field({
      type: MessageRef,
      args: { messageId: messageId() },
      resolve: async (_root, args, ctx) => seeWritten(ctx, await unflagMessage(ctx, args.messageId)),
    }),
  };
});

builder.subscriptionField('messageAdded', (t) =>
  t.field({
    type: MessageRef,
    description:
      'New messages you may see, each delivered once, as it is when delivered. With `after` (a message cursor), every message since then is replayed first, as it is now (edited, recalled, or left out when you deleted your copy), then live ones follow, with no gap and no duplicate. A later change to a delivered message (edit, recall, reactions, pin) is not delivered again here: it arrives as a `conversationEvents` event (MessageEdited, MessageDeleted, ReactionsChanged, MessagePinned).',
    args: { conversationId: t.arg.id({ required: true }), after: t.arg.string() },
    subscribe: (_root, args, ctx) => messageAddedStream(ctx, args.conversationId, args.after),
    resolve: (payload) => {
      if (payload instanceof Error) throw payload;
      return payload;
    },
  }),
);
