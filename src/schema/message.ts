import { builder } from './builder.ts';
import { MessageType } from '../generated/prisma/client.ts';
import { UserRef } from './user.ts';
import { ConversationRef } from './conversation.ts';
import { AttachmentRef } from './attachment.ts';
import type { StoredAttachment } from '../services/attachments.ts';
import { countMessages, listMessages, sendMessage } from '../services/messages.ts';
import { messageCursor, messageOrders } from '../services/message-list.ts';
import { messageAddedStream } from '../services/live/message-stream.ts';

export const MessageTypeEnum = builder.enumType(MessageType, { name: 'MessageType' });

export const MessageRef = builder.prismaObject('Message', {
  fields: (t) => ({
    id: t.exposeID('id'),
    seq: t.exposeInt('seq', { description: 'Position in the conversation: 1, 2, 3, ... with no gap.' }),
    cursor: t.string({
      description: "The message's cursor, as in `messages` edges; pass it to messageAdded(after:) to resume.",
      resolve: (m) => messageCursor(m.seq),
    }),
    conversation: t.field({
      type: ConversationRef,
      resolve: async (m, _args, ctx) => (await ctx.loaders.conversation.load(m.conversationId))!,
    }),
    type: t.expose('type', { type: MessageTypeEnum }),
    customType: t.exposeString('customType', { nullable: true }),
    body: t.exposeString('body', { nullable: true }),
    owner: t.field({
      type: UserRef,
      nullable: true,
      description: 'The sender; null for messages of the system.',
      resolve: (m, _args, ctx) => (m.ownerId ? ctx.loaders.user.load(m.ownerId) : null),
    }),
    attachments: t.field({
      type: [AttachmentRef],
      resolve: (m) => (Array.isArray(m.attachments) ? (m.attachments as unknown as StoredAttachment[]) : []),
    }),
    replyCount: t.exposeInt('replyCount'),
    showInConversation: t.exposeBoolean('showInConversation'),
    isDeleted: t.boolean({ description: 'Deleted for everyone (recalled).', resolve: (m) => m.deletedAt !== null }),
    encrypted: t.exposeBoolean('encrypted'),
    metaData: t.expose('metaData', { type: 'JSON', nullable: true }),
    flagCount: t.exposeInt('flagCount'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    editedAt: t.expose('editedAt', { type: 'DateTime', nullable: true }),
  }),
});

builder.prismaObjectFields(ConversationRef, (t) => ({
  lastMessage: t.field({
    type: MessageRef,
    nullable: true,
    description: 'The newest message the viewer can see.',
    resolve: (c, _args, ctx) => ctx.loaders.lastMessage.load(c.id),
  }),
}));

export const MessageConnection = builder.connectionObject({ type: MessageRef, name: 'MessageConnection' });

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

builder.queryFields((t) => ({
  messages: t.connection(
    {
      type: MessageRef,
      args: {
        conversationId: t.arg.id({ required: true }),
        filter: t.arg({ type: MessageFilterInput }),
        orderBy: t.arg({ type: MessageOrderEnum }),
      },
      resolve: (_root, args, ctx) =>
        listMessages(ctx, args.conversationId, args.filter ?? {}, args.orderBy ?? 'CREATED_AT_DESC', args),
    },
    MessageConnection,
  ),
  messageCount: t.int({
    args: { conversationId: t.arg.id({ required: true }), filter: t.arg({ type: MessageFilterInput }) },
    resolve: (_root, args, ctx) => countMessages(ctx, args.conversationId, args.filter ?? {}),
  }),
}));

const SendMessageInput = builder.inputType('SendMessageInput', {
  fields: (t) => ({
    id: t.id({ description: 'Your own id for the message: sending again with it is idempotent.' }),
    conversationId: t.id(),
    customType: t.string(),
    body: t.string(),
    metaData: t.field({ type: 'JSON' }),
  }),
});

builder.mutationField('sendMessage', (t) =>
  t.field({
    type: MessageRef,
    args: { input: t.arg({ type: SendMessageInput, required: true }) },
    resolve: (_root, { input }, ctx) => sendMessage(ctx, input),
  }),
);

builder.subscriptionField('messageAdded', (t) =>
  t.field({
    type: MessageRef,
    description:
      'New messages you may see. With `after` (a message cursor), every message since then is replayed first, then live ones follow, with no gap and no duplicate.',
    args: { conversationId: t.arg.id({ required: true }), after: t.arg.string() },
    subscribe: (_root, args, ctx) => messageAddedStream(ctx, args.conversationId, args.after),
    resolve: (payload) => {
      if (payload instanceof Error) throw payload;
      return payload;
    },
  }),
);
