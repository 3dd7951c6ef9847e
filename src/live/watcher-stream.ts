// watcherChanged: someone started or stopped watching (their connection dropping included).
import type { Context } from '../context.ts';
import { viewerId } from '../auth/identity.ts';
import { forbidden } from '../errors.ts';
import type { WatcherEvent } from './pubsub.ts';
import { assertReadable, loadAccess } from '../access/access.ts';
import { eventStream } from './event-stream.ts';

export interface WatcherEventPayload {
  conversationId: string;
  userId: string;
  watching: boolean;
}

export async function watcherEventStream(ctx: Context, conversationId: string) {
  const viewer = viewerId(ctx);
  assertReadable(await loadAccess(ctx.db, viewer, conversationId));
  return eventStream(ctx, [(push) => ctx.runtime.pubsub.listen('watcher:changed', conversationId, push)], async (event: WatcherEvent) => {
    const access = await loadAccess(ctx.db, viewer, conversationId);
    if (!access.window || access.window.upTo !== null) return forbidden('You may no longer read this conversation.');
    return { conversationId, userId: event.userId, watching: event.watching };
  });
}
