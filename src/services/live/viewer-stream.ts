// viewerEvents: the viewer's inbox, live: conversations added and removed, new messages and read
// positions, each with the unread counts to show.
import type { Context } from '../../context.ts';
import { viewerId } from '../../context.ts';
import { prisma } from '../../db/client.ts';
import type { Conversation, Message } from '../../generated/prisma/client.ts';
import { pubsub, type ViewerEvent } from '../../pubsub.ts';
import { loadVisibleMessage } from '../message-access.ts';
import { eventStream } from './event-stream.ts';
import { listenToInbox } from './inbox-router.ts';

export type ViewerEventPayload =
  | { __typename: 'ConversationAdded'; conversation: Conversation }
  | { __typename: 'ConversationRemoved'; conversationId: string }
  | { __typename: 'NewMessage'; conversation: Conversation; message: Message }
  | { __typename: 'UnreadCountChanged'; conversation: Conversation };

export async function viewerEventStream(ctx: Context) {
  const viewer = viewerId(ctx);
  return eventStream(ctx, viewer, [pubsub.subscribe('viewer:event', viewer), (push) => listenToInbox(viewer, push)], async (event: ViewerEvent): Promise<ViewerEventPayload | null> => {
    if (event.kind === 'conversationRemoved') {
      return { __typename: 'ConversationRemoved', conversationId: event.conversationId };
    }
    const access = await ctx.loaders.access.load(event.conversationId).catch(() => null);
    if (!access?.window) return null;
    switch (event.kind) {
      case 'conversationAdded':
        return { __typename: 'ConversationAdded', conversation: access.conversation };
      case 'conversationRead':
        return { __typename: 'UnreadCountChanged', conversation: access.conversation };
      case 'messageAdded':
        try {
          const { message } = await loadVisibleMessage(prisma, viewer, event.messageId);
          return { __typename: 'NewMessage', conversation: access.conversation, message };
        } catch {
          return null;
        }
    }
  });
}
