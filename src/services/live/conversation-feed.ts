// One feed per conversation per instance, shared by every messageAdded subscriber of it: the feed
// listens once, reads each new message from the database once, and keeps the latest in memory.
// Subscribers take them from there, each deciding with its own rights what it may see; the same
// message object goes to all of them, which lets their GraphQL results be shared too
// (plugins/shared-subscriptions.ts). A kept message is read again whenever it changes (edit,
// recall, flag limit, pin, reactions), so no delivery or replay from memory shows an old copy.
import { Prisma, type Message } from '../../generated/prisma/client.ts';
import { select } from '../../db/sql.ts';
import { messageColumns } from '../../db/columns.ts';
import { pubsub, type ConversationEvent } from '../../pubsub.ts';
import { listenForSeq, type SeqSignal } from './listen.ts';
import { liveMetrics } from '../../metrics.ts';

/** How many recent messages a feed keeps for subscribers that lag a little. */
const keep = 512;
const readBatch = 500;

export interface FeedReader {
  /** Called when new messages arrived, or an event may have changed this reader's rights or view. */
  wake(event: ConversationEvent | null): void;
}

export class ConversationFeed {
  readonly conversationId: string;
  /** every seq up to here was read into `recent` (or, before the first read, already existed) */
  scanned = 0;
  /** the latest messages, in seq order */
  recent: Message[] = [];
  readonly #readers = new Set<FeedReader>();
  readonly #signal: SeqSignal;
  readonly #events: AsyncIterator<ConversationEvent>;
  #closed = false;
  /** the re-reads of changed messages, in the order the changes were heard */
  #refreshed: Promise<void> = Promise.resolve();
  readonly ready: Promise<void>;

  constructor(conversationId: string) {
    this.conversationId = conversationId;
    // listen first, then read where the conversation is: later messages all get announced
    this.#signal = listenForSeq(pubsub.subscribe('message:added', conversationId), undefined, (event) => {
      if (event.publishedAt) liveMetrics.pubsubLag.observe(Math.max(0, Date.now() - event.publishedAt) / 1000);
    });
    this.#events = pubsub.subscribe('conversation:event', conversationId)[Symbol.asyncIterator]();
    this.ready = (async () => {
      const [row] = await select<{ lastSeq: number }>(
        Prisma.sql`SELECT last_seq AS "lastSeq" FROM conversations WHERE id = ${conversationId}`,
      );
      this.scanned = row?.lastSeq ?? 0;
    })();
    void this.#read();
    void this.#relayEvents();
  }

  async #read(): Promise<void> {
    await this.ready;
    while (!this.#closed) {
      const wake = await this.#signal.wait(this.scanned);
      if (wake === null) return;
      try {
        // sends to one conversation commit in seq order: everything up to the announced seq exists
        while (this.scanned < wake.latest && !this.#closed) {
          const rows = await select<Message>(Prisma.sql`
            SELECT ${messageColumns('m')} FROM messages m
             WHERE m.conversation_id = ${this.conversationId} AND m.seq > ${this.scanned} AND m.seq <= ${wake.latest}
             ORDER BY m.seq LIMIT ${readBatch}`);
          this.recent.push(...rows);
          if (this.recent.length > keep) this.recent.splice(0, this.recent.length - keep);
          this.scanned = rows.length === readBatch ? rows.at(-1)!.seq : wake.latest;
        }
      } catch {
        // the database is unreachable for now: the next announcement tries again
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      for (const reader of this.#readers) reader.wake(null);
    }
  }

  async #relayEvents(): Promise<void> {
    while (!this.#closed) {
      const next = await this.#events.next();
      if (next.done) return;
      const event = next.value;
      if (event.kind === 'message') {
        const { messageId } = event;
        this.#refreshed = this.#refreshed.then(() => this.#refresh(messageId));
      }
      for (const reader of this.#readers) reader.wake(event);
    }
  }

  /** Reads a kept message again after a change; a copy that cannot be refreshed is dropped. */
  async #refresh(messageId: string): Promise<void> {
    if (!this.recent.some((m) => m.id === messageId)) return;
    let fresh: Message | undefined;
    try {
      [fresh] = await select<Message>(Prisma.sql`SELECT ${messageColumns('m')} FROM messages m WHERE m.id = ${messageId}`);
    } catch {
      fresh = undefined;
    }
    const index = this.recent.findIndex((m) => m.id === messageId);
    if (index < 0) return;
    if (fresh) {
      this.recent[index] = fresh;
    } else {
      // never serve a copy older than its last change: subscribers read these from the database
      this.recent.splice(0, index + 1);
    }
  }

  /** Resolves once every change heard so far is reflected in the kept messages. */
  settled(): Promise<void> {
    return this.#refreshed;
  }

  /** The kept messages after `seq`, or null when the feed no longer holds all of them. */
  since(seq: number): Message[] | null {
    if (seq >= this.scanned) return [];
    const first = this.recent[0];
    if (!first || first.seq > seq + 1) return null;
    // every subscriber asks on every message: a binary search, not a scan of all kept messages
    let low = 0;
    let high = this.recent.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.recent[middle]!.seq > seq) high = middle;
      else low = middle + 1;
    }
    return this.recent.slice(low);
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
    this.#closed = true;
    this.#signal.close();
    void this.#events.return?.();
  }
}

const feeds = new Map<string, ConversationFeed>();

/** The feed of a conversation, opened for `reader`; `leave` when done. */
export async function joinFeed(conversationId: string, reader: FeedReader): Promise<ConversationFeed> {
  let feed = feeds.get(conversationId);
  if (!feed) feeds.set(conversationId, (feed = new ConversationFeed(conversationId)));
  feed.add(reader);
  await feed.ready;
  return feed;
}

export function leaveFeed(feed: ConversationFeed, reader: FeedReader): void {
  if (feed.remove(reader) && feeds.get(feed.conversationId) === feed) {
    feeds.delete(feed.conversationId);
    feed.close();
  }
}
