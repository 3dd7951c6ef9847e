// Typed topics, in memory by default and over Redis when REDIS_URL is set (so several instances
// share them). Topics are `noun:verb` with the id first; payloads carry ids, and subscribers re-read
// what they may see. Changes publish through a transaction's outbox (db/transaction.ts), after the
// commit. Each server opens its own.
import { createPubSub, type PubSub } from 'graphql-yoga';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import type { ActorKind } from '../access/access.ts';
import type { Logger } from '../logger.ts';
import type { Redis } from 'ioredis';
import { closeRedis, openRedis } from './redis.ts';

interface MessageAddedEvent {
  messageId: string;
  seq: number;
  /** when it was published (ms since the epoch), for the pub/sub lag metric */
  publishedAt?: number;
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

export type ParleyPubSub = PubSub<Topics>;

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
    handle = { pubsub: createPubSub<Topics>(), kind: 'memory', close: async () => {} };
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
      pubsub: createPubSub<Topics>({ eventTarget: eventTarget as never }),
      kind: 'redis',
      close: async () => {
        await Promise.all([closeRedis(publishClient), closeRedis(subscribeClient)]);
      },
    };
  }
  return handle;
}
