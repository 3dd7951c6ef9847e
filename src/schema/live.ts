// The live side besides messageAdded: conversation events, the viewer's inbox, watchers, typing.
import { builder } from './builder.ts';
import type { Context } from '../context.ts';
import { viewerId } from '../auth/identity.ts';
import { UserRef } from './user.ts';
import { ConversationRef } from './conversation.ts';
import { MessageRef, ReactionCountRef } from './message.ts';
import { conversationEventStream, type ConversationEventPayload } from '../live/conversation-stream.ts';
import { viewerEventStream, type ViewerEventPayload } from '../live/viewer-stream.ts';
import { watcherEventStream, type WatcherEventPayload } from '../live/watcher-stream.ts';
import { sendTypingEvent } from '../live/typing.ts';
import { reactionCountsOf } from '../messages/reactions.ts';
import { seenReactionCounts } from '../access/views.ts';
import { maxReadMessages, messagesRead, totalUnreadCount } from '../messages/reading.ts';

type Of<K extends ConversationEventPayload['kind']> = Extract<ConversationEventPayload, { kind: K }>;

const ActorKindEnum = builder.enumType('ActorKind', {
  description: 'Who did it: a user (actor), the app itself (the API key alone), or the server (a flag limit, an expiry).',
  values: ['USER', 'APP', 'SYSTEM'] as const,
});

function memberEvent(name: string, description: string) {
  return builder.objectRef<Of<'members'>>(name).implement({
    description,
    fields: (t) => ({
      conversationId: t.exposeID('conversationId'),
      actor: t.field({ type: UserRef, nullable: true, resolve: (e, _a, ctx) => (e.actorId ? ctx.loaders.user.load(e.actorId) : null) }),
      actorKind: t.field({ type: ActorKindEnum, resolve: (e) => e.actorKind }),
      users: t.field({
        type: [UserRef],
        resolve: async (e, _a, ctx) => (await ctx.loaders.user.loadMany(e.userIds)).flatMap((u) => (u && !(u instanceof Error) ? [u] : [])),
      }),
    }),
  });
}

function messageEvent(name: string, description: string, withCounts = false) {
  return builder.objectRef<Of<'message'>>(name).implement({
    description,
    fields: (t) => ({
      conversationId: t.exposeID('conversationId'),
      actor: t.field({ type: UserRef, nullable: true, resolve: (e, _a, ctx) => (e.actorId ? ctx.loaders.user.load(e.actorId) : null) }),
      actorKind: t.field({ type: ActorKindEnum, resolve: (e) => e.actorKind }),
      message: t.field({ type: MessageRef, resolve: (e) => e.message }),
      ...(withCounts
        ? {
            reactionCounts: t.field({
              type: [ReactionCountRef],
              description: 'The counts right after this change.',
              resolve: async (e, _a, ctx) =>
                reactionCountsOf({ reactionCounts: e.reactionCounts ?? (await seenReactionCounts(ctx, e.message)) }),
            }),
          }
        : {}),
    }),
  });
}

