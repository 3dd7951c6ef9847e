// The admins' lists: users banned, members muted now.
import type { Context } from '../context.ts';
import type { Conversation } from '../generated/prisma/client.ts';
import { forbidden } from '../errors.ts';
import { encodeCursor, pageRequest, prismaKeyset, toConnection, toCountedConnection, type PageArgs } from '../common/pagination.ts';
import { mutedMembersCount, mutedMembersPage } from '../sql/pages.ts';

/** Banned users, most recently banned last; for the conversation's admins. */
export async function bannedConnection(ctx: Context, conversation: Conversation, args: PageArgs) {
  const access = await ctx.loaders.access.load(conversation.id);
  if (!access.isAdmin) throw forbidden("Only the conversation's admins see who is banned.");
  const request = pageRequest(args, ctx.config.limits.pageSize);
  const page = prismaKeyset(request, 'createdAt', 'userId');
  const bans = await ctx.db.prisma.ban.findMany({
    where: { conversationId: conversation.id, ...page.where },
    orderBy: page.orderBy,
    take: page.take,
    include: { user: true },
  });
  const connection = toConnection(bans, request, (ban) => encodeCursor([ban.createdAt.toISOString(), ban.userId]));
  return {
    pageInfo: connection.pageInfo,
    edges: connection.edges.map(({ cursor, node }) => ({ cursor, node: node.user })),
    totalCount: () => ctx.db.prisma.ban.count({ where: { conversationId: conversation.id } }),
  };
}

/** Members muted now, in the order they were muted. */
export async function mutedConnection(ctx: Context, conversation: Conversation, args: PageArgs) {
  const request = pageRequest(args, ctx.config.limits.pageSize);
  const now = ctx.runtime.clock.now();
  const rows = await mutedMembersPage(ctx.db, conversation.id, now, request);
  return toCountedConnection(
    rows,
    request,
    (row) => encodeCursor([row.mutedAt!.toISOString(), row.id]),
    () => mutedMembersCount(ctx.db, conversation.id, now),
  );
}
