import { builder, viewerDependent } from './builder.ts';
import { ConversationType } from '../generated/prisma/client.ts';
import { UserConnection, UserRef } from './user.ts';
import { MemberConnection, MemberRef, memberConnection } from './member.ts';
import {
  countConversations,
  createConversation,
  listConversations,
  readConversation,
} from '../services/conversations.ts';
import { conversationOrders } from '../services/conversation-list.ts';
import { isAdminRole } from '../services/members.ts';
import { connectionNodeSelection } from './lookahead.ts';
import { defaultPageSize } from '../services/pagination.ts';
import {
  addAdmin,
  addMembers,
  joinConversation,
  leaveConversation,
  removeAdmin,
  removeMembers,
  transferOwnership,
} from '../services/membership.ts';
import {
  clearConversation,
  deleteConversation,
  updateConversation,
  updateConversationSettings,
} from '../services/conversation-settings.ts';
import { startWatching, stopWatching, watcherConnection } from '../services/watching.ts';

export const ConversationTypeEnum = builder.enumType(ConversationType, { name: 'ConversationType' });

const ConversationConfig = builder
  .objectRef<{ typingEvents: boolean; readEvents: boolean; pushNotifications: boolean; pinMessages: boolean }>(
    'ConversationConfig',
  )
  .implement({
    fields: (t) => ({
      typingEvents: t.exposeBoolean('typingEvents'),
      readEvents: t.exposeBoolean('readEvents'),
      pushNotifications: t.exposeBoolean('pushNotifications'),
      pinMessages: t.exposeBoolean('pinMessages'),
    }),
  });

