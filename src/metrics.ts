// Prometheus metrics: Yoga's plugin counts requests and times them per operation; the live side
// (connections, subscriptions, pub/sub lag, outbox) is counted here, per server.
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

/** A server's registry: its request metrics (Yoga's plugin) and its live ones. */
export function createMetrics(): { registry: Registry; live: LiveMetrics } {
  const registry = new Registry();
  return { registry, live: createLiveMetrics(registry) };
}
