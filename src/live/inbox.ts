// Routes new messages to the inboxes (viewerEvents) of this server. A send publishes one
// 'inbox:message' event; each server that has viewerEvents subscribers asks the database which
// of them are members of that conversation, and tells only those. A send costs nothing more when
// no one anywhere is watching an inbox.
import type { Database } from '../db/client.ts';
import type { Logger } from '../logger.ts';
import { inboxListeners } from '../sql/live.ts';
import { consume } from './channel.ts';
import type { InboxMessage, ParleyPubSub, ViewerEvent } from './pubsub.ts';

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

  async #route(message: InboxMessage): Promise<void> {
    const users = [...this.#listeners.keys()];
    if (users.length === 0) return;
    const rows = await inboxListeners(this.#deps.db, message.conversationId, users, message.audience);
    for (const userId of rows) {
      for (const deliver of this.#listeners.get(userId) ?? []) {
        deliver({ kind: 'messageAdded', conversationId: message.conversationId, messageId: message.messageId, seq: message.seq });
      }
    }
  }

  /** Delivers the new messages of `userId`'s conversations to `deliver` until the returned stop. */
  listen(userId: string, deliver: Deliver): () => void {
    this.#stop ??= consume(this.#deps.pubsub.subscribe('inbox:message'), (message) => {
      this.#routing = this.#routing
        .then(() => this.#route(message))
        .catch((error: unknown) => this.#deps.logger.warn({ err: error, conversationId: message.conversationId }, 'inbox routing failed'));
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
