// What each change tells subscribers. Services call these inside their transaction; the outbox
// sends them after the commit. Member changes also go to webhooks (notifications/events.ts).
import type { MessageWritten } from '../sql/send.ts';
import { inProcess, type MemberChange, type MessageChange } from './pubsub.ts';
import type { Outbox } from '../db/transaction.ts';
import { notifyMembers } from '../notifications/events.ts';
import { actorKindOf, userIdOf, type Viewer } from '../access/access.ts';

/** An event's actor: a user's id, and who it is (a user, the app, the server itself). */
const actorOfEvent = (actor: Viewer) => ({ actorId: userIdOf(actor), actorKind: actorKindOf(actor) });

export function publishMessageWritten(outbox: Outbox, written: MessageWritten): void {
  if (written.noticed) outbox.noticed();
  outbox.publish('message:added', written.conversationId, { messageId: written.messageId, seq: written.seq, [inProcess]: written.row });
  // inboxes: each instance tells its own viewerEvents subscribers (live/inbox.ts)
  outbox.publish('inbox:event', {
    conversationId: written.conversationId,
    audience: written.audience,
    event: { kind: 'messageAdded', conversationId: written.conversationId, messageId: written.messageId, seq: written.seq },
  });
}

export function publishMembersChanged(
  outbox: Outbox,
  conversationId: string,
  change: MemberChange,
  userIds: string[],
  actor: Viewer,
): void {
  if (userIds.length === 0) return;
  outbox.publish('conversation:event', conversationId, { kind: 'members', change, userIds, ...actorOfEvent(actor) });
  notifyMembers(outbox, conversationId, change, userIds, actor);
  if (change === 'added' || change === 'removed' || change === 'banned') {
    const kind = change === 'added' ? 'conversationAdded' : 'conversationRemoved';
    for (const userId of userIds) outbox.publish('viewer:event', userId, { kind, conversationId });
  }
}

export function publishSettingsChanged(outbox: Outbox, conversationId: string, actor: Viewer): void {
  outbox.publish('conversation:event', conversationId, { kind: 'settings', ...actorOfEvent(actor) });
  // a title or an image shows in every member's inbox
  outbox.publish('inbox:event', {
    conversationId,
    audience: null,
    event: { kind: 'conversationChanged', conversationId, change: 'updated' },
  });
}

/** A change to the viewer's own copy of a conversation (deleted messages, a clear, a mute), for their other devices' inboxes. */
export function publishOwnCopyChanged(
  outbox: Outbox,
  userId: string,
  conversationId: string,
  change: 'hidden' | 'cleared' | 'muted',
): void {
  outbox.publish('viewer:event', userId, { kind: 'conversationChanged', conversationId, change });
}

export function publishMessageChanged(
  outbox: Outbox,
  conversationId: string,
  change: MessageChange,
  messageId: string,
  actor: Viewer,
  reactionCounts?: Record<string, number>,
): void {
  outbox.publish('conversation:event', conversationId, { kind: 'message', change, messageId, ...actorOfEvent(actor), reactionCounts });
  // an edit may change the last message an inbox shows, a recall also the unread counts
  if (change === 'edited' || change === 'deleted') {
    outbox.publish('inbox:event', {
      conversationId,
      audience: null,
      event: { kind: 'conversationChanged', conversationId, change: change === 'edited' ? 'edited' : 'recalled', messageId },
    });
  }
}
