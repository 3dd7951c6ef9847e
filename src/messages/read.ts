// Reading messages: lists with filters, counts, one message, replies, pinned messages. The rules
// of what the viewer sees come from the access module: the statements compile them, and every row
// passes seeMessages() on its way out.
import type { Context } from '../context.ts';

import type { Message } from '../generated/prisma/client.ts';
import { notFound } from '../errors.ts';
import { actorOf, assertReadable, noteFirstReads, type SeqWindow } from '../access/access.ts';
import { seeMessage, seeMessages } from '../access/views.ts';
import { messageCursor, messageListQuery, type MessageFilter, type MessageOrder } from '../sql/messages.ts';
import { pageRequest, toCountedConnection, type PageArgs } from '../common/pagination.ts';

/** The viewer's window in a conversation they read messages of (FORBIDDEN when they may not). */
async function readingWindow(ctx: Context, conversationId: string): Promise<{ window: SeqWindow; asOf: Date | null }> {
  const access = await ctx.loaders.access.load(conversationId);
  const window = assertReadable(access);
  await noteFirstReads(ctx.db, [access]);
  return { window, asOf: access.isFormerMember ? access.member!.leftAt : null };
}

export async function listMessages(ctx: Context, conversationId: string, filter: MessageFilter, order: MessageOrder, page: PageArgs) {
  const viewer = actorOf(ctx);
  const { window, asOf } = await readingWindow(ctx, conversationId);
  const request = pageRequest(page, ctx.config.limits.pageSize);
  const query = messageListQuery(conversationId, viewer, window, filter, order, ctx.config.limits.idsPerRequest, asOf);
  const rows = await ctx.db.select<Message>(query.page(request));
  for (const row of rows) ctx.loaders.message.prime(row.id, row);
  // the statement applied the rules; this applies what a former member sees of each message
  const seen = (await seeMessages(ctx, rows, { hiddenExcluded: true })).filter((m): m is Message => m !== null);
  return toCountedConnection(
    seen,
    request,
    (row) => messageCursor(row.seq),
    async () => {
      const [row] = await ctx.db.select<{ count: number }>(query.count());
      return row?.count ?? 0;
    },
  );
}

export async function countMessages(ctx: Context, conversationId: string, filter: MessageFilter): Promise<number> {
  const viewer = actorOf(ctx);
  const { window, asOf } = await readingWindow(ctx, conversationId);
  const query = messageListQuery(conversationId, viewer, window, filter, 'CREATED_AT_DESC', ctx.config.limits.idsPerRequest, asOf);
  const [row] = await ctx.db.select<{ count: number }>(query.count());
  return row?.count ?? 0;
}

/**
 * One message: NOT_FOUND when it does not exist or is not for the viewer, FORBIDDEN when its
 * conversation is not theirs to read. `query`: what the GraphQL selection needs loaded with it.
 */
export async function readMessage(ctx: Context, id: string, query: { include?: object; select?: object } = {}): Promise<Message> {
  actorOf(ctx);
  const row = await ctx.db.prisma.message.findUnique({ ...query, where: { id } });
  if (!row) throw notFound('Message', id);
  assertReadable(await ctx.loaders.access.load(row.conversationId));
  const seen = await seeMessage(ctx, row);
  if (!seen) throw notFound('Message', id);
  return seen;
}

/** The thread under a message, oldest first. */
export function listReplies(ctx: Context, parent: Message, page: PageArgs) {
  return listMessages(ctx, parent.conversationId, { parentId: parent.id }, 'CREATED_AT_ASC', page);
}

/** Pinned messages, most recently pinned first (a list: not for a former member). */
export async function listPinned(ctx: Context, conversationId: string, page: PageArgs) {
  const access = await ctx.loaders.access.load(conversationId);
  if (!access.seesDetails) {
    pageRequest(page, ctx.config.limits.pageSize);
    return toCountedConnection<Message, number>([], { size: 0, cursor: null, backward: false, skip: 0 }, () => '', 0);
  }
  return listMessages(ctx, conversationId, { pinned: true }, 'PINNED_AT_DESC', page);
}
