import { builder, viewerDependent } from './builder.ts';
import { ConversationType } from '../generated/prisma/client.ts';
import { UserConnection, UserRef } from './user.ts';
import { MemberConnection, MemberRef, memberConnection } from './member.ts';
import { createConversation } from '../conversations/create.ts';
import { countConversations, listConversations, readConversation } from '../conversations/read.ts';
import { conversationOrders } from '../sql/inbox.ts';
import { connectionNodeSelection } from './lookahead.ts';
import { defaultPageSize } from '../common/pagination.ts';
import {
  addAdmin,
  addMembers,
  joinConversation,
  leaveConversation,
  removeAdmin,
  removeMembers,
  transferOwnership,
} from '../conversations/membership.ts';
import {
  clearConversation,
  deleteConversation,
  updateConversation,
  updateConversationSettings,
} from '../conversations/settings.ts';
import { startWatching, stopWatching, watcherConnection } from '../conversations/watching.ts';
import { seeChanged, seesDetails } from '../access/views.ts';
import type { Context } from '../context.ts';
import type { Conversation } from '../generated/prisma/client.ts';

/**
 * A field beyond what an inbox row needs: null for a viewer who may not read the conversation now
 * (a former member sees its id, kind, title, image, their own settings and their messages only).
 */
function detail<T>(resolve: (c: Conversation, ctx: Context) => T | Promise<T>) {
  return async (c: Conversation, _args: unknown, ctx: Context): Promise<T | null> =>
    (await seesDetails(ctx, c.id)) ? resolve(c, ctx) : null;
}

const hidden = 'Null for a former member.';

/** An empty page, for lists a viewer may not see. */
export const emptyConnection = {
  edges: [],
  pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
  totalCount: 0,
};

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
    customType: t.string({ nullable: true, description: hidden, resolve: detail((c) => c.customType) }),
    owner: t.field({
      type: UserRef,
      nullable: true,
      description: hidden,
      resolve: detail((c, ctx) => (c.ownerId ? ctx.loaders.user.load(c.ownerId) : null)),
    }),
    config: t.field({ type: ConversationConfig, nullable: true, description: hidden, resolve: detail((c) => c) }),
    metaData: t.field({ type: 'JSON', nullable: true, description: hidden, resolve: detail((c) => c.metaData) }),
    tags: t.stringList({ nullable: true, description: hidden, resolve: detail((c) => c.tags) }),
    category: t.string({ nullable: true, description: hidden, resolve: detail((c) => c.category) }),
    subcategory: t.string({ nullable: true, description: hidden, resolve: detail((c) => c.subcategory) }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.field({
      extensions: viewerDependent,
      type: 'DateTime',
      description: 'The last change the viewer can see: a message, or a change to the conversation.',
      resolve: async (c, _args, ctx) => {
        const { member, seesDetails: details } = await ctx.loaders.access.load(c.id);
        // a former member's copy stopped changing when they left
        const own = details ? member?.lastActivityAt : (member?.leftAt ?? null);
        if (!details && own) return own;
        return own && own > c.updatedAt ? own : c.updatedAt;
      },
    }),
    memberCount: t.int({ nullable: true, description: hidden, resolve: detail((c) => c.memberCount) }),
    watcherCount: t.int({
      nullable: true,
      description: `Users watching now. ${hidden}`,
      resolve: detail((c, ctx) => ctx.loaders.watcherCount.load(c.id)),
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
      resolve: async (c, { userId }, ctx) => {
        if (!(await seesDetails(ctx, c.id))) return null;
        const member = await ctx.loaders.member.load([c.id, userId]);
        return member && member.leftAt === null ? member : null;
      },
    }),
    watchers: t.connection(
      {
        type: UserRef,
        description: 'Users watching now, in the order they started. Empty for a former member.',
        resolve: async (c, args, ctx) => ((await seesDetails(ctx, c.id)) ? watcherConnection(ctx, c, args) : emptyConnection),
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
        resolve: async (c, args, ctx) => ((await seesDetails(ctx, c.id)) ? memberConnection(ctx, c, args) : emptyConnection),
      },
      MemberConnection,
    ),
    isFrozen: t.boolean({ nullable: true, description: hidden, resolve: detail((c) => c.isFrozen) }),
    maxMemberCount: t.int({ nullable: true, description: hidden, resolve: detail((c) => c.maxMemberCount) }),
    hideMessagesBeforeJoin: t.boolean({ nullable: true, description: hidden, resolve: detail((c) => c.hideMessagesBeforeJoin) }),
    rateLimit: t.int({ nullable: true, description: hidden, resolve: detail((c) => c.rateLimit) }),
    rateLimitWindow: t.int({ nullable: true, description: hidden, resolve: detail((c) => c.rateLimitWindow) }),
    flagLimit: t.int({ nullable: true, description: hidden, resolve: detail((c) => c.flagLimit) }),
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
