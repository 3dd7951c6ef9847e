// Routes what concerns every member's inbox (a new message, an edit or recall that may change the
// last message or the unread count, a rename) to the viewerEvents subscribers of this server. A
// change publishes one 'inbox:event'; each server that has viewerEvents subscribers asks the
// database which of them are members of that conversation, and tells only those. A change costs
// nothing more when no one anywhere is watching an inbox.
import type { Database } from '../db/client.ts';
import type { Logger } from '../logger.ts';
import { inboxListeners } from '../sql/live.ts';
import type { InboxNotice, ParleyPubSub, ViewerEvent } from './pubsub.ts';

type Deliver = (event: ViewerEvent) => void;

export class InboxRouter {
  readonly #listeners = new Map<string, Set<Deliver>>();
  readonly #deps: { db: Database; pubsub: ParleyPubSub; logger: Logger };
  #stop: (() => void) | null = null;
  /** routes one event at a time, which keeps each inbox in send order */
  #routing: Promise<void> = Promise.resolve();

  constructor(deps: { db: Database; pubsub: ParleyPubSub; logger: Logger }) {
    this.#deps = deps;
  }

  async #route(notice: InboxNotice): Promise<void> {
    const users = [...this.#listeners.keys()];
    if (users.length === 0) return;
    const rows = await inboxListeners(this.#deps.db, notice.conversationId, users, notice.audience);
    for (const userId of rows) {
      for (const deliver of this.#listeners.get(userId) ?? []) deliver(notice.event);
    }
  }

  /** Delivers the inbox events of `userId`'s conversations to `deliver` until the returned stop. */
  listen(userId: string, deliver: Deliver): () => void {
    this.#stop ??= this.#deps.pubsub.listen('inbox:event', (notice) => {
      this.#routing = this.#routing
        .then(() => this.#route(notice))
        .catch((error: unknown) => this.#deps.logger.warn({ err: error, conversationId: notice.conversationId }, 'inbox routing failed'));
    });
    let set = this.#listeners.get(userId);
    if (!set) this.#listeners.set(userId, (set = new Set()));
    set.add(deliver);
    return () => {
      set.delete(deliver);
      if (set.size === 0) this.#listeners.delete(userId);
      if (this.#listeners.size === 0) {
        this.#stop?.();
        this.#stop = null;
      }
    };
  }
}
