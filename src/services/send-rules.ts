// Whether the viewer may post to a conversation right now: the permission table, then the
// conversation's state (frozen), the member's state (muted) and slow mode.
import type { Tx } from '../db/client.ts';
import { forbidden, rateLimited } from '../errors.ts';
import { assertAction, type Access } from './access.ts';
import { isMutedNow } from './members.ts';

export async function assertCanSend(tx: Tx, access: Access, viewer: string, now: Date): Promise<void> {
  assertAction(access, 'send');
  const isAdmin = access.standing.roles.has('owner') || access.standing.roles.has('admin');
  const { conversation, member } = access;
  if (conversation.isFrozen && !isAdmin) {
    throw forbidden('This conversation is frozen: only its admins can send messages.');
  }
  if (member && access.isActiveMember && isMutedNow(member, now)) {
    throw forbidden(
      member.mutedUntil
        ? `You are muted in this conversation until ${member.mutedUntil.toISOString()}.`
        : 'You are muted in this conversation until an admin unmutes you.',
    );
  }
  if (conversation.rateLimit && conversation.rateLimitWindow && !isAdmin) {
    const since = new Date(now.getTime() - conversation.rateLimitWindow * 1000);
    const recent = await tx.message.findMany({
      where: { conversationId: conversation.id, ownerId: viewer, createdAt: { gt: since }, type: { not: 'ADMIN' } },
      orderBy: { createdAt: 'desc' },
      take: conversation.rateLimit,
      select: { createdAt: true },
    });
    if (recent.length >= conversation.rateLimit) {
      const oldest = recent.at(-1)!.createdAt;
      const wait = Math.max(1, Math.ceil((oldest.getTime() + conversation.rateLimitWindow * 1000 - now.getTime()) / 1000));
      throw rateLimited(
        `Slow mode: at most ${conversation.rateLimit} messages every ${conversation.rateLimitWindow} seconds. Try again in ${wait} seconds.`,
        wait,
      );
    }
  }
}
