import { builder, viewerDependent } from './builder.ts';
import { NodeRef } from './node.ts';
import { totalUnreadCount } from '../messages/reading.ts';
import { viewerId } from '../auth/identity.ts';
import { upsertUser } from '../users/users.ts';
import { notFound } from '../errors.ts';

export const UserRef = builder.prismaObject('User', {
  interfaces: [NodeRef],
  fields: (t) => ({
    id: t.exposeID('id'),
    displayName: t.exposeString('displayName'),
    profileImageUrl: t.exposeString('profileImageUrl', { nullable: true }),
    profileUrl: t.exposeString('profileUrl', {
      nullable: true,
      description: "Channelize profileUrl: the user's profile page in the app (upsertUser).",
    }),
    metaData: t.expose('metaData', { type: 'JSON', nullable: true }),
    isOnline: t.boolean({
      description: 'Whether the user has a live connection (a graphql-ws socket or an SSE stream).',
      resolve: async (user, _args, ctx) => ctx.loaders.presence.load(user.id),
    }),
    lastSeenAt: t.expose('lastSeenAt', { type: 'DateTime', nullable: true }),
    unreadMessageCount: t.int({
      nullable: true,
      description: "The viewer's unread messages over all their conversations (viewer { unreadMessageCount }); null on anyone else.",
      extensions: viewerDependent,
      resolve: (user, _args, ctx) => (ctx.viewer?.userId === user.id ? totalUnreadCount(ctx) : null),
    }),
  }),
});

export const UserConnection = builder.connectionObject({ type: UserRef, name: 'UserConnection' });

builder.queryFields((t) => ({
  viewer: t.prismaField({
    type: 'User',
    description: 'The user the request acts as.',
    resolve: async (query, _root, _args, ctx) => {
      const id = viewerId(ctx);
      return (await ctx.db.prisma.user.findUnique({ ...query, where: { id } })) ?? Promise.reject(notFound('User', id));
    },
  }),
  user: t.prismaField({
    type: 'User',
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, { id }, ctx) => {
      viewerId(ctx);
      return ctx.db.prisma.user.findUnique({ ...query, where: { id } });
    },
  }),
}));

const UpsertUserInput = builder.inputType('UpsertUserInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    displayName: t.string(),
    profileImageUrl: t.string(),
    profileUrl: t.string({ description: "The user's profile page in the app: an http(s) URL." }),
    metaData: t.field({ type: 'JSON' }),
  }),
});

builder.mutationField('upsertUser', (t) =>
  t.field({
    type: UserRef,
    description: 'Creates or updates a user. Server to server: the API key only.',
    args: { input: t.arg({ type: UpsertUserInput, required: true }) },
    resolve: (_root, { input }, ctx) => upsertUser(ctx, input),
  }),
);
