// Typed topics, in memory by default and over Redis when REDIS_URL is set (so several instances
// share them). Topics are `noun:verb` with the id first; payloads carry ids, and subscribers re-read
// what they may see. Changes publish through a transaction's outbox (db/transaction.ts), after the
// commit. Each server opens its own.
// Listeners are callbacks called as each event is dispatched, not async iterators: every listener
// here is long-lived and hands the event on at once (a feed's wake-up, a subscriber's bounded
// channel), and graphql-yoga's Repeater per subscription spent 34 µs of a message's CPU at fan-out
// in its push alone (promises; a fanout-split profile on 2026-12-02).
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import type { ActorKind } from '../access/access.ts';
import type { Message, User } from '../generated/prisma/client.ts';
import type { Logger } from '../logger.ts';
import type { Redis } from 'ioredis';
import { closeRedis, openRedis } from './redis.ts';

/**
 * The key of what an event carries to this process's own listeners only: in memory they get the
 * publisher's object, and Redis carries JSON, which leaves symbol keys out.
 */
export const inProcess = Symbol('parley.inProcess');

interface MessageAddedEvent {
  messageId: string;
  seq: number;
  /** when it was published (ms since the epoch), for the pub/sub lag metric */
  publishedAt?: number;
  /** the row written and its owner's, as committed: a feed in this process takes them instead of reading them */
  [inProcess]?: { message: Message; owner: User | null };
}

export type MemberChange = 'added' | 'removed' | 'roleChanged' | 'banned' | 'unbanned' | 'muted' | 'unmuted' | 'infoChanged';
export type MessageChange = 'edited' | 'deleted' | 'pinned' | 'unpinned' | 'reactions';

/** What happened in a conversation, besides new messages. */
export type ConversationEvent =
  | { kind: 'members'; change: MemberChange; userIds: string[]; actorId: string | null; actorKind: ActorKind }
  | {
      kind: 'message';
      change: MessageChange;
      messageId: string;
      actorId: string | null;
      actorKind: ActorKind;
      /** reactions: the counts right after this change */
      reactionCounts?: Record<string, number>;
    }
  | { kind: 'typing'; userId: string; isTyping: boolean; expiresAt: string | null }
  | { kind: 'settings'; actorId: string | null; actorKind: ActorKind }
  /** a member read up to a message (read receipts, while config.readEvents): messages fromSeq < seq <= upToSeq */
  | { kind: 'read'; userId: string; fromSeq: number; upToSeq: number; readAt: string }
  /** a user deleted messages from their own copy: for that user's live feeds only, never delivered to others */
  | { kind: 'hidden'; userId: string; seqs: number[] };

/** How a conversation's row in an inbox changed (besides a new message or a read). */
export type InboxChange = 'edited' | 'recalled' | 'hidden' | 'cleared' | 'muted' | 'updated';

/** What changed in one user's inbox. */
export type ViewerEvent =
  | { kind: 'conversationAdded'; conversationId: string }
  | { kind: 'conversationRemoved'; conversationId: string }
  | { kind: 'messageAdded'; conversationId: string; messageId: string; seq: number }
  | { kind: 'conversationRead'; conversationId: string }
  /** edited, recalled: of messageId, which the subscriber's stream checks against what they see */
  | { kind: 'conversationChanged'; conversationId: string; change: InboxChange; messageId?: string };

/** Someone started or stopped watching a conversation. */
export interface WatcherEvent {
  userId: string;
  watching: boolean;
}

/** An inbox event for every member of a conversation (a new message, an edit, a rename), routed by live/inbox.ts. */
export interface InboxNotice {
  conversationId: string;
  /** the users it is for, when a message has recipients; null: every member */
  audience: string[] | null;
  event: ViewerEvent;
}

export type Topics = {
  'inbox:event': [notice: InboxNotice];
  'watcher:changed': [conversationId: string, event: WatcherEvent];
  'message:added': [conversationId: string, event: MessageAddedEvent];
  'conversation:event': [conversationId: string, event: ConversationEvent];
  'viewer:event': [userId: string, event: ViewerEvent];
  /** someone started (until: ms) or stopped (null) typing, for every instance (live/typing.ts) */
  'typing:state': [state: { conversationId: string; userId: string; until: number | null }];
  /** the notification outbox has new work (notifications/worker.ts) */
  'outbox:wake': [];
  /** an app setting changed (notifications/settings.ts): drop the cached value */
  'app:setting': [key: string];
};

