// messageAdded: the messages a subscriber may see, in seq order, exactly once.
// The subscriber joins its conversation's feed (which listens before it reads), then catches up
// from its starting seq: from the feed's memory when it holds every message since then, else from
// the database. A lost, late or duplicate announcement can neither skip nor repeat a message, since
// the position delivered is a seq, not a count of events.
// Rights: checked when subscribing, and again whenever an event may change them (this user added,
// removed, banned, muted; the conversation's settings) before the next delivery. What the viewer
// sees of each message is the access module's rule, with the messages they deleted for themselves
// (read at subscribe time, then told by the feed) left out.
import type { Context } from '../context.ts';
import { viewerId } from '../auth/identity.ts';
import { renewLoaders } from '../loaders.ts';
import { forbidden } from '../errors.ts';
import type { Message, User } from '../generated/prisma/client.ts';
import { assertReadable, loadAccess, noteFirstReads, type Access } from '../access/access.ts';
import { isVisibleInWindow, markSeen } from '../access/views.ts';
import { hiddenSeqsAfter, messageListQuery, seqFromCursor } from '../sql/messages.ts';
import { Channel, pushTo, stoppable, type Pushable } from './channel.ts';
import type { ConversationFeed, FeedReader } from './feeds.ts';
import type { ConversationEvent } from './pubsub.ts';

const batchSize = 200;

/** What a subscriber keeps of its Access between events: little, since thousands may idle. */
type Rights = Pick<Access, 'window' | 'isBanned'>;
const rightsOf = (access: Access): Rights => ({ window: access.window, isBanned: access.isBanned });

function lostRights(access: Rights): Error | null {
  if (access.window && access.window.upTo === null) return null;
  return access.isBanned
    ? forbidden('You were banned from this conversation.')
    : forbidden('You are no longer a member of this conversation.');
}

/**
 * A subscriber's place in its feed: woken by new messages, marked stale by events about its rights.
 * The delivery loop (`deliver`) does the work; while it waits, caught up, a new message that needs
 * nothing awaited (rights fresh, the feed's copies settled and holding it) goes straight to the
 * consumer's sink when it gave one (`pushTo`): at fan-out, no promise per message and subscriber.
 */
class Reader implements FeedReader {
  stale = false;
  /** seqs of messages this viewer deleted from their copy, not yet delivered past (null: none) */
  hidden: Set<number> | null = null;
  readonly wakeups = new Channel<void>({ coalesce: true });
  /** every seq up to here was delivered or is not for this viewer */
  delivered = 0;
  /** the delivery loop waits for a wake-up, every message it could take delivered */
  idle = false;
  /** where messages go without the loop, or null */
  sink: ((message: Message, admit: (message: Message) => void) => void) | null = null;
  /** records a message this reader let through as seen in its context (channel.ts `Pushable`) */
  readonly #admit = (message: Message): void => {
    markSeen(this.ctx, message);
  };
  feed: ConversationFeed | null = null;

  constructor(
    private readonly ctx: Context,
    private readonly viewer: string,
    public rights: Rights,
  ) {}

  hide(seqs: readonly number[]): void {
    if (seqs.length === 0) return;
    this.hidden ??= new Set();
    for (const seq of seqs) this.hidden.add(seq);
  }

  wake(event: ConversationEvent | null): void {
    if (event) {
      if (event.kind === 'hidden') {
        if (event.userId === this.viewer) this.hide(event.seqs);
        return;
      }
      const aboutMe = event.kind === 'members' && event.userIds.includes(this.viewer);
      if (!aboutMe && event.kind !== 'settings') return;
      this.stale = true;
    } else if (this.idle && this.sink && this.#deliverNow()) {
      return;
    }
    this.wakeups.push();
  }

  /** Delivers the new messages here and now when nothing needs awaiting; false: the loop must. */
  #deliverNow(): boolean {
    const feed = this.feed;
    if (!feed || this.stale || this.wakeups.ended || !feed.isSettled || lostRights(this.rights)) return false;
    const scanned = feed.scanned;
    const start = feed.indexAfter(this.delivered);
    if (start < 0) return false;
    const window = this.rights.window!;
    const kept = feed.recent;
    for (let i = start; i < kept.length; i++) {
      const message = kept[i]!;
      if (message.seq > scanned) break;
      if (this.hidden?.has(message.seq) || !isVisibleInWindow(window, this.viewer, message, false)) continue;
      this.#serve(message, this.sink!, feed.ownersReadNow);
    }
    this.delivered = Math.max(this.delivered, scanned);
    this.forgetHidden();
    return true;
  }

  /**
   * Hands one message to `consume` with fresh loaders, as the delivery loop does. `ownersReadNow`:
   * the senders the feed read with its new messages, when this runs right after that read. Only
   * what the consumer resolves before its first await can use them (the loaders are renewed after
   * it returns), so a row used is as fresh as a statement of its own would be.
   */
  #serve(
    message: Message,
    consume: (message: Message, admit: (message: Message) => void) => void,
    ownersReadNow: ReadonlyMap<string, User> | null,
  ): void {
    renewLoaders(this.ctx, ownersReadNow);
    try {
      // the rules were applied above (#deliverNow); the consumer records that when it executes
      consume(message, this.#admit);
    } finally {
      // the event was served: an idle subscription keeps no cache, nor the rows read with it
      renewLoaders(this.ctx);
    }
  }

  /** The deleted copies delivered past need no remembering. */
  forgetHidden(): void {
    if (!this.hidden) return;
    for (const seq of this.hidden) if (seq <= this.delivered) this.hidden.delete(seq);
    if (this.hidden.size === 0) this.hidden = null;
  }
}

