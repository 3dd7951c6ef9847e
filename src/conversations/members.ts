// Reading members: a page of active members in joining order. (Membership changes: membership.ts.)
import type { Context } from '../context.ts';
import type { Conversation, MemberRole } from '../generated/prisma/client.ts';
import type { MemberWithUser } from '../sql/conversation-fields.ts';
import { encodeCursor, pageRequest, timeKeyOf, toCountedConnection, type PageArgs } from '../common/pagination.ts';

export function isAdminRole(role: MemberRole): boolean {
  return role === 'OWNER' || role === 'ADMIN';
}

const memberCursor = (m: MemberWithUser) => encodeCursor([m.joinedAt.toISOString(), m.id]);

/** Active members in joining order: a page stays put while others join (at the end) or leave. */
export async function memberConnection(ctx: Context, conversation: Conversation, args: PageArgs) {
  const request = pageRequest(args, ctx.config.limits.pageSize);
  const key = timeKeyOf(request);
  const after = key ? { joinedAt: key.at, id: key.id } : null;
  const rows = await ctx.loaders.memberPage.load({
    conversationId: conversation.id,
    limit: request.size + 1,
    after,
    backward: request.backward,
  });
  return toCountedConnection<MemberWithUser, number>(rows, request, memberCursor, conversation.memberCount);
}
