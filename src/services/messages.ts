// Sending and reading messages.
import { createHash } from 'node:crypto';
import type { Context } from '../context.ts';
import { viewerId } from '../context.ts';
import { prisma } from '../db/client.ts';
import type { Message } from '../generated/prisma/client.ts';
import { Prisma } from '../generated/prisma/client.ts';
import { badInput, conflict } from '../errors.ts';
import { assertAction, assertReadable, loadAccess } from './access.ts';
import { insertMessage } from './message-store.ts';
import { messageCursor, messageListQuery, type MessageFilter, type MessageOrder } from './message-list.ts';
import { pageRequest, toConnection, type PageArgs } from './pagination.ts';
import { publishMessageWritten } from './publish.ts';
import { transaction } from './transaction.ts';
import { checkClientId, checkJsonObject, checkText } from './validate.ts';

export interface SendMessageInput {
  id?: string | null;
  conversationId?: string | null;
  customType?: string | null;
  body?: string | null;
  metaData?: unknown;
}

function hashInput(viewer: string, input: unknown): string {
  return createHash('sha256').update(JSON.stringify([viewer, input])).digest('base64url');
}

export async function sendMessage(ctx: Context, input: SendMessageInput): Promise<Message> {
  const viewer = viewerId(ctx);
  const id = checkClientId(input.id);
  if (!input.conversationId) throw badInput('conversationId is required.', 'conversationId');
  const conversationId = input.conversationId;
  const body = checkText(input.body, 'body', { max: ctx.config.limits.bodyLength, allowEmpty: true });
  const customType = checkText(input.customType, 'customType', { max: 64 });
  const metaData = checkJsonObject(input.metaData, 'metaData');
  if (!body) throw badInput('A message needs a body.', 'body');
  const inputHash = id ? hashInput(viewer, { conversationId, body, customType, metaData }) : null;

  if (id) {
    const existing = await findIdempotent(id, inputHash);
    if (existing) return existing;
  }

  const now = new Date();
  try {
    return await transaction(async (tx, outbox) => {
      const access = await loadAccess(viewer, conversationId, { db: tx, lock: true, now });
      assertAction(access, 'send');
      const { message, written } = await insertMessage(
        tx,
        access.conversation,
        { id, type: 'NORMAL', ownerId: viewer, body, customType, metaData, inputHash },
        now,
      );
      publishMessageWritten(outbox, written);
      return message;
    });
  } catch (e) {
    if (id && e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002') {
      const winner = await findIdempotent(id, inputHash);
      if (winner) return winner;
    }
    throw e;
  }
}

async function findIdempotent(id: string, inputHash: string | null): Promise<Message | null> {
  const existing = await prisma.message.findUnique({ where: { id } });
  if (existing && existing.inputHash !== inputHash) {
    throw conflict(`A different message already has the id ${id}.`);
  }
  return existing;
}

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
  const rows = await prisma.$queryRaw<Message[]>(query.page(request));
  for (const row of rows) ctx.loaders.message.prime(row.id, row);
  return {
    ...toConnection(rows, request, (row) => messageCursor(row.seq)),
    totalCount: async () => {
      const [row] = await prisma.$queryRaw<{ count: number }[]>(query.count());
      return row?.count ?? 0;
    },
  };
}

export async function countMessages(ctx: Context, conversationId: string, filter: MessageFilter): Promise<number> {
  const viewer = viewerId(ctx);
  const window = assertReadable(await ctx.loaders.access.load(conversationId));
  const query = messageListQuery(conversationId, viewer, window, filter, 'CREATED_AT_DESC', ctx.config.limits.idsPerRequest);
  const [row] = await prisma.$queryRaw<{ count: number }[]>(query.count());
  return row?.count ?? 0;
}