export const ConversationRef = builder.prismaObject('Conversation', {
  fields: (t) => ({
    id: t.exposeID('id'),
    type: t.expose('type', { type: ConversationTypeEnum }),
    isGroup: t.exposeBoolean('isGroup'),
    title: t.exposeString('title', { nullable: true }),
    profileImageUrl: t.exposeString('profileImageUrl', { nullable: true }),
    customType: t.exposeString('customType', { nullable: true }),
    owner: t.field({
      type: UserRef,
      nullable: true,
      resolve: (c, _args, ctx) => (c.ownerId ? ctx.loaders.user.load(c.ownerId) : null),
    }),
    config: t.field({ type: ConversationConfig, resolve: (c) => c }),
    metaData: t.expose('metaData', { type: 'JSON', nullable: true }),
    tags: t.exposeStringList('tags'),
    category: t.exposeString('category', { nullable: true }),
    subcategory: t.exposeString('subcategory', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.field({
      extensions: viewerDependent,
      type: 'DateTime',
      description: 'The last change the viewer can see: a message, or a change to the conversation.',
      resolve: async (c, _args, ctx) => {
        const { member } = await ctx.loaders.access.load(c.id);
        const own = member?.lastActivityAt;
        return own && own > c.updatedAt ? own : c.updatedAt;
      },
    }),
    memberCount: t.exposeInt('memberCount'),
    watcherCount: t.int({
      description: 'Users watching now.',
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
      description: 'A member, by user id; null when that user is not a member.',
      args: { userId: t.arg.id({ required: true }) },
      resolve: async (c, { userId }, ctx) => {
        const member = await ctx.loaders.member.load([c.id, userId]);
        return member && member.leftAt === null ? member : null;
      },
    }),
    watchers: t.connection(
      {
        type: UserRef,
        description: 'Users watching now, in the order they started.',
        resolve: (c, args, ctx) => watcherConnection(ctx, c, args),
      },
      UserConnection,
    ),
    invitationCode: t.string({
      extensions: viewerDependent,
      nullable: true,
      description: "A private group's invitation code, shown to its admins only.",
      resolve: async (c, _args, ctx) => {
        const { member, isActiveMember } = await ctx.loaders.access.load(c.id);
        return isActiveMember && isAdminRole(member!.role) ? c.invitationCode : null;
      },
    }),
    members: t.connection(
      {
        type: MemberRef,
        description: 'Active members in joining order.',
        resolve: (c, args, ctx) => memberConnection(ctx, c, args),
      },
      MemberConnection,
    ),
    isFrozen: t.exposeBoolean('isFrozen'),
    maxMemberCount: t.exposeInt('maxMemberCount', { nullable: true }),
    hideMessagesBeforeJoin: t.exposeBoolean('hideMessagesBeforeJoin'),
    rateLimit: t.exposeInt('rateLimit', { nullable: true }),
    rateLimitWindow: t.exposeInt('rateLimitWindow', { nullable: true }),
    flagLimit: t.exposeInt('flagLimit', { nullable: true }),
    // the viewer's own state in the conversation
    isMember: t.boolean({
      extensions: viewerDependent,
      resolve: async (c, _args, ctx) => (await ctx.loaders.access.load(c.id)).isActiveMember,
    }),
    isAdmin: t.boolean({
      extensions: viewerDependent,
      resolve: async (c, _args, ctx) => {
        const { member, isActiveMember } = await ctx.loaders.access.load(c.id);
        return isActiveMember && isAdminRole(member!.role);
      },
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
      extensions: viewerDependent, resolve: (c, _args, ctx) => ctx.loaders.unreadCount.load(c.id) }),
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
    memberIds: t.idList({ description: 'The other members; you are added as the owner.' }),
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
  conversation: t.field({
    type: ConversationRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => readConversation(ctx, id),
  }),
  conversations: t.connection(
    {
      type: ConversationRef,
      args: {
        filter: t.arg({ type: ConversationFilterInput }),
        orderBy: t.arg({ type: ConversationOrderEnum }),
      },
      resolve: (_root, args, ctx, info) => {
        // fields of the nodes that the list statement can bring along
        const selected = connectionNodeSelection(info);
        const first = selected.argument('members', 'first');
        const membersPrefetch =
          selected.has('members') && !selected.argument('members', 'after') && !selected.argument('members', 'last') &&
          !selected.argument('members', 'before')
            ? (typeof first === 'number' ? first : defaultPageSize)
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
  }),
});

builder.mutationFields((t) => {
  const conversationId = () => t.arg.id({ required: true });
  const userIds = () => t.arg.idList({ required: true });
  return {
    createConversation: t.field({
      type: ConversationRef,
      args: { input: t.arg({ type: CreateConversationInput, required: true }) },
      resolve: (_root, { input }, ctx) => createConversation(ctx, input),
    }),
    updateConversation: t.field({
      type: ConversationRef,
      args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateConversationInput, required: true }) },
      resolve: (_root, { id, input }, ctx) => updateConversation(ctx, id, input),
    }),
    updateConversationSettings: t.field({
      type: ConversationRef,
      description: 'Your own settings: mute the conversation for yourself.',
      args: { conversationId: conversationId(), mute: t.arg.boolean({ required: true }) },
      resolve: (_root, args, ctx) => updateConversationSettings(ctx, args.conversationId, args.mute),
    }),
    addMembers: t.field({
      type: ConversationRef,
      args: { conversationId: conversationId(), userIds: userIds() },
      resolve: (_root, args, ctx) => addMembers(ctx, args.conversationId, args.userIds),
    }),
    removeMembers: t.field({
      type: ConversationRef,
      args: { conversationId: conversationId(), userIds: userIds() },
      resolve: (_root, args, ctx) => removeMembers(ctx, args.conversationId, args.userIds),
    }),
    addAdmin: t.field({
      type: ConversationRef,
      args: { conversationId: conversationId(), userId: t.arg.id({ required: true }) },
      resolve: (_root, args, ctx) => addAdmin(ctx, args.conversationId, args.userId),
    }),
    removeAdmin: t.field({
      type: ConversationRef,
      args: { conversationId: conversationId(), userId: t.arg.id({ required: true }) },
      resolve: (_root, args, ctx) => removeAdmin(ctx, args.conversationId, args.userId),
    }),
    transferOwnership: t.field({
      type: ConversationRef,
      description: 'The owner hands the conversation to another member, and stays an admin.',
      args: { conversationId: conversationId(), userId: t.arg.id({ required: true }) },
      resolve: (_root, args, ctx) => transferOwnership(ctx, args.conversationId, args.userId),
    }),
    joinConversation: t.field({
      type: ConversationRef,
      description: 'Public groups: anyone. Private groups: with their invitation code.',
      args: { conversationId: conversationId(), invitationCode: t.arg.string() },
      resolve: (_root, args, ctx) => joinConversation(ctx, args.conversationId, args.invitationCode),
    }),
    leaveConversation: t.field({
      type: ConversationRef,
      description: 'When the owner leaves, the longest-standing admin (else member) becomes the owner.',
      args: { conversationId: conversationId() },
      resolve: (_root, args, ctx) => leaveConversation(ctx, args.conversationId),
    }),
    clearConversation: t.field({
      type: ConversationRef,
      description: 'Private conversations: you stop seeing the messages sent so far.',
      args: { conversationId: conversationId() },
      resolve: (_root, args, ctx) => clearConversation(ctx, args.conversationId),
    }),
    deleteConversation: t.field({
      type: ConversationRef,
      description: 'Deletes your copy: gone from your list until a new message arrives, older messages gone for you.',
      args: { conversationId: conversationId() },
      resolve: (_root, args, ctx) => deleteConversation(ctx, args.conversationId),
    }),
    startWatching: t.field({
      type: ConversationRef,
      description: 'Over graphql-ws, the watch lasts as long as the socket; over HTTP, until stopped or WATCH_TTL_SECONDS.',
      args: { conversationId: conversationId() },
      resolve: (_root, args, ctx) => startWatching(ctx, args.conversationId),
    }),
    stopWatching: t.field({
      type: ConversationRef,
      args: { conversationId: conversationId() },
      resolve: (_root, args, ctx) => stopWatching(ctx, args.conversationId),
    }),
  };
});
