import { builder } from './builder.ts';
import { NodeRef } from './node.ts';
import { UserRef } from './user.ts';
import { MemberRole } from '../generated/prisma/client.ts';
import type { MemberWithUser } from '../sql/conversation-fields.ts';
import type { User } from '../generated/prisma/client.ts';
import { isAdminRole } from '../conversations/members.ts';
import { isMemberMuted } from '../access/access.ts';

export { memberConnection } from '../conversations/members.ts';

const MemberRoleEnum = builder.enumType(MemberRole, { name: 'MemberRole' });

export const MemberRef = builder.prismaObject('Member', {
  interfaces: [NodeRef],
  fields: (t) => ({
    id: t.exposeID('id'),
    // A plain field, not plugin-prisma's t.relation: no Prisma query ever loads a Member (member
    // pages are sql/conversation-fields.ts, which bring their users along), so the relation's
    // lookahead could never apply, while its wrapper maps every row's response path (with
    // graphql-jit's unshared paths, ~10 % of an inbox request's CPU, found by profiling).
    user: t.field({
      type: UserRef,
      // not async: a page's members bring their users, and an async resolver made a promise (and a
      // microtask) for each of an inbox page's 150 members
      resolve: (m, _args, ctx) => (m as Partial<MemberWithUser>).user ?? (ctx.loaders.user.load(m.userId) as Promise<User>),
    }),
    role: t.expose('role', { type: MemberRoleEnum }),
    isAdmin: t.boolean({ resolve: (m) => isAdminRole(m.role) }),
    joinedAt: t.expose('joinedAt', { type: 'DateTime' }),
    lastReadAt: t.expose('lastReadAt', { type: 'DateTime', nullable: true }),
    isMuted: t.boolean({
      description: 'Muted by an admin: may not send until unmuted or until mutedUntil.',
      resolve: (m, _args, ctx) => isMemberMuted(m, ctx.runtime.clock.now()),
    }),
    mutedUntil: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When a timed mute ends; null when not muted or muted until unmuted.',
      resolve: (m, _args, ctx) => (isMemberMuted(m, ctx.runtime.clock.now()) ? m.mutedUntil : null),
    }),
    lastSentAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'TalkPlus lastSentAt: when the member last sent a message here (ADMIN messages aside).',
      resolve: (m, _args, ctx) => ctx.loaders.lastSentAt.load([m.conversationId, m.userId]),
    }),
    lastActivityAt: t.field({
      type: 'DateTime',
      description: "Amity channel user lastActivity: the member's own last action here: joining, sending, or marking read.",
      resolve: async (m, _args, ctx) => {
        const sent = await ctx.loaders.lastSentAt.load([m.conversationId, m.userId]);
        return [m.joinedAt, sent, m.lastReadAt].reduce<Date>((a, b) => (b && b > a ? b : a), m.joinedAt);
      },
    }),
    updatedAt: t.expose('updatedAt', {
      type: 'DateTime',
      description: 'TalkPlus updatedAt: when the membership last changed (role, mute, push setting, memberInfo).',
    }),
    memberInfo: t.expose('memberInfo', {
      type: 'JSON',
      nullable: true,
      description: "TalkPlus memberInfo: the app's data on this membership, set by setMemberInfo (the conversation's admins or the app).",
    }),
    pushNotifications: t.boolean({
      description: "Push notifications for this member: their own setting, else the conversation's config.",
      resolve: async (m, _args, ctx) =>
        m.pushNotifications ?? (await ctx.loaders.conversation.load(m.conversationId))?.pushNotifications ?? false,
    }),
  }),
});

export const MemberConnection = builder.connectionObject({ type: MemberRef, name: 'MemberConnection' });
