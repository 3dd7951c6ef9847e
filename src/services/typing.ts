// Typing indicators (only while config.typingEvents): broadcast as conversation events, and ended
// by the server when no new sendTypingEvent comes within TYPING_TIMEOUT_SECONDS.
import type { Context } from '../context.ts';
import { viewerId } from '../context.ts';
import { forbidden } from '../errors.ts';
import { pubsub } from '../pubsub.ts';
import { assertMaySend, loadAccess } from '../access/access.ts';
import { typingChecks } from '../access/rules.ts';
import { clock } from '../clock.ts';

const timers = new Map<string, NodeJS.Timeout>();

export async function sendTypingEvent(ctx: Context, conversationId: string, isTyping: boolean): Promise<boolean> {
  const viewer = viewerId(ctx);
  const access = await loadAccess(viewer, conversationId);
  // typing needs the send right (muted and frozen members may not), slow mode aside
  await assertMaySend(null, access, clock.now(), typingChecks);
  if (!access.conversation.typingEvents) {
    throw forbidden('Typing events are turned off in this conversation (config.typingEvents).');
  }
  const key = `${conversationId}\u0000${viewer}`;
  clearTimeout(timers.get(key));
  timers.delete(key);
  const timeoutMs = ctx.config.live.typingTimeoutSeconds * 1000;
  if (isTyping) {
    const timer = setTimeout(() => {
      timers.delete(key);
      pubsub.publish('conversation:event', conversationId, { kind: 'typing', userId: viewer, isTyping: false, expiresAt: null });
    }, timeoutMs);
    timer.unref();
    timers.set(key, timer);
  }
  pubsub.publish('conversation:event', conversationId, {
    kind: 'typing',
    userId: viewer,
    isTyping,
    expiresAt: isTyping ? new Date(Date.now() + timeoutMs).toISOString() : null,
  });
  return isTyping;
}
