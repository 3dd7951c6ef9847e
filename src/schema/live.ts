// The live side besides messageAdded: conversation events, the viewer's inbox, watchers, typing.
import { builder } from './builder.ts';
import { UserRef } from './user.ts';
import { ConversationRef } from './conversation.ts';
import { MessageRef, ReactionCountRef } from './message.ts';
import { conversationEventStream, type ConversationEventPayload } from '../live/conversation-stream.ts';
import { viewerEventStream, type ViewerEventPayload } from '../live/viewer-stream.ts';
import { watcherEventStream, type WatcherEventPayload } from '../live/watcher-stream.ts';
import { sendTypingEvent } from '../live/typing.ts';
import { reactionCountsOf } from '../messages/reactions.ts';
import { totalUnreadCount } from '../messages/reading.ts';

type Of<K extends ConversationEventPayload['kind']> = Extract<ConversationEventPayload, { kind: K }>;

function memberEvent(name: string, description: string) {
  return builder.objectRef<Of<'members'>>(name).implement({
    description,
    fields: (t) => ({
      conversationId: t.exposeID('conversationId'),
      actor: t.field({ type: UserRef, nullable: true, resolve: (e, _a, ctx) => (e.actorId ? ctx.loaders.user.load(e.actorId) : null) }),
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
      message: t.field({ type: MessageRef, resolve: (e) => e.message }),
      ...(withCounts
        ? {
            reactionCounts: t.field({
              type: [ReactionCountRef],
              description: 'The counts right after this change.',
              resolve: (e) => (e.reactionCounts ? reactionCountsOf({ reactionCounts: e.reactionCounts }) : reactionCountsOf(e.message)),
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
  builder.objectRef<Of<'settings'>>('ConversationUpdated').implement({
    description: 'Title, image, settings or config changed.',
    fields: (t) => ({
      conversationId: t.exposeID('conversationId'),
      actor: t.field({ type: UserRef, nullable: true, resolve: (e, _a, ctx) => (e.actorId ? ctx.loaders.user.load(e.actorId) : null) }),
      conversation: t.field({ type: ConversationRef, resolve: (e) => e.conversation }),
    }),
  }),
];

const ConversationEvent = builder.unionType('ConversationEvent', {
  types: conversationEventTypes,
  resolveType: (event) => event.__typename,
});

type ViewerOf<T extends ViewerEventPayload['__typename']> = Extract<ViewerEventPayload, { __typename: T }>;

const unreadFields = <T extends { conversation: { id: string } }>(
  t: PothosSchemaTypes.ObjectFieldBuilder<typeof builder extends PothosSchemaTypes.SchemaBuilder<infer S> ? S : never, T>,
) => ({
  unreadMessageCount: t.int({
    description: 'Your unread messages in this conversation now.',
    resolve: (e, _a, ctx) => ctx.loaders.unreadCount.load(e.conversation.id),
  }),
  totalUnreadMessageCount: t.int({
    description: 'Your unread messages over all conversations now.',
    resolve: (_e, _a, ctx) => totalUnreadCount(ctx),
  }),
});

const ViewerEvent = builder.unionType('ViewerEvent', {
  types: [
    builder.objectRef<ViewerOf<'ConversationAdded'>>('ConversationAdded').implement({
      description: 'You were added to a conversation (or joined, or created it).',
      fields: (t) => ({ conversation: t.field({ type: ConversationRef, resolve: (e) => e.conversation }), ...unreadFields(t) }),
    }),
    builder.objectRef<ViewerOf<'ConversationRemoved'>>('ConversationRemoved').implement({
      description: 'You left, or were removed or banned from, a conversation.',
      fields: (t) => ({ conversationId: t.exposeID('conversationId') }),
    }),
    builder.objectRef<ViewerOf<'NewMessage'>>('NewMessage').implement({
      description: 'A new message in one of your conversations, with the unread counts it makes.',
      fields: (t) => ({
        message: t.field({ type: MessageRef, resolve: (e) => e.message }),
        conversation: t.field({ type: ConversationRef, resolve: (e) => e.conversation }),
        ...unreadFields(t),
      }),
    }),
    builder.objectRef<ViewerOf<'UnreadCountChanged'>>('UnreadCountChanged').implement({
      description: 'You read a conversation (on this or another device).',
      fields: (t) => ({ conversation: t.field({ type: ConversationRef, resolve: (e) => e.conversation }), ...unreadFields(t) }),
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
