// Reading members. (Membership changes live in services/membership.ts.)
import type { Context } from '../context.ts';
import type { Conversation, Member, MemberRole } from '../generated/prisma/client.ts';
import type { MemberWithUser } from '../loaders.ts';
import { badInput } from '../errors.ts';
import { clock } from '../clock.ts';
import { encodeCursor, pageRequest, toConnection, type PageArgs } from './pagination.ts';

export function isAdminRole(role: MemberRole): boolean {
  return role === 'OWNER' || role === 'ADMIN';
}

/** Muted by an admin right now: a mute holds until unmuted, or until mutedUntil passes. */
export function isMutedNow(member: Pick<Member, 'mutedAt' | 'mutedUntil'>, now = clock.now()): boolean {
  return member.mutedAt !== null && (member.mutedUntil === null || member.mutedUntil > now);
}

/** Active members in joining order: a page stays put while others join (at the end) or leave. */
export async function memberConnection(ctx: Context, conversation: Conversation, args: PageArgs) {
  const request = pageRequest(args, ctx.config.limits.pageSize);
  let after: { joinedAt: Date; id: string } | null = null;
  if (request.cursor) {
    const [at, id] = request.cursor;
    const joinedAt = typeof at === 'string' ? new Date(at) : null;
    if (!joinedAt || Number.isNaN(joinedAt.getTime()) || typeof id !== 'string') {
      throw badInput(`${request.backward ? 'before' : 'after'} is not a cursor from this list.`, 'after');
    }
    after = { joinedAt, id };
  }
  const rows = await ctx.loaders.memberPage.load({ conversationId: conversation.id, limit: request.size + 1, after, backward: request.backward });
  return {
    ...toConnection<MemberWithUser>(rows, request, (m) => encodeCursor([m.joinedAt.toISOString(), m.id])),
    totalCount: conversation.memberCount,
  };
}
