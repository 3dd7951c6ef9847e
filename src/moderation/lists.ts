// The admins' lists: users banned, members muted now.
import type { Context } from '../context.ts';
import type { Conversation } from '../generated/prisma/client.ts';
import { forbidden } from '../errors.ts';
import { encodeCursor, pageRequest, toConnection, type PageArgs } from '../common/pagination.ts';
import { bannedUsers, mutedMembersCount, mutedMembersPage } from '../sql/pages.ts';
import { usersConnection } from '../users/users.ts';

/** Banned users, most recently banned last; for the conversation's admins. */
export async function bannedConnection(ctx: Context, conversation: Conversation, args: PageArgs) {
  const access = await ctx.loaders.access.load(conversation.id);
  if (!access.isAdmin) throw forbidden("Only the conversation's admins see who is banned.");
  return usersConnection(ctx, bannedUsers(conversation.id), args, () => ctx.db.prisma.ban.count({ where: { conversationId: conversation.id } }));
}

/** Members muted now, in the order they were muted. */
export async function mutedConnection(ctx: Context, conversation: Conversation, args: PageArgs) {
  const request = pageRequest(args, ctx.config.limits.pageSize);
  const now = ctx.runtime.clock.now();
  const rows = await mutedMembersPage(ctx.db, conversation.id, now, request);
  return {
    ...toConnection(rows, request, (row) => encodeCursor([row.mutedAt!.toISOString(), row.id])),
    totalCount: () => mutedMembersCount(ctx.db, conversation.id, now),
  };
}
