// The events that leave the server through webhooks: their names (README "Webhooks"), what each
// carries, and how a change records one. Deleting messages from one's own copy, reading, muting a
// conversation for oneself and watching are private to the user: no event.
import type { Conversation, Message } from '../generated/prisma/client.ts';
import type { Outbox } from '../db/transaction.ts';
import type { MemberChange } from '../live/pubsub.ts';
import { actorKindOf, userIdOf, type Viewer } from '../access/access.ts';

/** GraphQL name -> the `type` a webhook receives. */
export const webhookEventTypes = {
  MESSAGE_NEW: 'message.new',
  MESSAGE_EDITED: 'message.edited',
  MESSAGE_RECALLED: 'message.recalled',
  MESSAGE_PINNED: 'message.pinned',
  MESSAGE_UNPINNED: 'message.unpinned',
  MESSAGE_FLAGGED: 'message.flagged',
  MESSAGE_UNFLAGGED: 'message.unflagged',
  REACTION_ADDED: 'reaction.added',
  REACTION_REMOVED: 'reaction.removed',
  MEMBER_ADDED: 'member.added',
  MEMBER_REMOVED: 'member.removed',
  MEMBER_ROLE_CHANGED: 'member.role_changed',
  MEMBER_BANNED: 'member.banned',
  MEMBER_UNBANNED: 'member.unbanned',
  MEMBER_MUTED: 'member.muted',
  MEMBER_UNMUTED: 'member.unmuted',
  MEMBER_INFO_CHANGED: 'member.info_changed',
  CONVERSATION_CREATED: 'conversation.created',
  CONVERSATION_UPDATED: 'conversation.updated',
  CONVERSATION_FROZEN: 'conversation.frozen',
  CONVERSATION_UNFROZEN: 'conversation.unfrozen',
  CONVERSATION_MUTED: 'conversation.muted',
  CONVERSATION_UNMUTED: 'conversation.unmuted',
  /** push notifications for FCM and APNs devices, for a gateway that forwards them (not in the default set) */
  PUSH: 'push',
} as const;

export type WebhookEventName = keyof typeof webhookEventTypes;
type WebhookEventType = (typeof webhookEventTypes)[WebhookEventName];

/** What a webhook created without a list of events takes: everything but the push gateway's events. */
export const defaultWebhookEvents: WebhookEventType[] = Object.values(webhookEventTypes).filter((t) => t !== 'push');

const nameOfType = new Map(Object.entries(webhookEventTypes).map(([name, type]) => [type, name as WebhookEventName]));

export function eventNameOf(type: string): WebhookEventName | null {
  return nameOfType.get(type as WebhookEventType) ?? null;
}

/** Who caused an event: a user, the app (the API key alone), or the server itself (a flag limit). */
const actorOfEvent = (actor: Viewer) => ({ actorId: userIdOf(actor), actorKind: actorKindOf(actor) });

function record(
  outbox: Outbox,
  type: Exclude<WebhookEventType, 'message.new' | 'push'>,
  conversationId: string,
  payload: Record<string, unknown>,
) {
  outbox.notify({ type, conversationId, payload });
}

// message.new is written by the send statement itself (sql/send.ts), for every way a message is posted.

export function notifyMessageChanged(
  outbox: Outbox,
  type: 'message.edited' | 'message.recalled' | 'message.pinned' | 'message.unpinned',
  message: Message,
  actor: Viewer,
): void {
  record(outbox, type, message.conversationId, { message, ...actorOfEvent(actor) });
}

export function notifyFlag(outbox: Outbox, flagged: boolean, message: Message, userId: string, reason: string | null): void {
  record(outbox, flagged ? 'message.flagged' : 'message.unflagged', message.conversationId, {
    message,
    ...actorOfEvent(userId),
    reason,
  });
}

export function notifyReaction(outbox: Outbox, added: boolean, message: Message, userId: string, reaction: string): void {
  record(outbox, added ? 'reaction.added' : 'reaction.removed', message.conversationId, { message, ...actorOfEvent(userId), reaction });
}

const memberEventOf: Record<MemberChange, Exclude<WebhookEventType, 'message.new' | 'push'>> = {
  added: 'member.added',
  removed: 'member.removed',
  roleChanged: 'member.role_changed',
  banned: 'member.banned',
  unbanned: 'member.unbanned',
  muted: 'member.muted',
  unmuted: 'member.unmuted',
  infoChanged: 'member.info_changed',
};

export function notifyMembers(outbox: Outbox, conversationId: string, change: MemberChange, userIds: string[], actor: Viewer): void {
  record(outbox, memberEventOf[change], conversationId, { userIds, ...actorOfEvent(actor) });
}

export function notifyConversation(
  outbox: Outbox,
  type:
    | 'conversation.created'
    | 'conversation.updated'
    | 'conversation.frozen'
    | 'conversation.unfrozen'
    | 'conversation.muted'
    | 'conversation.unmuted',
  conversation: Conversation,
  actor: Viewer,
): void {
  record(outbox, type, conversation.id, { conversation, ...actorOfEvent(actor) });
}
