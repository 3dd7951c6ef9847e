// Channel controls: ban, mute, freeze, invitation codes, push settings, and their lists.
import { builder, viewerDependent } from './builder.ts';
import { UserConnection, UserRef } from './user.ts';
import { MemberConnection, MemberRef } from './member.ts';
import { ConversationRef } from './conversation.ts';
import { seeChanged } from '../access/views.ts';
import { detailsOnly } from '../access/guard.ts';
import { banMembers, muteAllMembers, muteMembers, unbanMembers, unmuteMembers } from '../moderation/members.ts';
import {
  freezeConversation,
  muteConversation,
  regenerateInvitationCode,
  setMemberPushNotifications,
  unmuteConversation,
} from '../moderation/conversation.ts';
import { bannedConnection, mutedConnection } from '../moderation/lists.ts';

builder.prismaObjectFields(ConversationRef, (t) => ({
  bannedUsers: t.connection(
    {
      extensions: viewerDependent,
      type: UserRef,
      description: 'Users banned from the conversation (its admins only).',
      resolve: (c, args, ctx) => bannedConnection(ctx, c, args),
    },
    UserConnection,
  ),
  mutedMembers: t.connection(
    {
      type: MemberRef,
      description: 'Members muted now, in the order they were muted. Empty for a former member.',
      extensions: detailsOnly,
      resolve: (c, args, ctx) => mutedConnection(ctx, c, args),
    },
    MemberConnection,
  ),
}));

builder.mutationFields((t) => {
  const conversationId = () => t.arg.id({ required: true });
  const userIds = () => t.arg.idList({ required: true });
  return {
    banMembers: t.field({
      type: ConversationRef,
      description: 'Removes the users, who cannot join, be added, read or send until unbanned. Not the owner; admins by the owner only.',
      args: { conversationId: conversationId(), userIds: userIds() },
      resolve: async (_root, args, ctx) => seeChanged(ctx, await banMembers(ctx, args.conversationId, args.userIds)),
    }),
    unbanMembers: t.field({
      type: ConversationRef,
      args: { conversationId: conversationId(), userIds: userIds() },
      resolve: async (_root, args, ctx) => seeChanged(ctx, await unbanMembers(ctx, args.conversationId, args.userIds)),
    }),
    muteMembers: t.field({
      type: ConversationRef,
      description: 'Muted members cannot send until unmuted, or until expireInMinutes pass (0 or none: until unmuted).',
      args: { conversationId: conversationId(), userIds: userIds(), expireInMinutes: t.arg.int() },
      resolve: async (_root, args, ctx) => seeChanged(ctx, await muteMembers(ctx, args.conversationId, args.userIds, args.expireInMinutes)),
    }),
    unmuteMembers: t.field({
      type: ConversationRef,
      args: { conversationId: conversationId(), userIds: userIds() },
      resolve: async (_root, args, ctx) => seeChanged(ctx, await unmuteMembers(ctx, args.conversationId, args.userIds)),
    }),
    muteAllMembers: t.field({
      type: ConversationRef,
      description: 'Mutes every member but the owner (and, unless the owner does it, the admins), until unmuted.',
      args: { conversationId: conversationId() },
      resolve: async (_root, args, ctx) => seeChanged(ctx, await muteAllMembers(ctx, args.conversationId)),
    }),
    freezeConversation: t.field({
      type: ConversationRef,
      description: 'While frozen, only admins send.',
      args: { conversationId: conversationId(), frozen: t.arg.boolean({ required: true }) },
      resolve: async (_root, args, ctx) => seeChanged(ctx, await freezeConversation(ctx, args.conversationId, args.frozen)),
    }),
    muteConversation: t.field({
      type: ConversationRef,
      description:
        'Mutes the whole conversation (admins and the app): only admins send until unmuteConversation, or until expireInMinutes pass (0 or none: until unmuted; at most a year).',
      args: { conversationId: conversationId(), expireInMinutes: t.arg.int() },
      resolve: async (_root, args, ctx) => seeChanged(ctx, await muteConversation(ctx, args.conversationId, args.expireInMinutes)),
    }),
    unmuteConversation: t.field({
      type: ConversationRef,
      description: 'Ends a conversation-wide mute (admins and the app).',
      args: { conversationId: conversationId() },
      resolve: async (_root, args, ctx) => seeChanged(ctx, await unmuteConversation(ctx, args.conversationId)),
    }),
    regenerateInvitationCode: t.field({
      type: ConversationRef,
      description: 'A new invitation code for a private group (admins); the old one stops working.',
      args: { conversationId: conversationId() },
      resolve: async (_root, args, ctx) => seeChanged(ctx, await regenerateInvitationCode(ctx, args.conversationId)),
    }),
    setMemberPushNotifications: t.field({
      type: MemberRef,
      description: 'The member themself, an admin, or the API key.',
      args: { conversationId: conversationId(), userId: t.arg.id({ required: true }), enabled: t.arg.boolean({ required: true }) },
      resolve: (_root, args, ctx) => setMemberPushNotifications(ctx, args.conversationId, args.userId, args.enabled),
    }),
  };
});
