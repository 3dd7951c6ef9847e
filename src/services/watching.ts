// Watching a conversation: a watch started over a live connection (graphql-ws socket, SSE stream)
// lasts as long as that connection; one started over plain HTTP lasts until stopped, or until it
// expires unless renewed (WATCH_TTL_SECONDS).
import { select } from '../db/sql.ts';
import type { Context } from '../context.ts';
import { viewerId } from '../context.ts';
import { prisma } from '../db/client.ts';
import type { Conversation, User } from '../generated/prisma/client.ts';
import { assertAction, loadAccess } from '../access/access.ts';
import { transaction } from './transaction.ts';
import { connectionExpiry, announceEndedWatches, registerConnection } from './live/connections.ts';
import { direction, encodeCursor, keysetAfter, pageRequest, toConnection, type PageArgs } from './pagination.ts';
import { Prisma } from '../generated/prisma/client.ts';
import { userColumns } from '../db/columns.ts';

export async function startWatching(ctx: Context, conversationId: string): Promise<Conversation> {
  const viewer = viewerId(ctx);
  const now = new Date();
  const connection = ctx.connection;
  if (connection) await registerConnection(connection, viewer);
  return transaction(async (tx, outbox) => {
    const access = await loadAccess(viewer, conversationId, { db: tx, now });
    assertAction(access, 'watch');
    const expiresAt = connection ? connectionExpiry() : new Date(now.getTime() + ctx.config.watchTtlSeconds * 1000);
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
  const access = await loadAccess(viewer, conversationId);
  assertAction(access, 'watch');
  const { count } = await prisma.watcher.deleteMany({ where: { conversationId, userId: viewer } });
  if (count > 0) await announceEndedWatches([{ conversationId, userId: viewer }]);
  return access.conversation;
}

/** Users watching now, in the order they started. */
export async function watcherConnection(ctx: Context, conversation: Conversation, args: PageArgs) {
  const request = pageRequest(args, ctx.config.limits.pageSize);
  const now = new Date();
  const rows = await select<User & { since: Date }>(Prisma.sql`
    SELECT ${userColumns('u')}, w.since AS "since"
      FROM (SELECT user_id, min(created_at) AS since FROM watchers
             WHERE conversation_id = ${conversation.id} AND expires_at > ${now}
             GROUP BY user_id) w
      JOIN users u ON u.id = w.user_id
     WHERE ${keysetAfter(request, Prisma.sql`(w.since, w.user_id)`)}
     ORDER BY w.since ${direction(request)}, w.user_id ${direction(request)}
     LIMIT ${request.size + 1}`);
  const connection = toConnection(rows, request, (row) => encodeCursor([row.since.toISOString(), row.id]));
  return {
    pageInfo: connection.pageInfo,
    edges: connection.edges.map(({ cursor, node: { since: _since, ...user } }) => {
      ctx.loaders.user.prime(user.id, user);
      return { cursor, node: user as User };
    }),
    totalCount: () => ctx.loaders.watcherCount.load(conversation.id),
  };
}
