// One feed per conversation per server, shared by every messageAdded subscriber of it: the feed
// listens once, reads each new message from the database once, and keeps the latest in memory.
// A message written by this process comes with its row (pubsub.ts `inProcess`): the feed takes it
// as the next one when nothing is left to read before it, instead of reading it back (a statement
// per message at fan-out); any other announcement is read from the database as before.
// Subscribers take them from there, each deciding with its own rights what it may see; the same
// message object goes to all of them, which lets their GraphQL results be shared too
// (plugins/shared-subscriptions.ts). A kept message is read again whenever it changes (edit,
// recall, flag limit, pin, reactions), so no delivery or replay from memory shows an old copy.
import type { Message, User } from '../generated/prisma/client.ts';
import type { Database } from '../db/client.ts';
import type { Logger } from '../logger.ts';
import type { LiveMetrics } from '../metrics.ts';
import { conversationLastSeq, messageById, messagesWithOwnersBetween } from '../sql/messages.ts';
import { Channel } from './channel.ts';
import { inProcess, type ConversationEvent, type ParleyPubSub } from './pubsub.ts';

/** How many recent messages a feed keeps for subscribers that lag a little. */
const keep = 512;
const readBatch = 500;

export interface FeedReader {
  /** Called when new messages arrived, or an event may have changed this reader's rights or view. */
  wake(event: ConversationEvent | null): void;
}

interface FeedDeps {
  db: Database;
  pubsub: ParleyPubSub;
  metrics: LiveMetrics;
  logger: Logger;
}

export class ConversationFeed {
  readonly conversationId: string;
  /** every seq up to here was read into `recent` (or, before the first read, already existed) */
  scanned = 0;
  /** the latest messages, in seq order */
  recent: Message[] = [];
  /**
   * The senders of the messages just read, by id, while the readers are woken after that read, and
   * null at every other time: a delivery made in that wake-up (message-stream.ts `#deliverNow`)
   * whose execution resolves `owner` before its first await takes the row from here instead of a
   * statement of its own (loaders.ts `renewLoaders`). Never kept past the wake-up, nor after a read
   * that failed part-way. (A result already executed for a message is shared as it is: see
   * plugins/shared-subscriptions.ts; that is older than this.)
   */
  ownersReadNow: ReadonlyMap<string, User> | null = null;
  readonly ready: Promise<void>;
  readonly #deps: FeedDeps;
  readonly #readers = new Set<FeedReader>();
  /** the highest seq announced */
  #announced = -1;
  /** wakes the read loop: any number of announcements before it reads count once */
  readonly #announcements = new Channel<void>({ coalesce: true });
  readonly #stops: (() => void)[];
  /** the re-reads of changed messages, in the order the changes were heard */
  #refreshed: Promise<void> = Promise.resolve();
  /** how many of them are under way (none: `settled` need not be awaited) */
  #refreshing = 0;
  /** the read loop is reading, or waking the readers after a read (a written row is not taken meanwhile) */
  #reading = false;
  /** `scanned` holds the conversation's last seq (`ready` resolved) */
  #started = false;
  /** the owners of messages taken as written whose readers are not woken yet (#wakeTaken is due) */
  #takenOwners: Map<string, User> | null = null;

