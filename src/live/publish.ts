// What each change tells subscribers. Services call these inside their transaction; the outbox
// sends them after the commit. Member changes also go to webhooks (notifications/events.ts).
import type { MessageWritten } from '../sql/send.ts';
import type { MemberChange, MessageChange } from './pubsub.ts';
import type { Outbox } from '../db/transaction.ts';
import { notifyMembers } from '../notifications/events.ts';

export function publishMessageWritten(outbox: Outbox, written: MessageWritten): void {
  if (written.noticed) outbox.noticed();
  outbox.publish('message:added', written.conversationId, { messageId: written.messageId, seq: written.seq });
  // inboxes: each instance tells its own viewerEvents subscribers (live/inbox-router.ts)
  outbox.publish('inbox:message', {
    conversationId: written.conversationId,
    messageId: written.messageId,
    seq: written.seq,
    audience: written.audience,
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
  notifyMembers(outbox, conversationId, change, userIds, actorId);
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
