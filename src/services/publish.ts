// What each change tells subscribers. Services call these inside their transaction; the outbox
// sends them after the commit.
import type { MessageWritten } from './message-store.ts';
import type { Outbox } from './transaction.ts';

export function publishMessageWritten(outbox: Outbox, written: MessageWritten): void {
  outbox.publish('message:added', written.conversationId, { messageId: written.messageId, seq: written.seq });
}