  constructor(conversationId: string, deps: FeedDeps) {
    this.conversationId = conversationId;
    this.#deps = deps;
    // listen first, then read where the conversation is: later messages all get announced
    this.#stops = [
      deps.pubsub.listen('message:added', conversationId, (event) => {
        if (event.publishedAt) deps.metrics.pubsubLag.observe(Math.max(0, Date.now() - event.publishedAt) / 1000);
        const written = event[inProcess];
        if (written && this.#takeWritten(written.message, written.owner)) return;
        if (event.seq > this.#announced) this.#announced = event.seq;
        this.#announcements.push();
      }),
      deps.pubsub.listen('conversation:event', conversationId, (event) => this.#relay(event)),
    ];
    this.ready = (async () => {
      this.scanned = await conversationLastSeq(deps.db, conversationId);
      this.#started = true;
    })();
    void this.#read();
  }

  async #read(): Promise<void> {
    await this.ready;
    for await (const _ of this.#announcements) {
      const latest = this.#announced;
      const before = this.scanned;
      const owners = new Map<string, User>();
      this.#reading = true;
      try {
        // sends to one conversation commit in seq order: everything up to the announced seq exists
        while (this.scanned < latest && !this.#announcements.ended) {
          const rows = await messagesWithOwnersBetween(this.#deps.db, this.conversationId, this.scanned, latest, readBatch);
          for (const { message, owner } of rows) {
            this.recent.push(message);
            if (owner) owners.set(owner.id, owner);
          }
          if (this.recent.length > keep) this.recent.splice(0, this.recent.length - keep);
          this.scanned = rows.length === readBatch ? rows.at(-1)!.message.seq : latest;
        }
      } catch (error) {
        // the database is unreachable for now: the next announcement (or this retry) reads again
        this.#deps.logger.warn({ err: error, conversationId: this.conversationId }, 'feed could not read new messages');
        // rows read before the failure are no longer "read now" once the retry has waited
        owners.clear();
        await new Promise((resolve) => setTimeout(resolve, 200));
        this.#announcements.push();
      }
      try {
        // nothing new (the announced messages were taken as written): no reader has anything to take
        if (this.scanned !== before) this.#wakeWithOwners(owners);
      } finally {
        this.#reading = false;
      }
    }
  }

  /**
   * Takes a message written by this process as the next one, with its owner's row, when it is:
   * the feed is started, reads nothing and has nothing announced to read before it. Its row is the
   * one committed, as current as a read now would be: a later change to it is published after this
   * announcement, and re-reads it (#refresh). Returns false when the message must be read instead.
   * The readers are woken once the sender's answer is on its way (setImmediate), not inside the
   * send: a read took that long before, and a conversation of thousands would hold the answer
   * back while it is delivered to all of them. Messages taken meanwhile share the one wake-up.
   */
  #takeWritten(message: Message, owner: User | null): boolean {
    if (!this.#started || this.#reading || this.#announcements.ended) return false;
    if (message.seq !== this.scanned + 1 || this.#announced > this.scanned) return false;
    this.recent.push(message);
    if (this.recent.length > keep) this.recent.splice(0, this.recent.length - keep);
    this.scanned = message.seq;
    this.#announced = message.seq;
    if (!this.#takenOwners) {
      this.#takenOwners = new Map();
      setImmediate(() => this.#wakeTaken());
    }
    if (owner) this.#takenOwners.set(owner.id, owner);
    return true;
  }

  /** Wakes the readers for the messages taken as written. */
  #wakeTaken(): void {
    const owners = this.#takenOwners;
    this.#takenOwners = null;
    if (owners) this.#wakeWithOwners(owners);
  }

  /** Wakes every reader for the messages just read (or taken), whose senders' rows are `owners`. */
  #wakeWithOwners(owners: ReadonlyMap<string, User>): void {
    // the readers that deliver here and now (message-stream.ts #deliverNow) may use the senders just read
    this.ownersReadNow = owners.size > 0 ? owners : null;
    try {
      this.#wakeAll(null);
    } finally {
      this.ownersReadNow = null;
    }
  }

  /** Wakes every reader; one that throws is logged, and neither stops this feed nor the readers after it. */
  #wakeAll(event: ConversationEvent | null): void {
    for (const reader of this.#readers) {
      try {
        reader.wake(event);
      } catch (error) {
        this.#deps.logger.error({ err: error, conversationId: this.conversationId }, 'a subscriber failed to take a feed event');
      }
    }
  }

  #relay(event: ConversationEvent): void {
    if (event.kind === 'message') {
      const { messageId } = event;
      this.#refreshing += 1;
      this.#refreshed = this.#refreshed
        .then(() => this.#refresh(messageId))
        .finally(() => {
          this.#refreshing -= 1;
        });
    }
    this.#wakeAll(event);
  }

  /** Reads a kept message again after a change; a copy that cannot be refreshed is dropped. */
  async #refresh(messageId: string): Promise<void> {
    if (!this.recent.some((m) => m.id === messageId)) return;
    let fresh: Message | null = null;
    try {
      fresh = await messageById(this.#deps.db, messageId);
    } catch (error) {
      this.#deps.logger.warn({ err: error, messageId }, 'feed could not read a changed message; dropping its copy');
    }
    const index = this.recent.findIndex((m) => m.id === messageId);
    if (index < 0) return;
    if (fresh) this.recent[index] = fresh;
    // never serve a copy older than its last change: subscribers read these from the database
    else this.recent.splice(0, index + 1);
  }

  /** Resolves once every change heard so far is reflected in the kept messages. */
  settled(): Promise<void> {
    return this.#refreshed;
  }

  /** Whether every change heard so far is reflected in the kept messages now. */
  get isSettled(): boolean {
    return this.#refreshing === 0;
  }

  /** The kept messages after `seq`, or null when the feed no longer holds all of them. */
  since(seq: number): Message[] | null {
    const index = this.indexAfter(seq);
    return index < 0 ? null : this.recent.slice(index);
  }

  /**
   * Where in `recent` the messages after `seq` start (its length when none is), or -1 when the
   * feed no longer holds all of them. For readers that walk `recent` without a copy.
   */
  indexAfter(seq: number): number {
    if (seq >= this.scanned) return this.recent.length;
    const first = this.recent[0];
    if (!first || first.seq > seq + 1) return -1;
    // every subscriber asks on every message: a binary search, not a scan of all kept messages
    let low = 0;
    let high = this.recent.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.recent[middle]!.seq > seq) high = middle;
      else low = middle + 1;
    }
    return low;
  }

  add(reader: FeedReader): void {
    this.#readers.add(reader);
  }

  /** Returns whether the feed has no reader left. */
  remove(reader: FeedReader): boolean {
    this.#readers.delete(reader);
    return this.#readers.size === 0;
  }

  close(): void {
    this.#announcements.end();
    for (const stop of this.#stops) stop();
  }
}

/** The open feeds of one server. */
export class Feeds {
  readonly #feeds = new Map<string, ConversationFeed>();
  readonly #deps: FeedDeps;

  constructor(deps: FeedDeps) {
    this.#deps = deps;
  }

  /** The feed of a conversation, opened for `reader`; leave() when done. */
  async join(conversationId: string, reader: FeedReader): Promise<ConversationFeed> {
    let feed = this.#feeds.get(conversationId);
    if (!feed) this.#feeds.set(conversationId, (feed = new ConversationFeed(conversationId, this.#deps)));
    feed.add(reader);
    await feed.ready;
    return feed;
  }

  leave(feed: ConversationFeed, reader: FeedReader): void {
    if (feed.remove(reader) && this.#feeds.get(feed.conversationId) === feed) {
      this.#feeds.delete(feed.conversationId);
      feed.close();
    }
  }

  /** How many feeds are open (tests). */
  get size(): number {
    return this.#feeds.size;
  }
}
