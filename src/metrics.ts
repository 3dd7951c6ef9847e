// Prometheus metrics: Yoga's plugin counts requests and times them per operation; the live side
// (connections, subscriptions, pub/sub lag) and the notifications (outbox, deliveries) are counted
// here, per server.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

function createLiveMetrics(registry: Registry) {
  return {
    connections: new Gauge({
      name: 'parley_live_connections',
      help: 'Open live connections (graphql-ws sockets and SSE streams)',
      labelNames: ['transport'] as const,
      registers: [registry],
    }),
    subscriptions: new Gauge({
      name: 'parley_active_subscriptions',
      help: 'Subscriptions running on graphql-ws sockets',
      registers: [registry],
    }),
    pubsubLag: new Histogram({
      name: 'parley_pubsub_lag_seconds',
      help: 'From a message being stored to its conversation feed reading it on this instance',
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    slowConsumers: new Counter({
      name: 'parley_slow_consumers_closed_total',
      help: 'Sockets closed because their unsent data grew past WS_MAX_BUFFERED_BYTES',
      registers: [registry],
    }),
  };
}

export type LiveMetrics = ReturnType<typeof createLiveMetrics>;

function createNotificationMetrics(registry: Registry) {
  let countPending: (() => Promise<number>) | null = null;
  return {
    deliveries: new Counter({
      name: 'parley_notification_deliveries_total',
      help: 'Delivery attempts of webhooks and pushes, by kind (webhook, web_push, push_gateway) and outcome (delivered, failed, rejected, expired)',
      labelNames: ['kind', 'outcome'] as const,
      registers: [registry],
    }),
    deliverySeconds: new Histogram({
      name: 'parley_notification_delivery_seconds',
      help: 'How long one delivery attempt took, by kind and outcome',
      labelNames: ['kind', 'outcome'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    outboxPending: new Gauge({
      name: 'parley_outbox_pending',
      help: 'Outbox events waiting to become deliveries plus deliveries not yet delivered or given up (all instances)',
      registers: [registry],
      async collect() {
        if (countPending) this.set(await countPending());
      },
    }),
    /** What parley_outbox_pending reads at each scrape. */
    countPendingWith(count: () => Promise<number>) {
      countPending = count;
    },
  };
}

export type NotificationMetrics = ReturnType<typeof createNotificationMetrics>;

/** A server's registry: its request metrics (Yoga's plugin), its live ones and its notifications'. */
export function createMetrics(): { registry: Registry; live: LiveMetrics; notifications: NotificationMetrics } {
  const registry = new Registry();
  return { registry, live: createLiveMetrics(registry), notifications: createNotificationMetrics(registry) };
}
