// What one server owns: its database, pub/sub, clock, metrics and the live state of its
// connections (feeds, inbox routing, presence, typing), plus the caches that save work. Built by
// buildServer(); two servers in one process share nothing of it.
import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import type { ParleyPubSub } from './live/pubsub.ts';
import type { Logger } from './logger.ts';
import type { Clock } from './clock.ts';
import type { LiveMetrics } from './metrics.ts';
import { Feeds } from './live/feeds.ts';
import { InboxRouter } from './live/inbox.ts';
import { Presence } from './live/presence.ts';
import { Typing } from './live/typing.ts';
import { KnownUsers } from './users/users.ts';

export interface Runtime {
  config: Config;
  db: Database;
  pubsub: ParleyPubSub;
  logger: Logger;
  clock: Clock;
  metrics: LiveMetrics;
  /** users known to exist, so a request from a known user costs no write */
  users: KnownUsers;
  live: {
    feeds: Feeds;
    inbox: InboxRouter;
    presence: Presence;
    typing: Typing;
  };
}

export function createRuntime(parts: Omit<Runtime, 'live' | 'users'>): Runtime {
  const { db, pubsub, logger, metrics, config } = parts;
  return {
    ...parts,
    users: new KnownUsers(),
    live: {
      feeds: new Feeds({ db, pubsub, metrics, logger }),
      inbox: new InboxRouter({ db, pubsub, logger }),
      presence: new Presence({ db, pubsub, logger }, config.live.connectionTtlSeconds),
      typing: new Typing(pubsub, config.live.typingTimeoutSeconds),
    },
  };
}
