// viewerEvents: the viewer's inbox, live: conversations added and removed, new messages and read
// positions, each with the unread counts to show.
import type { Context } from '../context.ts';
import { viewerId } from '../auth/identity.ts';
import type { Conversation, Message } from '../generated/prisma/client.ts';
import type { ViewerEvent } from './pubsub.ts';
import { accessOrNull, seeConversation, visibleMessage } from '../access/views.ts';
import { eventStream } from './event-stream.ts';

export type ViewerEventPayload =
  | { __typename: 'ConversationAdded'; conversation: Conversation }
  | { __typename: 'ConversationRemoved'; conversationId: string }
  | { __typename: 'NewMessage'; conversation: Conversation; message: Message }
  | { __typename: 'UnreadCountChanged'; conversation: Conversation };

export async function viewerEventStream(ctx: Context) {
  const viewer = viewerId(ctx);
  return eventStream(
    ctx,
    [ctx.runtime.pubsub.subscribe('viewer:event', viewer), (push) => ctx.runtime.live.inbox.listen(viewer, push)],
    async (event: ViewerEvent): Promise<ViewerEventPayload | null> => {
      if (event.kind === 'conversationRemoved') {
        return { __typename: 'ConversationRemoved', conversationId: event.conversationId };
      }
      const access = await accessOrNull(ctx, event.conversationId);
      const conversation = access?.window ? await seeConversation(ctx, access.conversation) : null;
      if (!conversation) return null;
      switch (event.kind) {
        case 'conversationAdded':
          return { __typename: 'ConversationAdded', conversation };
        case 'conversationRead':
          return { __typename: 'UnreadCountChanged', conversation };
        case 'messageAdded': {
          const message = await visibleMessage(ctx, event.messageId);
          return message ? { __typename: 'NewMessage', conversation, message } : null;
        }
      }
    },
  );
}
