// What each change tells subscribers. Services call these inside their transaction; the outbox
// sends them after the commit.
import type { MessageWritten } from './message-store.ts';
import type { MemberChange, MessageChange } from '../pubsub.ts';
import type { Outbox } from './transaction.ts';
import { prisma } from '../db/client.ts';
import { pubsub } from '../pubsub.ts';

export function publishMessageWritten(outbox: Outbox, written: MessageWritten): void {
  outbox.publish('message:added', written.conversationId, { messageId: written.messageId, seq: written.seq });
  // inboxes: only members with a live connection can be listening, so only they are told
  outbox.later(async () => {
    const rows = await prisma.$queryRaw<{ userId: string }[]>`
      SELECT mb.user_id AS "userId" FROM members mb
       WHERE mb.conversation_id = ${written.conversationId} AND mb.left_at IS NULL
         AND (${written.audience === null} OR mb.user_id = ANY(${written.audience ?? []}::text[]))
         AND EXISTS (SELECT 1 FROM connections c WHERE c.user_id = mb.user_id AND c.expires_at > ${new Date()})`;
    for (const { userId } of rows) {
      pubsub.publish('viewer:event', userId, {
        kind: 'messageAdded',
        conversationId: written.conversationId,
        messageId: written.messageId,
        seq: written.seq,
      });
    }
  });
}

export function publishMembersChanged(
  outbox: Outbox,
  conversationId: string,
  change: MemberChange,
  userIds: string[],
  actorId: string | null,
): void {
  if (userIds.length === 0) return;
  outbox.publish('conversation:event', conversationId, { kind: 'members', change, userIds, actorId });
  if (change === 'added' || change === 'removed' || change === 'banned') {
    const kind = change === 'added' ? 'conversationAdded' : 'conversationRemoved';
    for (const userId of userIds) outbox.publish('viewer:event', userId, { kind, conversationId });
  }
}

export function publishSettingsChanged(outbox: Outbox, conversationId: string, actorId: string | null): void {
  outbox.publish('conversation:event', conversationId, { kind: 'settings', actorId });
}

export function publishMessageChanged(
  outbox: Outbox,
  conversationId: string,
  change: MessageChange,
  messageId: string,
  actorId: string | null,
  reactionCounts?: Record<string, number>,
): void {
  outbox.publish('conversation:event', conversationId, { kind: 'message', change, messageId, actorId, reactionCounts });
}
