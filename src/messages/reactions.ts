// Reactions on messages the viewer received. Counts per type are kept on the message, recounted in
// the same transaction under the message's row lock, so they always equal the reactions.
import type { Context } from '../context.ts';
import { viewerId } from '../auth/identity.ts';
import type { Tx } from '../db/client.ts';
import type { Message } from '../generated/prisma/client.ts';
import { badInput } from '../errors.ts';
import { assertAction } from '../access/access.ts';
import { loadVisibleMessage, seenReactionCounts } from '../access/views.ts';
import { encodeCursor, pageRequest, prismaKeyset, toCountedConnection, type PageArgs } from '../common/pagination.ts';
import { lockMessage } from '../sql/messages.ts';
import { publishMessageChanged } from '../live/publish.ts';
import { notifyReaction } from '../notifications/events.ts';
import { transaction } from '../db/transaction.ts';

const maxReactionTypeLength = 32;
const maxReactionTypesPerMessage = 50;

function checkReactionType(type: string): string {
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
  return transaction(ctx.runtime, async (tx, outbox) => {
    // serialises reaction changes of one message, so the recount is exact
    await lockMessage(tx, messageId);
    const { message, access } = await loadVisibleMessage(tx, viewer, messageId);
    assertAction(access, 'react');
    if (message.deletedAt) throw badInput('This message was deleted for everyone.', 'messageId');
    let changed: boolean;
    if (add) {
      const counts = message.reactionCounts as Record<string, number>;
      if (!(type in counts) && Object.keys(counts).length >= maxReactionTypesPerMessage) {
        throw badInput(`A message can have at most ${maxReactionTypesPerMessage} kinds of reaction.`, 'type');
      }
      // the server's time, as with every change (a former member's view compares it with their leaving)
      const inserted = await tx.reaction.createMany({
        data: [{ messageId, userId: viewer, type, createdAt: ctx.runtime.clock.now() }],
        skipDuplicates: true,
      });
      changed = inserted.count > 0;
    } else {
      const { count } = await tx.reaction.deleteMany({ where: { messageId, userId: viewer, type } });
      changed = count > 0;
    }
    if (!changed) return message;
    const updated = await recount(tx, messageId);
    publishMessageChanged(outbox, updated.conversationId, 'reactions', messageId, viewer, updated.reactionCounts as Record<string, number>);
    notifyReaction(outbox, add, updated, viewer, type);
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

/** The reactions of one type, in the order they were made (a former member: those before they left). */
export async function reactionsOfType(ctx: Context, message: Message, rawType: string, args: PageArgs) {
  const type = checkReactionType(rawType);
  const access = await ctx.loaders.access.load(message.conversationId);
  const asOf = access.isFormerMember ? access.member!.leftAt! : null;
  const request = pageRequest(args, ctx.config.limits.pageSize);
  const page = prismaKeyset(request, 'createdAt', 'userId');
  const rows = await ctx.db.prisma.reaction.findMany({
    where: { messageId: message.id, type, ...(asOf ? { createdAt: { lte: asOf } } : {}), ...page.where },
    orderBy: page.orderBy,
    take: page.take,
  });
  const total = (await seenReactionCounts(ctx, message))[type] ?? 0;
  return toCountedConnection(rows, request, (row) => encodeCursor([row.createdAt.toISOString(), row.userId]), total);
}
