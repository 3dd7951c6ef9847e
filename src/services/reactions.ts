// Reactions on messages the viewer received. Counts per type are kept on the message, recounted in
// the same transaction under the message's row lock, so they always equal the reactions.
import { select } from '../db/sql.ts';
import type { Context } from '../context.ts';
import { viewerId } from '../context.ts';
import type { Tx } from '../db/client.ts';
import type { Message, User } from '../generated/prisma/client.ts';
import { Prisma } from '../generated/prisma/client.ts';
import { badInput } from '../errors.ts';
import { assertAction } from '../access/access.ts';
import { loadVisibleMessage } from '../access/views.ts';
import { direction, encodeCursor, keysetAfter, pageRequest, toConnection, type PageArgs } from './pagination.ts';
import { publishMessageChanged } from './publish.ts';
import { transaction } from './transaction.ts';
import { userColumns } from '../db/columns.ts';

export const maxReactionTypeLength = 32;
export const maxReactionTypesPerMessage = 50;

export function checkReactionType(type: string): string {
  const trimmed = type.trim();
  if (!trimmed || [...trimmed].length > maxReactionTypeLength || /\s/.test(trimmed)) {
    throw badInput(`A reaction type is 1 to ${maxReactionTypeLength} characters without spaces (like, 👍, laugh).`, 'type');
  }
  return trimmed;
}

/** Recounts a message's reactions into reaction_counts. */
async function recount(tx: Tx, messageId: string): Promise<Message> {
  const rows = await tx.reaction.groupBy({ by: ['type'], where: { messageId }, _count: { _all: true } });
  const counts = Object.fromEntries(rows.map((r) => [r.type, r._count._all]));
  return tx.message.update({ where: { id: messageId }, data: { reactionCounts: counts } });
}

async function react(ctx: Context, messageId: string, rawType: string, add: boolean): Promise<Message> {
  const viewer = viewerId(ctx);
  const type = checkReactionType(rawType);
  return transaction(async (tx, outbox) => {
    // serialises reaction changes of one message, so the recount is exact
    await tx.$queryRaw`SELECT id FROM messages WHERE id = ${messageId} FOR UPDATE`;
    const { message, access } = await loadVisibleMessage(tx, viewer, messageId);
    assertAction(access, 'react');
    if (message.deletedAt) throw badInput('This message was deleted for everyone.', 'messageId');
    let changed: boolean;
    if (add) {
      const counts = message.reactionCounts as Record<string, number>;
      if (!(type in counts) && Object.keys(counts).length >= maxReactionTypesPerMessage) {
        throw badInput(`A message can have at most ${maxReactionTypesPerMessage} kinds of reaction.`, 'type');
      }
      const inserted = await tx.$executeRaw`
        INSERT INTO reactions (message_id, user_id, type, created_at) VALUES (${messageId}, ${viewer}, ${type}, ${new Date()})
        ON CONFLICT DO NOTHING`;
      changed = inserted > 0;
    } else {
      const { count } = await tx.reaction.deleteMany({ where: { messageId, userId: viewer, type } });
      changed = count > 0;
    }
    if (!changed) return message;
    const updated = await recount(tx, messageId);
    publishMessageChanged(outbox, updated.conversationId, 'reactions', messageId, viewer, updated.reactionCounts as Record<string, number>);
    return updated;
  });
}

export const addReaction = (ctx: Context, messageId: string, type: string) => react(ctx, messageId, type, true);
export const removeReaction = (ctx: Context, messageId: string, type: string) => react(ctx, messageId, type, false);

/** { type, count } from the counts kept on the message, most used first. */
export function reactionCountsOf(message: Pick<Message, 'reactionCounts'>): { type: string; count: number }[] {
  return Object.entries((message.reactionCounts ?? {}) as Record<string, number>)
    .filter(([, count]) => count > 0)
    .map(([type, count]) => ({ type, count }))
    .sort((a, b) => b.count - a.count || a.type.localeCompare(b.type));
}

/** The users who reacted with `type`, in the order they did. */
export async function reactionUsers(ctx: Context, message: Message, rawType: string, args: PageArgs) {
  const type = checkReactionType(rawType);
  const request = pageRequest(args, ctx.config.limits.pageSize);
  // a former member sees the reactions made before they left (message.reactionCounts is theirs too)
  const access = await ctx.loaders.access.load(message.conversationId);
  const asOf = access.isFormerMember ? Prisma.sql`AND r.created_at <= ${access.member!.leftAt!}` : Prisma.empty;
  const rows = await select<User & { reactedAt: Date }>(Prisma.sql`
    SELECT ${userColumns('u')}, r.created_at AS "reactedAt"
      FROM reactions r JOIN users u ON u.id = r.user_id
     WHERE r.message_id = ${message.id} AND r.type = ${type} ${asOf} AND ${keysetAfter(request, Prisma.sql`(r.created_at, r.user_id)`)}
     ORDER BY r.created_at ${direction(request)}, r.user_id ${direction(request)}
     LIMIT ${request.size + 1}`);
  const connection = toConnection(rows, request, (row) => encodeCursor([row.reactedAt.toISOString(), row.id]));
  return {
    pageInfo: connection.pageInfo,
    edges: connection.edges.map(({ cursor, node: { reactedAt: _at, ...user } }) => {
      ctx.loaders.user.prime(user.id, user);
      return { cursor, node: user as User };
    }),
    totalCount: ((message.reactionCounts ?? {}) as Record<string, number>)[type] ?? 0,
  };
}