/** `listen`'s arguments after the topic: the id when the topic has one, then the callback. */
type ListenArgs<A extends unknown[]> = A extends [infer Id, infer Payload]
  ? [id: Id, onEvent: (payload: Payload) => void]
  : A extends [infer Payload]
    ? [onEvent: (payload: Payload) => void]
    : [onEvent: () => void];

export interface ParleyPubSub {
  publish<K extends keyof Topics>(topic: K, ...args: Topics[K]): void;
  /**
   * Calls `onEvent` with every event of `topic` (of one id, for the topics that have one), as it
   * is dispatched, until the returned stop. A listener that throws is logged; it stops neither the
   * publisher nor the other listeners. In memory the publisher's object itself is handed over.
   */
  listen<K extends keyof Topics>(topic: K, ...args: ListenArgs<Topics[K]>): () => void;
}

/** The event name of a topic, and of one id of it. */
const eventName = (topic: string, id: unknown): string => (id === undefined ? topic : `${topic}:${String(id)}`);

/** Publish and listen over an EventTarget: in memory, or Redis's (graphql-yoga's redis-event-target). */
function pubSubOver(target: EventTarget, logger: Logger): ParleyPubSub {
  return {
    publish(topic: string, ...args: unknown[]) {
      const [id, payload] = args.length > 1 ? args : [undefined, args[0]];
      target.dispatchEvent(new CustomEvent(eventName(topic, id), { detail: payload ?? null }));
    },
    listen(topic: string, ...args: unknown[]) {
      const onEvent = args.at(-1) as (payload: unknown) => void;
      const name = eventName(topic, args.length > 1 ? args[0] : undefined);
      const listener = (event: Event) => {
        try {
          onEvent((event as CustomEvent).detail);
        } catch (error) {
          logger.error({ err: error, topic: name }, 'a pub/sub listener failed');
        }
      };
      target.addEventListener(name, listener);
      return () => target.removeEventListener(name, listener);
    },
  } as ParleyPubSub;
}

export interface PubSubHandle {
  pubsub: ParleyPubSub;
  kind: 'memory' | 'redis';
  close(): Promise<void>;
}

/** Prefixes every channel, so several Parley deployments (or test runs) can share one Redis. */
function withPrefix(target: EventTarget, prefix: string): EventTarget {
  return {
    addEventListener: (type: string, listener: EventListenerOrEventListenerObject | null) =>
      target.addEventListener(prefix + type, listener),
    removeEventListener: (type: string, listener: EventListenerOrEventListenerObject | null) =>
      target.removeEventListener(prefix + type, listener),
    dispatchEvent: (event: Event) => target.dispatchEvent(new CustomEvent(prefix + event.type, { detail: (event as CustomEvent).detail })),
  };
}

/**
 * The client as the Redis event target uses it (on, publish, subscribe, unsubscribe), with the
 * promises the target leaves unhandled handled: a command still queued when the connection closes
 * (a stop while Redis is away) rejects, and an unhandled rejection would end the process.
 */
function commandsHandled(client: Redis, name: string, logger: Logger): Redis {
  const dropped = (error: unknown) => logger.debug({ err: error, connection: name }, 'redis command dropped at close');
  return {
    on: (event: 'message', listener: (channel: string, message: string) => void) => client.on(event, listener),
    publish: (channel: string, message: string) => client.publish(channel, message).catch(dropped),
    subscribe: (channel: string) => client.subscribe(channel).catch(dropped),
    unsubscribe: (channel: string) => client.unsubscribe(channel).catch(dropped),
  } as unknown as Redis;
}

/** `logger` hears of Redis going away and coming back. */
export async function openPubSub(logger: Logger, redisUrl?: string, channelPrefix = 'parley:'): Promise<PubSubHandle> {
  let handle: PubSubHandle;
  if (!redisUrl) {
    handle = { pubsub: pubSubOver(new EventTarget(), logger), kind: 'memory', close: async () => {} };
  } else {
    // publishes and subscriptions wait for Redis, however long it is away
    const options = { maxRetriesPerRequest: null } as const;
    const [publishClient, subscribeClient] = await Promise.all([
      openRedis(redisUrl, 'publish', options, logger),
      openRedis(redisUrl, 'subscribe', options, logger),
    ]);
    const target = createRedisEventTarget({
      publishClient: commandsHandled(publishClient, 'publish', logger),
      subscribeClient: commandsHandled(subscribeClient, 'subscribe', logger),
    });
    const eventTarget = withPrefix(target as unknown as EventTarget, channelPrefix);
    handle = {
      pubsub: pubSubOver(eventTarget, logger),
      kind: 'redis',
      close: async () => {
        await Promise.all([closeRedis(publishClient), closeRedis(subscribeClient)]);
      },
    };
  }
  return handle;
}