/** Yields messages, or an Error to deliver (the stream then ends). */
export async function messageAddedStream(
  ctx: Context,
  conversationId: string,
  after: string | null | undefined,
): Promise<AsyncIterable<Message | Error>> {
  const viewer = viewerId(ctx);
  const afterSeq = after != null ? seqFromCursor(after, 'after') : null;
  // rights at subscribe time: FORBIDDEN here rejects the subscription itself
  const access = await loadAccess(ctx.db, viewer, conversationId);
  assertReadable(access);
  await noteFirstReads(ctx.db, [access]);
  const reader = new Reader(ctx, viewer, rightsOf(access));
  const feed = await ctx.runtime.live.feeds.join(conversationId, reader);
  // a replay may come from the feed's memory, which holds every message: leave out the viewer's deleted ones
  if (afterSeq !== null) reader.hide(await hiddenSeqsAfter(ctx.db, viewer, conversationId, afterSeq));
  reader.delivered = afterSeq ?? feed.scanned;
  reader.feed = feed;
  const stream = stoppable(deliver(ctx, viewer, feed, reader), reader.wakeups);
  // messages only are pushed; an error (lost rights) comes through next()
  const pushable: Pushable<Message> = {
    [pushTo]: (sink) => {
      reader.sink = sink;
    },
  };
  return Object.assign(stream, pushable);
}

async function* deliver(ctx: Context, viewer: string, feed: ConversationFeed, reader: Reader): AsyncGenerator<Message | Error> {
  try {
    while (!reader.wakeups.ended) {
      if (reader.stale) {
        reader.stale = false;
        try {
          reader.rights = rightsOf(await loadAccess(ctx.db, viewer, feed.conversationId));
        } catch (e) {
          yield e as Error;
          return;
        }
      }
      const lost = lostRights(reader.rights);
      if (lost) {
        yield lost;
        return;
      }
      const window = reader.rights.window!;
      const scanned = feed.scanned;
      if (reader.delivered >= scanned) {
        // caught up: a new message may be delivered by the reader itself while this waits
        reader.idle = true;
        await reader.wakeups.next();
        reader.idle = false;
        continue;
      }
      let batch: Message[];
      let upTo: number;
      // changes heard so far are in the kept copies before any is served
      if (!feed.isSettled) await feed.settled();
      const kept = feed.since(reader.delivered);
      if (kept) {
        // the feed holds them: the same objects for every subscriber
        const upToScanned = kept.filter((m) => m.seq <= scanned);
        batch = upToScanned.filter((m) => isVisibleInWindow(window, viewer, m, reader.hidden?.has(m.seq) ?? false));
        upTo = scanned;
      } else {
        // too far behind the feed (a replay): read with the viewer's rights
        const query = messageListQuery(feed.conversationId, viewer, window, {}, 'CREATED_AT_ASC', 1);
        batch = await ctx.db.select<Message>(query.between(reader.delivered, scanned, batchSize));
        upTo = batch.length === batchSize ? batch.at(-1)!.seq : scanned;
      }
      for (const message of batch) {
        if (reader.stale) break;
        if (reader.hidden?.has(message.seq)) continue;
        // fresh loaders for every event: no field of this delivery shows data cached from an earlier one
        renewLoaders(ctx);
        yield markSeen(ctx, message);
        // the event was served: an idle subscription keeps no cache
        renewLoaders(ctx);
        reader.delivered = message.seq;
      }
      if (!reader.stale) reader.delivered = Math.max(reader.delivered, upTo);
      reader.forgetHidden();
    }
  } finally {
    reader.sink = null;
    ctx.runtime.live.feeds.leave(feed, reader);
  }
}
