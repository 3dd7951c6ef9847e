// Typing indicators (only while config.typingEvents): broadcast as conversation events, and ended
// by the server when no new sendTypingEvent comes within TYPING_TIMEOUT_SECONDS.
import type { Context } from '../context.ts';
import { viewerId } from '../auth/identity.ts';
import { forbidden } from '../errors.ts';
import { assertMaySend, loadAccess } from '../access/access.ts';
import { typingChecks } from '../access/rules.ts';
import type { ParleyPubSub } from './pubsub.ts';

/** The typing state of one server: who is typing where, until when. */
export class Typing {
  readonly #timers = new Map<string, NodeJS.Timeout>();
  readonly #pubsub: ParleyPubSub;
  readonly #timeoutMs: number;

  constructor(pubsub: ParleyPubSub, timeoutSeconds: number) {
    this.#pubsub = pubsub;
    this.#timeoutMs = timeoutSeconds * 1000;
  }

  /** Announces that `userId` started or stopped typing in a conversation. */
  set(conversationId: string, userId: string, isTyping: boolean): void {
    const key = `${conversationId}\u0000${userId}`;
    clearTimeout(this.#timers.get(key));
    this.#timers.delete(key);
    if (isTyping) {
      const timer = setTimeout(() => {
        this.#timers.delete(key);
        this.#pubsub.publish('conversation:event', conversationId, { kind: 'typing', userId, isTyping: false, expiresAt: null });
      }, this.#timeoutMs);
      timer.unref();
      this.#timers.set(key, timer);
    }
    this.#pubsub.publish('conversation:event', conversationId, {
      kind: 'typing',
      userId,
      isTyping,
      expiresAt: isTyping ? new Date(Date.now() + this.#timeoutMs).toISOString() : null,
    });
  }

  stop(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }
}

export async function sendTypingEvent(ctx: Context, conversationId: string, isTyping: boolean): Promise<boolean> {
  const viewer = viewerId(ctx);
  const access = await loadAccess(ctx.db, viewer, conversationId);
  // typing needs the send right (muted and frozen members may not), slow mode aside
  await assertMaySend(ctx.db, access, ctx.runtime.clock.now(), typingChecks);
  if (!access.conversation.typingEvents) {
    throw forbidden('Typing events are turned off in this conversation (config.typingEvents).');
  }
  ctx.runtime.live.typing.set(conversationId, viewer, isTyping);
  return isTyping;
}
