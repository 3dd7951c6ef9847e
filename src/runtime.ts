// What one server owns: its database, pub/sub, clock, metrics and the live state of its
// connections (feeds, inbox routing, presence, typing), its notification worker and shared app
// settings, plus the caches that save work. Built by
// buildServer(); two servers in one process share nothing of it.
import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import type { ParleyPubSub } from './live/pubsub.ts';
import type { Logger } from './logger.ts';
import type { Clock } from './clock.ts';
import type { LiveMetrics, NotificationMetrics } from './metrics.ts';
import { Feeds } from './live/feeds.ts';
import { InboxRouter } from './live/inbox.ts';
import { Presence } from './live/presence.ts';
import { Typing } from './live/typing.ts';
import { KnownUsers } from './users/users.ts';
import { AppSettings } from './notifications/settings.ts';
import { NotificationWorker } from './notifications/worker.ts';
import { pendingCounts } from './sql/deliveries.ts';
import { Uploads } from './uploads/files.ts';

export interface Runtime {
  config: Config;
  db: Database;
  pubsub: ParleyPubSub;
  logger: Logger;
  clock: Clock;
  metrics: LiveMetrics;
  /** users known to exist, so a request from a known user costs no write */
  users: KnownUsers;
  /** settings every instance shares (VAPID keys, the before-send hook) */
  settings: AppSettings;
  /** delivers webhooks and pushes from the outbox */
  notifications: NotificationWorker;
  /** uploaded files: kept, checked, served, swept */
  uploads: Uploads;
  live: {
    feeds: Feeds;
    inbox: InboxRouter;
    presence: Presence;
    typing: Typing;
  };
}

export function createRuntime(
  parts: Omit<Runtime, 'live' | 'users' | 'settings' | 'notifications' | 'uploads'> & { notificationMetrics: NotificationMetrics },
): Runtime {
  const { notificationMetrics, ...shared } = parts;
  const { db, pubsub, logger, metrics, config, clock } = shared;
  const settings = new AppSettings(db, pubsub);
  notificationMetrics.countPendingWith(async () => {
    const pending = await pendingCounts(db);
    return pending.deliveries + pending.events;
  });
  return {
    ...shared,
    users: new KnownUsers(),
    settings,
    uploads: new Uploads({ config, db, clock, logger }),
    notifications: new NotificationWorker({ db, pubsub, clock, logger, metrics: notificationMetrics, settings }, config.notifications),
    live: {
      feeds: new Feeds({ db, pubsub, metrics, logger }),
      inbox: new InboxRouter({ db, pubsub, logger }),
      presence: new Presence({ db, pubsub, logger }, config.live.connectionTtlSeconds),
      typing: new Typing(pubsub, config.live.typingTimeoutSeconds),
    },
  };
}
