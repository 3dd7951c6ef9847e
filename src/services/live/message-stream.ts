// messageAdded: the messages a subscriber may see, in seq order, exactly once.
// Subscribe to live events first, then replay from the database; every event (live or replayed)
// is answered by reading "everything after the last seq delivered" with the subscriber's current
// rights, so a lost, late or duplicate event can neither skip nor repeat a message.
import type { Context } from '../../context.ts';
import { viewerId } from '../../context.ts';
import { prisma } from '../../db/client.ts';
import type { Message } from '../../generated/prisma/client.ts';
import { createLoaders } from '../../loaders.ts';
import { forbidden } from '../../errors.ts';
import { pubsub } from '../../pubsub.ts';
import { assertReadable, loadAccess } from '../access.ts';
import { messageListQuery, seqFromCursor } from '../message-list.ts';
import { endable, listenForSeq, type SeqSignal } from './listen.ts';

const batchSize = 200;

/** Yields messages, or an Error to deliver (the stream then ends). */
export async function messageAddedStream(
  ctx: Context,
  conversationId: string,
  after: string | null | undefined,
): Promise<AsyncIterable<Message | Error>> {
  const viewer = viewerId(ctx);
  const afterSeq = after != null ? seqFromCursor(after, 'after') : null;
  // rights at subscribe time: FORBIDDEN here rejects the subscription itself
  assertReadable(await loadAccess(viewer, conversationId));
  // a removal or a ban ends the stream at once, not at the next message
  const events = listenForSeq(pubsub.subscribe('message:added', conversationId), {
    source: pubsub.subscribe('conversation:event', conversationId),
    isPoke: (e) => e.kind === 'members' && (e.change === 'removed' || e.change === 'banned') && e.userIds.includes(viewer),
  });
  // read after listening: anything committed later is announced as an event
  const lastSeq = (await loadAccess(viewer, conversationId)).conversation.lastSeq;
  return endable(deliver(ctx, viewer, conversationId, afterSeq ?? lastSeq, lastSeq, events), () => events.close());
}

async function* deliver(
  ctx: Context,
  viewer: string,
  conversationId: string,
  start: number,
  initialTarget: number,
  events: SeqSignal,
): AsyncGenerator<Message | Error> {
  // scanned: every seq up to here was delivered or is not for this viewer
  // target: every seq up to here is committed (sends to a conversation commit in seq order)
  let scanned = start;
  let target = initialTarget;
  try {
    while (true) {
      while (scanned < target) {
        const batch = await readBetween(ctx, viewer, conversationId, scanned, target);
        if (batch instanceof Error) {
          yield batch;
          return;
        }
        for (const message of batch) yield message;
        scanned = batch.length === batchSize ? batch.at(-1)!.seq : target;
      }
      const wake = await events.wait(scanned);
      if (wake === null) return;
      target = Math.max(target, wake.latest);
      if (wake.poked && target <= scanned) {
        // rights may have changed with no new message: check them now
        const check = await readBetween(ctx, viewer, conversationId, scanned, scanned);
        if (check instanceof Error) {
          yield check;
          return;
        }
      }
    }
  } finally {
    events.close();
  }
}

/** The messages in (after, upTo] the viewer may see now; an Error once they may no longer read new ones. */
async function readBetween(
  ctx: Context,
  viewer: string,
  conversationId: string,
  after: number,
  upTo: number,
): Promise<Message[] | Error> {
  // fresh loaders for every event: no field of this delivery shows data cached from an earlier one
  ctx.loaders = createLoaders(viewer);
  let access;
  try {
    access = await loadAccess(viewer, conversationId);
  } catch (e) {
    return e as Error;
  }
  const window = access.window;
  if (!window || window.upTo !== null) {
    return access.isBanned
      ? forbidden('You were banned from this conversation.')
      : forbidden('You are no longer a member of this conversation.');
  }
  const query = messageListQuery(conversationId, viewer, window, {}, 'CREATED_AT_ASC', 1);
  const rows = await prisma.$queryRaw<Message[]>(query.between(after, upTo, batchSize));
  for (const row of rows) ctx.loaders.message.prime(row.id, row);
  return rows;
}
