// Reading conversations: one conversation, the viewer's list (the inbox) and public discovery, with
// the viewer's fields of each listed row brought along by the list's one statement.
import type { Context } from '../context.ts';
import { viewerId } from '../auth/identity.ts';
import type { Conversation, Member } from '../generated/prisma/client.ts';
import { accessOf } from '../access/access.ts';
import { markSeen } from '../access/views.ts';
import { conversationListQuery, type ConversationFilter, type ConversationOrder, type Include, type ListCursor } from '../sql/inbox.ts';
import { PreparedStatements, standIns } from '../sql/prepared.ts';
import { lastMessageOf, memberPageOf } from '../sql/conversation-fields.ts';
import { columnPicker } from '../db/columns.ts';
import { conversationPageSize, encodeCursor, pageRequest, timeKeyOf, toConnection, type PageArgs } from '../common/pagination.ts';

/** What varies between two requests for the same kind of page: the viewer, the time, the position. */
type ListValues = { viewer: string; now: Date; at: Date; id: string; limit: number; offset: number };
const listStatements = new PreparedStatements<ListValues>(
  standIns<ListValues>({ viewer: 'text', now: 'other', at: 'other', id: 'text', limit: 'other', offset: 'other' }),
);

export async function listConversations(
  ctx: Context,
  filter: ConversationFilter,
  order: ConversationOrder,
  page: PageArgs,
  include: Include = {},
) {
  const viewer = viewerId(ctx);
  const request = pageRequest(page, ctx.config.limits.pageSize, conversationPageSize);
  const cursor: ListCursor | null = timeKeyOf(request);
  const maxIds = ctx.config.limits.idsPerRequest;
  // the statement's text depends on the filter, the order, the direction and what rows bring along;
  // memberIdsExactly counts the viewer among the members, a value the builder needs for itself
  const shape = filter.memberIdsExactly ? null : JSON.stringify([filter, order, maxIds, request.backward, cursor !== null, include]);
  const statement = listStatements.statement(
    shape,
    { viewer, now: new Date(), at: cursor?.at ?? new Date(0), id: cursor?.id ?? '', limit: request.size + 1, offset: request.skip },
    (s) =>
      conversationListQuery(s.viewer, filter, order, maxIds, s.now).page(
        { limit: s.limit, offset: s.offset, backward: request.backward, cursor: cursor && { at: s.at, id: s.id } },
        include,
      ),
  );
  const rows = await ctx.db.select<Record<string, unknown>>(statement);
  const connection = toConnection(rows, request, (row) => encodeCursor([(row.sortAt as Date).toISOString(), row.id]));
  return {
    edges: connection.edges.map((edge) => {
      const node = primeListed(ctx, edge.node, include);
      return {
        node,
        get cursor() {
          return edge.cursor;
        },
      };
    }),
    pageInfo: connection.pageInfo,
    totalCount: () => countConversations(ctx, filter),
  };
}

const pickConversation = columnPicker<Conversation>('conversation');
const pickMember = columnPicker<Member>('member', 'member.');

/** Fills the request's loaders with what the list statement brought along for one conversation. */
function primeListed(ctx: Context, row: Record<string, unknown>, include: Include): Conversation {
  const conversation = pickConversation(row)!;
  const { loaders } = ctx;
  loaders.conversation.prime(conversation.id, conversation);
  // the list's statement keeps to what the viewer may see: their own copies (never while banned),
  // or public and open conversations
  markSeen(ctx, conversation);
  if (!('memberRowId' in row)) return conversation; // public discovery: no member row to bring
  const member = pickMember(row);
  loaders.access.prime(
    conversation.id,
    accessOf({
      viewerId: ctx.viewer!.userId,
      isApp: false,
      conversation,
      member,
      isBanned: false,
      isWatching: row.isWatching === true,
      readerSince: null,
    }),
  );
  if (include.unreadCount) loaders.unreadCount.prime(conversation.id, row.unreadCount as number);
  if (include.lastMessage) {
    const last = lastMessageOf(row.lastMessage);
    if (last?.owner) loaders.user.prime(last.owner.id, last.owner);
    loaders.lastMessage.prime(conversation.id, last?.message ?? null);
  }
  if (include.members) {
    const members = memberPageOf(row.memberPage);
    for (const member of members) loaders.user.prime(member.user.id, member.user);
    loaders.memberPage.prime({ conversationId: conversation.id, limit: include.members, after: null, backward: false }, members);
  }
  return conversation;
}

export async function countConversations(ctx: Context, filter: ConversationFilter): Promise<number> {
  const viewer = viewerId(ctx);
  const query = conversationListQuery(viewer, filter, 'UPDATED_AT_DESC', ctx.config.limits.idsPerRequest);
  const [row] = await ctx.db.select<{ count: number }>(query.count());
  return row?.count ?? 0;
}
