// Whether the viewer may post to a conversation right now: the permission table, then the
// conversation's state (frozen), the member's state (muted) and slow mode.
import type { Tx } from '../db/client.ts';
import { Prisma } from '../generated/prisma/client.ts';
import { canSql } from '../policy.ts';
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

/**
 * assertCanSend() as one SQL condition over `t`, a row with the conversation's columns and the
 * viewer's member facts (role, left_at, muted_at, muted_until, is_banned, is_watching,
 * recent_count). The plain send checks and writes in one statement with it; when it refuses,
 * assertCanSend() says why.
 */
export function canSendSql(now: Date): Prisma.Sql {
  const active = Prisma.sql`(t.member_left_at IS NULL AND t.member_role IS NOT NULL)`;
  const isAdmin = Prisma.sql`(${active} AND t.member_role IN ('OWNER', 'ADMIN'))`;
  return Prisma.sql`(${canSql('send', {
    conversation: 't',
    isOwner: Prisma.sql`(${active} AND t.member_role = 'OWNER')`,
    isAdmin: Prisma.sql`(${active} AND t.member_role = 'ADMIN')`,
    isMember: Prisma.sql`(${active} AND t.member_role = 'MEMBER')`,
    isWatching: Prisma.sql`t.is_watching`,
    isBanned: Prisma.sql`t.is_banned`,
  })}
    AND (NOT t.is_frozen OR ${isAdmin})
    AND NOT (${active} AND t.member_muted_at IS NOT NULL AND (t.member_muted_until IS NULL OR t.member_muted_until > ${now}))
    AND (t.rate_limit IS NULL OR t.rate_limit_window IS NULL OR ${isAdmin} OR t.recent_count < t.rate_limit))`;
}
