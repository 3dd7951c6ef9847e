import { builder, skipArg, viewerDependent } from './builder.ts';
import { NodeRef } from './node.ts';
import { ConversationType } from '../generated/prisma/client.ts';
import { UserConnection, UserRef } from './user.ts';
import { MemberConnection, MemberRef, memberConnection } from './member.ts';
import { createConversation } from '../conversations/create.ts';
import { countConversations, listConversations } from '../conversations/read.ts';
import { conversationOrders } from '../sql/inbox.ts';
import { connectionNodeSelection } from './lookahead.ts';
import { conversationPageSize, defaultPageSize } from '../common/pagination.ts';
import {
  addAdmin,
  addMembers,
  joinConversation,
  leaveConversation,
  removeAdmin,
  removeMembers,
  setMemberInfo,
  transferOwnership,
} from '../conversations/membership.ts';
import { clearConversation, deleteConversation, updateConversation, updateConversationSettings } from '../conversations/settings.ts';
import { startWatching, stopWatching, watcherConnection } from '../conversations/watching.ts';
import { lastChangeSeen, seeChanged, seeConversation } from '../access/views.ts';
import { detailsOnly } from '../access/guard.ts';
import { actorOf, appOnly, assertReadable, isConversationMuted } from '../access/access.ts';
import { notFound } from '../errors.ts';

// A former member sees a conversation's id, kind, title, image, their own settings and their
// messages; its other fields (detailsOnly, access/guard.ts) are null, or an empty page, for them.
const hidden = 'Null for a former member.';

const ConversationTypeEnum = builder.enumType(ConversationType, { name: 'ConversationType' });

const ConversationConfig = builder
  .objectRef<{ typingEvents: boolean; readEvents: boolean; pushNotifications: boolean; pinMessages: boolean }>('ConversationConfig')
  .implement({
    fields: (t) => ({
      typingEvents: t.exposeBoolean('typingEvents'),
      readEvents: t.exposeBoolean('readEvents'),
      pushNotifications: t.exposeBoolean('pushNotifications'),
      pinMessages: t.exposeBoolean('pinMessages'),
    }),
  });

