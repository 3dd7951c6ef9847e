// conversationEvents: what happens in a conversation besides new messages, for those who may read it.
import type { Context } from '../context.ts';
import { viewerId } from '../auth/identity.ts';
import type { Conversation, Message } from '../generated/prisma/client.ts';
import { forbidden } from '../errors.ts';
import type { ConversationEvent, MemberChange, MessageChange } from './pubsub.ts';
import { assertReadable, loadAccess, type ActorKind } from '../access/access.ts';
import { seeConversation, visibleMessage } from '../access/views.ts';
import { eventStream } from './event-stream.ts';

const memberTypes: Record<MemberChange, string> = {
  added: 'MembersAdded',
  removed: 'MembersRemoved',
  roleChanged: 'MemberRolesChanged',
  banned: 'MembersBanned',
  unbanned: 'MembersUnbanned',
  muted: 'MembersMuted',
  unmuted: 'MembersUnmuted',
  infoChanged: 'MemberInfoChanged',
};
const messageTypes: Record<MessageChange, string> = {
  edited: 'MessageEdited',
  deleted: 'MessageDeleted',
  pinned: 'MessagePinned',
  unpinned: 'MessageUnpinned',
  reactions: 'ReactionsChanged',
};

export type ConversationEventPayload =
  | { __typename: string; kind: 'members'; conversationId: string; actorId: string | null; actorKind: ActorKind; userIds: string[] }
  | {
      __typename: string;
      kind: 'message';
      conversationId: string;
      actorId: string | null;
      actorKind: ActorKind;
      message: Message;
      /** reactions: the counts right after the change, whatever happened since */
      reactionCounts: Record<string, number> | null;
    }
  | { __typename: 'Typing'; kind: 'typing'; conversationId: string; userId: string; isTyping: boolean; expiresAt: Date | null }
  | {
      __typename: 'ConversationUpdated';
      kind: 'settings';
      conversationId: string;
      actorId: string | null;
      actorKind: ActorKind;
      conversation: Conversation;
    }
  | { __typename: 'MessagesRead'; kind: 'read'; conversationId: string; userId: string; fromSeq: number; upToSeq: number; readAt: Date };

export async function conversationEventStream(ctx: Context, conversationId: string) {
  const viewer = viewerId(ctx);
  assertReadable(await loadAccess(ctx.db, viewer, conversationId));
  return eventStream(
    ctx,
    [(push) => ctx.runtime.pubsub.listen('conversation:event', conversationId, push)],
    async (event: ConversationEvent) => {
      const access = await loadAccess(ctx.db, viewer, conversationId);
      if (!access.window || access.window.upTo !== null) {
        return access.isBanned
          ? forbidden('You were banned from this conversation.')
          : forbidden('You are no longer a member of this conversation.');
      }
      switch (event.kind) {
        case 'members':
          return {
            __typename: memberTypes[event.change],
            kind: 'members',
            conversationId,
            actorId: event.actorId,
            actorKind: event.actorKind,
            userIds: event.userIds,
          };
        case 'message': {
          // only about messages this subscriber can see, as they see them
          const message = await visibleMessage(ctx, event.messageId);
          if (!message) return null;
          return {
            __typename: messageTypes[event.change],
            kind: 'message',
            conversationId,
            actorId: event.actorId,
            actorKind: event.actorKind,
            message,
            reactionCounts: event.reactionCounts ?? null,
          };
        }
        case 'hidden':
          // a user's own deletions are theirs alone
          return null;
        case 'typing':
          if (event.userId === viewer) return null;
          return {
            __typename: 'Typing',
            kind: 'typing',
            conversationId,
            userId: event.userId,
            isTyping: event.isTyping,
            expiresAt: event.expiresAt ? new Date(event.expiresAt) : null,
          };
        case 'read':
          return {
            __typename: 'MessagesRead',
            kind: 'read',
            conversationId,
            userId: event.userId,
            fromSeq: event.fromSeq,
            upToSeq: event.upToSeq,
            readAt: new Date(event.readAt),
          };
        case 'settings': {
          const conversation = await seeConversation(ctx, access.conversation);
          if (!conversation) return null;
          return {
            __typename: 'ConversationUpdated',
            kind: 'settings',
            conversationId,
            actorId: event.actorId,
            actorKind: event.actorKind,
            conversation,
          };
        }
      }
    },
  );
}