const conversationEventTypes = [
  memberEvent('MembersAdded', 'Users joined or were added.'),
  memberEvent('MembersRemoved', 'Users left or were removed.'),
  memberEvent('MembersBanned', 'Users were banned (and removed).'),
  memberEvent('MembersUnbanned', 'Users were unbanned.'),
  memberEvent('MembersMuted', 'Users were muted by an admin.'),
  memberEvent('MembersUnmuted', 'Users were unmuted.'),
  memberEvent('MemberRolesChanged', 'Users became or stopped being admins, or the owner changed.'),
  memberEvent('MemberInfoChanged', "A member's memberInfo was set (setMemberInfo)."),
  messageEvent('MessageEdited', 'A message was edited.'),
  messageEvent('MessageDeleted', 'A message was deleted for everyone (recalled).'),
  messageEvent('MessagePinned', 'A message was pinned.'),
  messageEvent('MessageUnpinned', 'A message was unpinned.'),
  messageEvent('ReactionsChanged', 'Reactions were added or removed.', true),
  builder.objectRef<Of<'typing'>>('Typing').implement({
    description: 'Someone started or stopped typing; a start ends by itself at expiresAt.',
    fields: (t) => ({
      conversationId: t.exposeID('conversationId'),
      user: t.field({ type: UserRef, nullable: true, resolve: (e, _a, ctx) => ctx.loaders.user.load(e.userId) }),
      isTyping: t.exposeBoolean('isTyping'),
      expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true }),
    }),
  }),
  builder.objectRef<Of<'read'>>('MessagesRead').implement({
    description: 'A member read the conversation up to a message (read receipts; only while config.readEvents).',
    fields: (t) => ({
      conversationId: t.exposeID('conversationId'),
      user: t.field({ type: UserRef, nullable: true, resolve: (e, _a, ctx) => ctx.loaders.user.load(e.userId) }),
      readAt: t.expose('readAt', { type: 'DateTime' }),
      lastReadMessage: t.field({
        type: MessageRef,
        nullable: true,
        description: 'The newest message they read now, if you see it.',
        resolve: async (e, _a, ctx) => (await messagesRead(ctx, e, 1))[0] ?? null,
      }),
      messages: t.field({
        type: [MessageRef],
        description: `The messages this read covered that you see, newest first (at most ${maxReadMessages}), each with its readCount now.`,
        resolve: (e, _a, ctx) => messagesRead(ctx, e, maxReadMessages),
      }),
    }),
  }),
  builder.objectRef<Of<'settings'>>('ConversationUpdated').implement({
    description: 'Title, image, settings or config changed.',
    fields: (t) => ({
      conversationId: t.exposeID('conversationId'),
      actor: t.field({ type: UserRef, nullable: true, resolve: (e, _a, ctx) => (e.actorId ? ctx.loaders.user.load(e.actorId) : null) }),
      actorKind: t.field({ type: ActorKindEnum, resolve: (e) => e.actorKind }),
      conversation: t.field({ type: ConversationRef, resolve: (e) => e.conversation }),
    }),
  }),
];

const ConversationEvent = builder.unionType('ConversationEvent', {
  types: conversationEventTypes,
  resolveType: (event) => event.__typename,
});

type ViewerOf<T extends ViewerEventPayload['__typename']> = Extract<ViewerEventPayload, { __typename: T }>;

/** The viewer, whose unreadMessageCount a normalised cache keeps (on User, by id). */
const viewerUser = async (ctx: Context) => {
  const user = await ctx.loaders.user.load(viewerId(ctx));
  if (!user) throw new Error('the viewer has no user row');
  return user;
};

const unreadFields = <T extends object>(
  t: PothosSchemaTypes.ObjectFieldBuilder<typeof builder extends PothosSchemaTypes.SchemaBuilder<infer S> ? S : never, T>,
  conversationOf: (e: T) => { id: string } | null,
) => ({
  unreadMessageCount: t.int({
    description: 'Your unread messages in this conversation now.',
    resolve: async (e, _a, ctx) => {
      const conversation = conversationOf(e);
      return conversation ? ctx.loaders.unreadCount.load(conversation.id) : 0;
    },
  }),
  totalUnreadMessageCount: t.int({
    description: 'Your unread messages over all conversations now (also viewer.unreadMessageCount).',
    resolve: (_e, _a, ctx) => totalUnreadCount(ctx),
  }),
  viewer: t.field({
    type: UserRef,
    description: 'You, with your unreadMessageCount: a normalised cache updates the total from here.',
    resolve: (_e, _a, ctx) => viewerUser(ctx),
  }),
});

const InboxChangeEnum = builder.enumType('InboxChange', {
  description: 'What changed in a conversation of your inbox.',
  values: {
    LAST_MESSAGE_EDITED: { value: 'edited', description: 'The last message you see was edited.' },
    MESSAGE_RECALLED: {
      value: 'recalled',
      description: 'A message was deleted for everyone: the last message or your unread count may change.',
    },
    MESSAGES_DELETED: { value: 'hidden', description: 'You deleted messages from your copy (on any device).' },
    CLEARED: { value: 'cleared', description: 'You cleared the conversation (on any device).' },
    MUTED: { value: 'muted', description: 'You muted or unmuted it (on any device).' },
    UPDATED: { value: 'updated', description: 'Its title, image, settings or config changed.' },
  } as const,
});