export const ConversationRef = builder.prismaObject('Conversation', {
  interfaces: [NodeRef],
  fields: (t) => ({
    id: t.exposeID('id'),
    type: t.expose('type', { type: ConversationTypeEnum }),
    isGroup: t.exposeBoolean('isGroup'),
    title: t.exposeString('title', { nullable: true }),
    profileImageUrl: t.exposeString('profileImageUrl', { nullable: true }),
    customType: t.string({ nullable: true, description: hidden, extensions: detailsOnly, resolve: (c) => c.customType }),
    owner: t.relation('owner', {
      nullable: true,
      description: hidden,
      extensions: detailsOnly,
      // loaded with the conversation when a Prisma query brought it; else batched by id
      resolve: (_query, c, _args, ctx) => (c.ownerId ? ctx.loaders.user.load(c.ownerId) : null),
    }),
    config: t.field({ type: ConversationConfig, nullable: true, description: hidden, extensions: detailsOnly, resolve: (c) => c }),
    metaData: t.field({ type: 'JSON', nullable: true, description: hidden, extensions: detailsOnly, resolve: (c) => c.metaData }),
    tags: t.stringList({ nullable: true, description: hidden, extensions: detailsOnly, resolve: (c) => c.tags }),
    category: t.string({ nullable: true, description: hidden, extensions: detailsOnly, resolve: (c) => c.category }),
    subcategory: t.string({ nullable: true, description: hidden, extensions: detailsOnly, resolve: (c) => c.subcategory }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.field({
      extensions: viewerDependent,
      type: 'DateTime',
      description: 'The last change the viewer can see: a message, or a change to the conversation.',
      resolve: (c, _args, ctx) => lastChangeSeen(ctx, c),
    }),
    memberCount: t.int({ nullable: true, description: hidden, extensions: detailsOnly, resolve: (c) => c.memberCount }),
    watcherCount: t.int({
      nullable: true,
      description: `Users watching now. ${hidden}`,
      extensions: detailsOnly,
      resolve: (c, _args, ctx) => ctx.loaders.watcherCount.load(c.id),
    }),
    messageCount: t.int({
      extensions: viewerDependent,
      description: 'Messages you can see.',
      resolve: (c, _args, ctx) => ctx.loaders.messageCount.load(c.id),
    }),
    member: t.field({
      type: MemberRef,
      nullable: true,
      description: `A member, by user id; null when that user is not a member. ${hidden}`,
      args: { userId: t.arg.id({ required: true }) },
      extensions: detailsOnly,
      resolve: async (c, { userId }, ctx) => {
        const member = await ctx.loaders.member.load([c.id, userId]);
        return member && member.leftAt === null ? member : null;
      },
    }),
    watchers: t.connection(
      {
        type: UserRef,
        description: 'Users watching now, in the order they started. Empty for a former member.',
        extensions: detailsOnly,
        resolve: (c, args, ctx) => watcherConnection(ctx, c, args),
      },
      UserConnection,
    ),
    invitationCode: t.string({
      extensions: viewerDependent,
      nullable: true,
      description: "A private group's invitation code, shown to its admins only.",
      resolve: async (c, _args, ctx) => ((await ctx.loaders.access.load(c.id)).isAdmin ? c.invitationCode : null),
    }),
    members: t.connection(
      {
        type: MemberRef,
        description: 'Active members in joining order. Empty for a former member.',
        extensions: detailsOnly,
        resolve: (c, args, ctx) => memberConnection(ctx, c, args),
      },
      MemberConnection,
    ),
    isFrozen: t.boolean({ nullable: true, description: hidden, extensions: detailsOnly, resolve: (c) => c.isFrozen }),
    maxMemberCount: t.int({ nullable: true, description: hidden, extensions: detailsOnly, resolve: (c) => c.maxMemberCount }),
    hideMessagesBeforeJoin: t.boolean({
      nullable: true,
      description: hidden,
      extensions: detailsOnly,
      resolve: (c) => c.hideMessagesBeforeJoin,
    }),
    rateLimit: t.int({ nullable: true, description: hidden, extensions: detailsOnly, resolve: (c) => c.rateLimit }),
    rateLimitWindow: t.int({ nullable: true, description: hidden, extensions: detailsOnly, resolve: (c) => c.rateLimitWindow }),
    flagLimit: t.int({ nullable: true, description: hidden, extensions: detailsOnly, resolve: (c) => c.flagLimit }),
    messageAutoDeleteEnabled: t.boolean({
      nullable: true,
      description: `Amity messageAutoDeleteEnabled: a message flagged by flagLimit users is deleted for everyone. ${hidden}`,
      extensions: detailsOnly,
      resolve: (c) => c.flagLimit !== null,
    }),
    isDistinct: t.boolean({
      description: 'Amity isDistinct: creating a group with exactly these members again finds this one (and every 1-to-1).',
      resolve: (c) => c.distinctKey !== null,
    }),
    isMuted: t.boolean({
      nullable: true,
      description: `Amity isMuted: the whole conversation is muted (muteConversation): only its admins send. ${hidden}`,
      extensions: detailsOnly,
      resolve: (c, _args, ctx) => isConversationMuted(c, ctx.runtime.clock.now()),
    }),
    mutedUntil: t.field({
      type: 'DateTime',
      nullable: true,
      description: `Amity muteTimeout: when the conversation's mute ends by itself (null: not muted, or until unmuted). ${hidden}`,
      extensions: detailsOnly,
      resolve: (c, _args, ctx) => (isConversationMuted(c, ctx.runtime.clock.now()) ? c.mutedUntil : null),
    }),
    lastActivityAt: t.field({
      type: 'DateTime',
      description: 'Amity lastActivity: the last message or change (as updatedAt, for the viewer).',
      extensions: viewerDependent,
      resolve: (c, _args, ctx) => lastChangeSeen(ctx, c),
    }),
    isRateLimited: t.boolean({
      extensions: viewerDependent,
      description:
        'Amity isRateLimited: slow mode holds your next message back now (rateLimit messages per rateLimitWindow seconds; not for admins).',
      resolve: async (c, _args, ctx) => (await ctx.loaders.slowModeUntil.load(c.id)) !== null,
    }),
    rateLimitedUntil: t.field({
      type: 'DateTime',
      nullable: true,
      extensions: viewerDependent,
      description: 'Amity rateLimitTimeout: when slow mode lets you send again; null: you may send now.',
      resolve: (c, _args, ctx) => ctx.loaders.slowModeUntil.load(c.id),
    }),
    privateTag: t.string({
      nullable: true,
      extensions: viewerDependent,
      description: "TalkPlus privateTag: the app's own tag. The API key alone reads and writes it; null for everyone else.",
      resolve: (c, _args, ctx) => appOnly(ctx, c.privateTag),
    }),
    privateData: t.field({
      type: 'JSON',
      nullable: true,
      extensions: viewerDependent,
      description: "TalkPlus privateData: the app's own data. The API key alone reads and writes it; null for everyone else.",
      resolve: (c, _args, ctx) => appOnly(ctx, c.privateData),
    }),
    // the viewer's own state in the conversation
    isMember: t.boolean({
      extensions: viewerDependent,
      resolve: async (c, _args, ctx) => (await ctx.loaders.access.load(c.id)).isActiveMember,
    }),
    isAdmin: t.boolean({
      extensions: viewerDependent,
      resolve: async (c, _args, ctx) => (await ctx.loaders.access.load(c.id)).isAdmin,
    }),
    isActive: t.boolean({
      extensions: viewerDependent,
      description: 'The viewer is a member now (false once they left or were removed).',
      resolve: async (c, _args, ctx) => (await ctx.loaders.access.load(c.id)).isActiveMember,
    }),
    isDeleted: t.boolean({
      extensions: viewerDependent,
      description: 'The viewer deleted their copy and no new message has arrived since.',
      resolve: async (c, _args, ctx) => (await ctx.loaders.access.load(c.id)).member?.deletedAt != null,
    }),
    mute: t.boolean({
      extensions: viewerDependent,
      description: "The viewer's own notification mute (updateConversationSettings).",
      resolve: async (c, _args, ctx) => (await ctx.loaders.access.load(c.id)).member?.mute ?? false,
    }),
    unreadMessageCount: t.int({
      extensions: viewerDependent,
      resolve: (c, _args, ctx) => ctx.loaders.unreadCount.load(c.id),
    }),
    lastReadAt: t.field({
      extensions: viewerDependent,
      type: 'DateTime',
      nullable: true,
      resolve: async (c, _args, ctx) => (await ctx.loaders.access.load(c.id)).member?.lastReadAt ?? null,
    }),
  }),
});

const ConfigInput = builder.inputType('ConversationConfigInput', {
  fields: (t) => ({
    typingEvents: t.boolean(),
    readEvents: t.boolean(),
    pushNotifications: t.boolean(),
    pinMessages: t.boolean(),
  }),
});

const CreateConversationInput = builder.inputType('CreateConversationInput', {
  fields: (t) => ({
    id: t.id({ description: 'Your own id for the conversation: creating again with it is idempotent.' }),
    type: t.field({ type: ConversationTypeEnum, description: 'Default PRIVATE.' }),
    isGroup: t.boolean({ description: 'false: a private 1-to-1 with exactly one other member. Default true.' }),
    isDistinct: t.boolean({ description: 'Reuse the group that has exactly these members, if there is one.' }),
    customType: t.string(),
    title: t.string({ description: 'Required for groups.' }),
    profileImageUrl: t.string(),
    memberIds: t.idList({
      description:
        'The other members; you are added as the owner. The app (API key alone): the members, the first owns it unless ownerId says.',
    }),
    config: t.field({ type: ConfigInput }),
    metaData: t.field({ type: 'JSON' }),
    tags: t.stringList(),
    category: t.string(),
    subcategory: t.string(),
    maxMemberCount: t.int(),
    hideMessagesBeforeJoin: t.boolean(),
    rateLimit: t.int({ description: 'Slow mode: messages per rateLimitWindow seconds per member.' }),
    rateLimitWindow: t.int(),
    flagLimit: t.int({ description: 'A message flagged by this many users is deleted for everyone.' }),
    createdAt: t.field({ type: 'DateTime', description: 'API key only.' }),
    ownerId: t.id({
      description:
        'The app only (API key without x-user-id): who owns it. Default: the first of memberIds. A user always owns what they create.',
    }),
    privateTag: t.string({ description: 'The app only: its own tag (TalkPlus privateTag), never shown to users.' }),
    privateData: t.field({ type: 'JSON', description: 'The app only: its own data (TalkPlus privateData), never shown to users.' }),
  }),
});

const ConversationFilterInput = builder.inputType('ConversationFilter', {
  fields: (t) => ({
    ids: t.idList(),
    isGroup: t.boolean(),
    type: t.field({ type: ConversationTypeEnum }),
    customTypes: t.stringList(),
    search: t.string({ description: 'Words of the title.' }),
    memberIdsIncluded: t.idList({ description: 'Conversations that have all of these members.' }),
    memberIdsExactly: t.idList({ description: 'Conversations whose members are exactly these and you.' }),
    includeDeleted: t.boolean({ description: 'Also the conversations you deleted your copy of.' }),
    onlyActive: t.boolean({ description: 'Only conversations you are still a member of.' }),
    publicMode: t.boolean({ description: 'Public and open conversations you are not in, for discovery.' }),
    tags: t.stringList({ description: 'Conversations with any of these tags.' }),
    category: t.string(),
  }),
});

const ConversationOrderEnum = builder.enumType('ConversationOrder', { values: conversationOrders });

builder.queryFields((t) => ({
  conversation: t.prismaField({
    type: 'Conversation',
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    // plugin-prisma's lookahead: the relations the query selects (the owner) come in the same statement
    resolve: async (query, _root, { id }, ctx) => {
      // a user, or the app, which reads any conversation
      actorOf(ctx);
      assertReadable(await ctx.loaders.access.load(id));
      const conversation = await ctx.db.prisma.conversation.findUnique({ ...query, where: { id } });
      if (!conversation) throw notFound('Conversation', id);
      return seeConversation(ctx, conversation);
    },
  }),
  conversations: t.connection(
    {
      type: ConversationRef,
      description: `The viewer's conversations (the inbox), ${conversationPageSize} to a page unless first or last says.`,
      extensions: { defaultPageSize: conversationPageSize },
      args: {
        skip: t.arg.int(skipArg),
        filter: t.arg({ type: ConversationFilterInput }),
        orderBy: t.arg({
          type: ConversationOrderEnum,
          defaultValue: 'UPDATED_AT_DESC',
          description: 'Most recently active first by default (a new message moves a conversation to the top).',
        }),
      },
      resolve: (_root, args, ctx, info) => {
        // fields of the nodes that the list statement can bring along
        const selected = connectionNodeSelection(info, 'ConversationConnection', 'ConversationEdge', 'Conversation');
        const members = selected.args('members');
        const membersPrefetch =
          selected.has('members') && members.after == null && members.last == null && members.before == null
            ? typeof members.first === 'number'
              ? members.first
              : defaultPageSize
            : null;
        return listConversations(ctx, args.filter ?? {}, args.orderBy ?? 'UPDATED_AT_DESC', args, {
          unreadCount: selected.has('unreadMessageCount'),
          lastMessage: selected.has('lastMessage'),
          members:
            membersPrefetch !== null && membersPrefetch >= 0 && membersPrefetch <= ctx.config.limits.pageSize
              ? membersPrefetch + 1
              : undefined,
        });
      },
    },
    { name: 'ConversationConnection' },
    { name: 'ConversationEdge' },
  ),
  conversationCount: t.int({
    args: { filter: t.arg({ type: ConversationFilterInput }) },
    resolve: (_root, args, ctx) => countConversations(ctx, args.filter ?? {}),
  }),
}));

const UpdateConversationInput = builder.inputType('UpdateConversationInput', {
  description: 'Fields left out stay as they are; null clears an optional one.',
  fields: (t) => ({
    title: t.string(),
    profileImageUrl: t.string(),
    customType: t.string(),
    metaData: t.field({ type: 'JSON' }),
    tags: t.stringList(),
    config: t.field({ type: ConfigInput }),
    category: t.string(),
    subcategory: t.string(),
    maxMemberCount: t.int(),
    hideMessagesBeforeJoin: t.boolean(),
    rateLimit: t.int(),
    rateLimitWindow: t.int(),
    flagLimit: t.int(),
    privateTag: t.string({ description: 'The app only (API key without x-user-id).' }),
    privateData: t.field({ type: 'JSON', description: 'The app only (API key without x-user-id).' }),
  }),
});

builder.mutationFields((t) => {
  const conversationId = () => t.arg.id({ required: true });
  const userIds = () => t.arg.idList({ required: true });
  return {
    createConversation: t.field({
      type: ConversationRef,
      args: { input: t.arg({ type: CreateConversationInput, required: true }) },
      resolve: async (_root, { input }, ctx) => seeChanged(ctx, await createConversation(ctx, input)),
    }),
    updateConversation: t.field({
      type: ConversationRef,
      args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateConversationInput, required: true }) },
      resolve: async (_root, { id, input }, ctx) => seeChanged(ctx, await updateConversation(ctx, id, input)),
    }),
    updateConversationSettings: t.field({
      type: ConversationRef,
      description: 'Your own settings: mute the conversation for yourself.',
      args: { conversationId: conversationId(), mute: t.arg.boolean({ required: true }) },
      resolve: async (_root, args, ctx) => seeChanged(ctx, await updateConversationSettings(ctx, args.conversationId, args.mute)),
    }),
    addMembers: t.field({
      type: ConversationRef,
      args: { conversationId: conversationId(), userIds: userIds() },
      resolve: async (_root, args, ctx) => seeChanged(ctx, await addMembers(ctx, args.conversationId, args.userIds)),
    }),
    removeMembers: t.field({
      type: ConversationRef,
      args: { conversationId: conversationId(), userIds: userIds() },
      resolve: async (_root, args, ctx) => seeChanged(ctx, await removeMembers(ctx, args.conversationId, args.userIds)),
    }),
    addAdmin: t.field({
      type: ConversationRef,
      args: { conversationId: conversationId(), userId: t.arg.id({ required: true }) },
      resolve: async (_root, args, ctx) => seeChanged(ctx, await addAdmin(ctx, args.conversationId, args.userId)),
    }),
    setMemberInfo: t.field({
      type: MemberRef,
      description:
        "TalkPlus memberInfo: the app's data on one membership (a JSON object; null clears it). The conversation's admins, or the app.",
      args: { conversationId: conversationId(), userId: t.arg.id({ required: true }), memberInfo: t.arg({ type: 'JSON' }) },
      resolve: (_root, args, ctx) => setMemberInfo(ctx, args.conversationId, args.userId, args.memberInfo ?? null),
    }),
    removeAdmin: t.field({
      type: ConversationRef,
      args: { conversationId: conversationId(), userId: t.arg.id({ required: true }) },
      resolve: async (_root, args, ctx) => seeChanged(ctx, await removeAdmin(ctx, args.conversationId, args.userId)),
    }),
    transferOwnership: t.field({
      type: ConversationRef,
      description: 'The owner hands the conversation to another member, and stays an admin.',
      args: { conversationId: conversationId(), userId: t.arg.id({ required: true }) },
      resolve: async (_root, args, ctx) => seeChanged(ctx, await transferOwnership(ctx, args.conversationId, args.userId)),
    }),
    joinConversation: t.field({
      type: ConversationRef,
      description: 'Public groups: anyone. Private groups: with their invitation code.',
      args: { conversationId: conversationId(), invitationCode: t.arg.string() },
      resolve: async (_root, args, ctx) => seeChanged(ctx, await joinConversation(ctx, args.conversationId, args.invitationCode)),
    }),
    leaveConversation: t.field({
      type: ConversationRef,
      description: 'When the owner leaves, the longest-standing admin (else member) becomes the owner.',
      args: { conversationId: conversationId() },
      resolve: async (_root, args, ctx) => seeChanged(ctx, await leaveConversation(ctx, args.conversationId)),
    }),
    clearConversation: t.field({
      type: ConversationRef,
      description: 'Private conversations: you stop seeing the messages sent so far.',
      args: { conversationId: conversationId() },
      resolve: async (_root, args, ctx) => seeChanged(ctx, await clearConversation(ctx, args.conversationId)),
    }),
    deleteConversation: t.field({
      type: ConversationRef,
      description: 'Deletes your copy: gone from your list until a new message arrives, older messages gone for you.',
      args: { conversationId: conversationId() },
      resolve: async (_root, args, ctx) => seeChanged(ctx, await deleteConversation(ctx, args.conversationId)),
    }),
    startWatching: t.field({
      type: ConversationRef,
      description: 'Over graphql-ws, the watch lasts as long as the socket; over HTTP, until stopped or WATCH_TTL_SECONDS.',
      args: { conversationId: conversationId() },
      resolve: async (_root, args, ctx) => seeChanged(ctx, await startWatching(ctx, args.conversationId)),
    }),
    stopWatching: t.field({
      type: ConversationRef,
      args: { conversationId: conversationId() },
      resolve: async (_root, args, ctx) => seeChanged(ctx, await stopWatching(ctx, args.conversationId)),
    }),
  };
});
