// Typing indicators (only while config.typingEvents): broadcast as conversation events, and ended
// by the server when no new sendTypingEvent comes within TYPING_TIMEOUT_SECONDS.
import type { Context } from '../context.ts';
import { viewerId } from '../auth/identity.ts';
import { forbidden } from '../errors.ts';
import { assertMaySend, loadAccess } from '../access/access.ts';
import { typingChecks } from '../access/rules.ts';
import type { ParleyPubSub } from './pubsub.ts';

/**
 * The typing state: who is typing where, until when. Each start and stop is told to subscribers
 * (conversation events) and to every instance (`typing:state`), so that whichever instance takes a
 * user's next message can end their typing; the instance where it started ends it by itself after
 * TYPING_TIMEOUT_SECONDS.
 */
export class Typing {
  /** ends scheduled by this instance, for typing started here */
  readonly #timers = new Map<string, NodeJS.Timeout>();
  /** every instance's typing users, until when (ms) */
  readonly #active = new Map<string, number>();
  readonly #pubsub: ParleyPubSub;
  readonly #timeoutMs: number;
  #stopListening: (() => void) | null = null;

  constructor(pubsub: ParleyPubSub, timeoutSeconds: number) {
    this.#pubsub = pubsub;
    this.#timeoutMs = timeoutSeconds * 1000;
  }

  start(): void {
    this.#stopListening ??= this.#pubsub.listen('typing:state', ({ conversationId, userId, until }) => {
      const key = keyOf(conversationId, userId);
      if (until === null) {
        this.#active.delete(key);
        // ended elsewhere (a message sent through another instance): no second end from here
        clearTimeout(this.#timers.get(key));
        this.#timers.delete(key);
      } else {
        this.#active.set(key, until);
      }
    });
  }

  /** Announces that `userId` started or stopped typing in a conversation. */
  set(conversationId: string, userId: string, isTyping: boolean): void {
    const key = keyOf(conversationId, userId);
    clearTimeout(this.#timers.get(key));
    this.#timers.delete(key);
    const until = isTyping ? Date.now() + this.#timeoutMs : null;
    if (isTyping) {
      const timer = setTimeout(() => {
        this.#timers.delete(key);
        this.set(conversationId, userId, false);
      }, this.#timeoutMs);
      timer.unref();
      this.#timers.set(key, timer);
      this.#active.set(key, until!);
    } else {
      this.#active.delete(key);
    }
    this.#pubsub.publish('conversation:event', conversationId, {
      kind: 'typing',
      userId,
      isTyping,
      expiresAt: until === null ? null : new Date(until).toISOString(),
    });
    this.#pubsub.publish('typing:state', { conversationId, userId, until });
  }

  /** A message from the user ends their typing, for everyone. */
  endIfTyping(conversationId: string, userId: string): void {
    const until = this.#active.get(keyOf(conversationId, userId));
    if (until !== undefined && until > Date.now()) this.set(conversationId, userId, false);
  }

  stop(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    this.#active.clear();
    this.#stopListening?.();
    this.#stopListening = null;
  }
}

const keyOf = (conversationId: string, userId: string) => `${conversationId}\u0000${userId}`;

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
