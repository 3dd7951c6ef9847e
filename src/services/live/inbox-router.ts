// Routes new messages to the inboxes (viewerEvents) of this instance. A send publishes one
// 'inbox:message' event; each instance that has viewerEvents subscribers asks the database which
// of them are members of that conversation, and tells only those. A send costs nothing more when
// no one anywhere is watching an inbox.
import { Prisma } from '../../generated/prisma/client.ts';
import { select } from '../../db/sql.ts';
import { pubsub, type InboxMessage, type ViewerEvent } from '../../pubsub.ts';

type Deliver = (event: ViewerEvent) => void;

const listeners = new Map<string, Set<Deliver>>();
let stopRouting: (() => void) | null = null;

async function route(message: InboxMessage): Promise<void> {
  const users = [...listeners.keys()];
  if (users.length === 0) return;
  const rows = await select<{ userId: string }>(Prisma.sql`
    SELECT user_id AS "userId" FROM members
     WHERE conversation_id = ${message.conversationId} AND left_at IS NULL AND user_id = ANY(${users}::text[])
       AND (${message.audience === null} OR user_id = ANY(${message.audience ?? []}::text[]))`);
  for (const { userId } of rows) {
    for (const deliver of listeners.get(userId) ?? []) {
      deliver({ kind: 'messageAdded', conversationId: message.conversationId, messageId: message.messageId, seq: message.seq });
    }
  }
}

function startRouting(): void {
  const source = pubsub.subscribe('inbox:message')[Symbol.asyncIterator]();
  let running = true;
  void (async () => {
    while (running) {
      const next = await source.next();
      if (next.done) break;
      // one event at a time keeps each inbox in send order
      await route(next.value).catch(() => undefined);
    }
  })();
  stopRouting = () => {
    running = false;
    void source.return?.();
  };
}

/** Delivers the new messages of `userId`'s conversations to `deliver` until the returned stop. */
export function listenToInbox(userId: string, deliver: Deliver): () => void {
  if (!stopRouting) startRouting();
  let set = listeners.get(userId);
  if (!set) listeners.set(userId, (set = new Set()));
  set.add(deliver);
  return () => {
    set.delete(deliver);
    if (set.size === 0) listeners.delete(userId);
    if (listeners.size === 0) {
      stopRouting?.();
      stopRouting = null;
    }
  };
}
