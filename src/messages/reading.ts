// Read positions and unread counts. A member's read position is a seq: every message up to it is
// read. Unread counts are counted from it when asked (see loaders.unreadCount), so they are exact
// under concurrent sends and reads.
import type { Context } from '../context.ts';
import { viewerId } from '../auth/identity.ts';
import type { Conversation, Message } from '../generated/prisma/client.ts';
import { messagesBetween } from '../sql/messages.ts';
import { seeMessages } from '../access/views.ts';
import { forbidden } from '../errors.ts';
import { loadAccess } from '../access/access.ts';
import { transaction } from '../db/transaction.ts';

/** Marks as read every message sent up to `timestamp` (default: now). A read position only moves forward. */
export async function markConversationRead(
  ctx: Context,
  conversationId: string,
  timestamp: Date | null | undefined,
): Promise<Conversation> {
  const viewer = viewerId(ctx);
  const now = ctx.runtime.clock.now();
  const at = timestamp && timestamp < now ? timestamp : now;
  return transaction(ctx.runtime, async (tx, outbox) => {
    const access = await loadAccess(tx, viewer, conversationId, { now });
    const member = access.member;
    if (!member || access.isBanned) throw forbidden('Only members have a read position in this conversation.');
    // the newest message sent at or before the timestamp; seq order and time order agree but for
    // messages the API key back-dated, so take the highest seq among them
    const { _max } = await tx.message.aggregate({ _max: { seq: true }, where: { conversationId, createdAt: { lte: at } } });
    const upTo = Math.min(_max.seq ?? 0, member.leftSeq ?? Number.MAX_SAFE_INTEGER);
    if (upTo > member.lastReadSeq) {
      await tx.member.update({ where: { id: member.id }, data: { lastReadSeq: upTo, lastReadAt: at } });
      outbox.publish('viewer:event', viewer, { kind: 'conversationRead', conversationId });
      // read receipts: the others' "seen" ticks move without polling
      if (access.conversation.readEvents) {
        outbox.publish('conversation:event', conversationId, {
          kind: 'read',
          userId: viewer,
          fromSeq: member.lastReadSeq,
          upToSeq: upTo,
          readAt: at.toISOString(),
        });
      }
    }
    return access.conversation;
  });
}

/** The viewer's unread messages over every conversation they have a copy of. */
export async function totalUnreadCount(ctx: Context): Promise<number> {
  const viewer = viewerId(ctx);
  const memberships = await ctx.db.prisma.member.findMany({ where: { userId: viewer }, select: { conversationId: true } });
  const counts = await ctx.loaders.unreadCount.loadMany(memberships.map((m) => m.conversationId));
  return counts.reduce<number>((sum, count) => sum + (typeof count === 'number' ? count : 0), 0);
}

/** How many of the messages a read covered a MessagesRead event lists. */
export const maxReadMessages = 50;

/**
 * The messages a member's read covered (fromSeq < seq <= upToSeq), newest first, up to `limit`:
 * those the viewer sees, as they see them (access/views.ts).
 */
export async function messagesRead(
  ctx: Context,
  read: { conversationId: string; fromSeq: number; upToSeq: number },
  limit: number,
): Promise<Message[]> {
  const after = Math.max(read.fromSeq, read.upToSeq - limit);
  const rows = await messagesBetween(ctx.db, read.conversationId, after, read.upToSeq, limit);
  const seen = await seeMessages(ctx, rows);
  return seen.filter((m): m is Message => m !== null).sort((a, b) => b.seq - a.seq);
}