const ViewerEvent = builder.unionType('ViewerEvent', {
  types: [
    builder.objectRef<ViewerOf<'ConversationAdded'>>('ConversationAdded').implement({
      description: 'You were added to a conversation (or joined, or created it).',
      fields: (t) => ({
        conversation: t.field({ type: ConversationRef, resolve: (e) => e.conversation }),
        ...unreadFields(t, (e) => e.conversation),
      }),
    }),
    builder.objectRef<ViewerOf<'ConversationRemoved'>>('ConversationRemoved').implement({
      description: 'You left, were removed or banned from, or deleted your copy of a conversation: it leaves your list.',
      fields: (t) => ({
        conversationId: t.exposeID('conversationId'),
        keptConversation: t.field({
          type: ConversationRef,
          nullable: true,
          description:
            'The copy you keep in your list, if any (a former member of a private conversation keeps its history, isActive false); null: it leaves your list.',
          resolve: (e) => e.conversation,
        }),
        ...unreadFields(t, () => null),
      }),
    }),
    builder.objectRef<ViewerOf<'NewMessage'>>('NewMessage').implement({
      description: 'A new message in one of your conversations, with the unread counts it makes.',
      fields: (t) => ({
        message: t.field({ type: MessageRef, resolve: (e) => e.message }),
        conversation: t.field({ type: ConversationRef, resolve: (e) => e.conversation }),
        ...unreadFields(t, (e) => e.conversation),
      }),
    }),
    builder.objectRef<ViewerOf<'UnreadCountChanged'>>('UnreadCountChanged').implement({
      description: 'You read a conversation (on this or another device).',
      fields: (t) => ({
        conversation: t.field({ type: ConversationRef, resolve: (e) => e.conversation }),
        ...unreadFields(t, (e) => e.conversation),
      }),
    }),
    builder.objectRef<ViewerOf<'ConversationChanged'>>('ConversationChanged').implement({
      description: 'Something your row of this conversation shows changed: select its lastMessage and unreadMessageCount.',
      fields: (t) => ({
        conversation: t.field({ type: ConversationRef, resolve: (e) => e.conversation }),
        change: t.field({ type: InboxChangeEnum, resolve: (e) => e.change }),
        ...unreadFields(t, (e) => e.conversation),
      }),
    }),
  ],
  resolveType: (event) => event.__typename,
});

const WatcherEvent = builder.objectRef<WatcherEventPayload>('WatcherEvent').implement({
  fields: (t) => ({
    conversationId: t.exposeID('conversationId'),
    user: t.field({ type: UserRef, nullable: true, resolve: (e, _a, ctx) => ctx.loaders.user.load(e.userId) }),
    watching: t.exposeBoolean('watching', { description: 'true: started watching; false: stopped (or their connection ended).' }),
    watcherCount: t.int({ description: 'Users watching now.', resolve: (e, _a, ctx) => ctx.loaders.watcherCount.load(e.conversationId) }),
  }),
});

/** A stream's items are payloads, or an Error delivered as the last result. */
const unwrap = <T>(payload: T | Error): T => {
  if (payload instanceof Error) throw payload;
  return payload;
};

builder.subscriptionFields((t) => ({
  conversationEvents: t.field({
    type: ConversationEvent,
    description: 'Edits, recalls, pins, reactions, member changes, typing and settings of a conversation you can read.',
    args: { conversationId: t.arg.id({ required: true }) },
    subscribe: (_root, args, ctx) => conversationEventStream(ctx, args.conversationId),
    resolve: (payload) => unwrap(payload as ConversationEventPayload | Error),
  }),
  viewerEvents: t.field({
    type: ViewerEvent,
    description: 'Your inbox, live: keep a conversation list and unread counts right without polling.',
    subscribe: (_root, _args, ctx) => viewerEventStream(ctx),
    resolve: (payload) => unwrap(payload as ViewerEventPayload | Error),
  }),
  watcherChanged: t.field({
    type: WatcherEvent,
    args: { conversationId: t.arg.id({ required: true }) },
    subscribe: (_root, args, ctx) => watcherEventStream(ctx, args.conversationId),
    resolve: (payload) => unwrap(payload as WatcherEventPayload | Error),
  }),
}));

builder.mutationField('sendTypingEvent', (t) =>
  t.boolean({
    description: 'Tell the conversation you are (or stopped) typing; only while config.typingEvents.',
    args: { conversationId: t.arg.id({ required: true }), isTyping: t.arg.boolean({ required: true }) },
    resolve: (_root, args, ctx) => sendTypingEvent(ctx, args.conversationId, args.isTyping),
  }),
);
