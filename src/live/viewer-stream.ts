// viewerEvents: the viewer's inbox, live. Every change that alters a conversation's row in the
// viewer's list arrives as an event whose conversation (with its last message and unread count, as
// the viewer sees them now) and totals let a normalised cache keep the list with no other query:
// conversations added and removed, new messages, reads on any device, edits and recalls of what the
// row shows, messages deleted from the viewer's copy, clears, mutes and renames.
import type { Context } from '../context.ts';
import { viewerId } from '../auth/identity.ts';
import type { Conversation, Message } from '../generated/prisma/client.ts';
import type { InboxChange, ViewerEvent } from './pubsub.ts';
import { accessOrNull, seeConversation, visibleMessage } from '../access/views.ts';
import { eventStream } from './event-stream.ts';

export type ViewerEventPayload =
  | { __typename: 'ConversationAdded'; conversation: Conversation }
  /** conversation: the copy the viewer keeps, if any (a former member of a private conversation) */
  | { __typename: 'ConversationRemoved'; conversationId: string; conversation: Conversation | null }
  | { __typename: 'NewMessage'; conversation: Conversation; message: Message }
  | { __typename: 'UnreadCountChanged'; conversation: Conversation }
  | { __typename: 'ConversationChanged'; conversation: Conversation; change: InboxChange };

export async function viewerEventStream(ctx: Context) {
  const viewer = viewerId(ctx);
  return eventStream(
    ctx,
    [(push) => ctx.runtime.pubsub.listen('viewer:event', viewer, push), (push) => ctx.runtime.live.inbox.listen(viewer, push)],
    async (event: ViewerEvent): Promise<ViewerEventPayload | null> => {
      const access = await accessOrNull(ctx, event.conversationId);
      const conversation = access?.window ? await seeConversation(ctx, access.conversation) : null;
      if (event.kind === 'conversationRemoved') {
        // a former member of a private conversation keeps it in their list; a deleted copy leaves it
        const kept = access?.isFormerMember && !access.member?.deletedAt ? conversation : null;
        return { __typename: 'ConversationRemoved', conversationId: event.conversationId, conversation: kept };
      }
      // a copy the viewer deleted is out of their list until a new message brings it back
      if (!conversation || access?.member?.deletedAt) return null;
      switch (event.kind) {
        case 'conversationAdded':
          return { __typename: 'ConversationAdded', conversation };
        case 'conversationRead':
          return { __typename: 'UnreadCountChanged', conversation };
        case 'messageAdded': {
          const message = await visibleMessage(ctx, event.messageId);
          return message ? { __typename: 'NewMessage', conversation, message } : null;
        }
        case 'conversationChanged': {
          if (event.messageId) {
            // only about a message the viewer sees; an edit only when it is the one their row shows
            const message = await visibleMessage(ctx, event.messageId);
            if (!message) return null;
            if (event.change === 'edited' && (await ctx.loaders.lastMessage.load(conversation.id))?.id !== message.id) return null;
          }
          return { __typename: 'ConversationChanged', conversation, change: event.change };
        }
      }
    },
  );
}
