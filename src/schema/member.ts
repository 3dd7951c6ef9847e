import { builder } from './builder.ts';
import { MemberRole } from '../generated/prisma/client.ts';
import type { MemberWithUser } from '../sql/conversation-fields.ts';
import { isAdminRole } from '../conversations/members.ts';
import { isMemberMuted } from '../access/access.ts';

export { memberConnection } from '../conversations/members.ts';

const MemberRoleEnum = builder.enumType(MemberRole, { name: 'MemberRole' });

export const MemberRef = builder.prismaObject('Member', {
  fields: (t) => ({
    id: t.exposeID('id'),
    user: t.relation('user', {
      // a member page (sql/conversation-fields.ts) brings its users along; else batched by id
      resolve: async (_query, m, _args, ctx) => (m as Partial<MemberWithUser>).user ?? (await ctx.loaders.user.load(m.userId))!,
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
    pushNotifications: t.boolean({
      description: "Push notifications for this member: their own setting, else the conversation's config.",
      resolve: async (m, _args, ctx) =>
        m.pushNotifications ?? (await ctx.loaders.conversation.load(m.conversationId))?.pushNotifications ?? false,
    }),
  }),
});

export const MemberConnection = builder.connectionObject({ type: MemberRef, name: 'MemberConnection' });
