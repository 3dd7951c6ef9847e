// Watching a conversation: a watch started over a live connection (graphql-ws socket, SSE stream)
// lasts as long as that connection; one started over plain HTTP lasts until stopped, or until it
// expires unless renewed (WATCH_TTL_SECONDS).
import type { Context } from '../context.ts';
import { viewerId } from '../auth/identity.ts';
import type { Conversation } from '../generated/prisma/client.ts';
import { assertAction, loadAccess } from '../access/access.ts';
import { transaction } from '../db/transaction.ts';
import { encodeCursor, pageRequest, toConnection, type PageArgs } from '../common/pagination.ts';
import { watchingUsersPage } from '../sql/pages.ts';

export async function startWatching(ctx: Context, conversationId: string): Promise<Conversation> {
  const viewer = viewerId(ctx);
  const now = new Date();
  const connection = ctx.connection;
  const { presence } = ctx.runtime.live;
  if (connection) await presence.register(connection, viewer);
  return transaction(ctx.runtime, async (tx, outbox) => {
    const access = await loadAccess(tx, viewer, conversationId, { now });
    assertAction(access, 'watch');
    const expiresAt = connection ? presence.connectionExpiry() : new Date(now.getTime() + ctx.config.watchTtlSeconds * 1000);
    const existing = await tx.watcher.findFirst({
      where: { conversationId, userId: viewer, connectionId: connection?.id ?? null },
    });
    if (existing) {
      await tx.watcher.update({ where: { id: existing.id }, data: { expiresAt } });
    } else {
      await tx.watcher.create({
        data: { conversationId, userId: viewer, connectionId: connection?.id ?? null, expiresAt },
      });
    }
    if (!access.isWatching) outbox.publish('watcher:changed', conversationId, { userId: viewer, watching: true });
    return access.conversation;
  });
}

/** Ends every watch of the viewer on this conversation, whichever connection started it. */
export async function stopWatching(ctx: Context, conversationId: string): Promise<Conversation> {
  const viewer = viewerId(ctx);
  const access = await loadAccess(ctx.db, viewer, conversationId);
  assertAction(access, 'watch');
  const { count } = await ctx.db.prisma.watcher.deleteMany({ where: { conversationId, userId: viewer } });
  if (count > 0) await ctx.runtime.live.presence.announceEndedWatches([{ conversationId, userId: viewer }]);
  return access.conversation;
}

/** Users watching now, in the order they started. */
export async function watcherConnection(ctx: Context, conversation: Conversation, args: PageArgs) {
  const request = pageRequest(args, ctx.config.limits.pageSize);
  const rows = await watchingUsersPage(ctx.db, conversation.id, new Date(), request);
  const connection = toConnection(rows, request, (row) => encodeCursor([row.at.toISOString(), row.id]));
  return {
    pageInfo: connection.pageInfo,
    edges: connection.edges.map(({ cursor, node: { at: _at, ...user } }) => {
      ctx.loaders.user.prime(user.id, user);
      return { cursor, node: user };
    }),
    totalCount: () => ctx.loaders.watcherCount.load(conversation.id),
  };
}
