// Reading messages: lists with filters, counts, one message, replies, pinned messages.
import { select } from '../db/sql.ts';
import type { Context } from '../context.ts';
import { viewerId } from '../context.ts';
import { prisma } from '../db/client.ts';
import type { Message } from '../generated/prisma/client.ts';
import { assertReadable } from './access.ts';
import { loadVisibleMessage } from './message-access.ts';
import { messageCursor, messageListQuery, type MessageFilter, type MessageOrder } from './message-list.ts';
import { pageRequest, toConnection, type PageArgs } from './pagination.ts';

export async function listMessages(
  ctx: Context,
  conversationId: string,
  filter: MessageFilter,
  order: MessageOrder,
  page: PageArgs,
) {
  const viewer = viewerId(ctx);
  const window = assertReadable(await ctx.loaders.access.load(conversationId));
  const request = pageRequest(page, ctx.config.limits.pageSize);
  const query = messageListQuery(conversationId, viewer, window, filter, order, ctx.config.limits.idsPerRequest);
  const rows = await select<Message>(query.page(request));
  for (const row of rows) ctx.loaders.message.prime(row.id, row);
  return {
    ...toConnection(rows, request, (row) => messageCursor(row.seq)),
    totalCount: async () => {
      const [row] = await select<{ count: number }>(query.count());
      return row?.count ?? 0;
    },
  };
}

export async function countMessages(ctx: Context, conversationId: string, filter: MessageFilter): Promise<number> {
  const viewer = viewerId(ctx);
  const window = assertReadable(await ctx.loaders.access.load(conversationId));
  const query = messageListQuery(conversationId, viewer, window, filter, 'CREATED_AT_DESC', ctx.config.limits.idsPerRequest);
  const [row] = await select<{ count: number }>(query.count());
  return row?.count ?? 0;
}

export async function readMessage(ctx: Context, id: string): Promise<Message> {
  const { message } = await loadVisibleMessage(prisma, viewerId(ctx), id);
  ctx.loaders.message.prime(message.id, message);
  return message;
}

/** The thread under a message, oldest first. */
export function listReplies(ctx: Context, parent: Message, page: PageArgs) {
  return listMessages(ctx, parent.conversationId, { parentId: parent.id }, 'CREATED_AT_ASC', page);
}

/** Pinned messages, most recently pinned first. */
export function listPinned(ctx: Context, conversationId: string, page: PageArgs) {
  return listMessages(ctx, conversationId, { pinned: true }, 'PINNED_AT_DESC', page);
}
