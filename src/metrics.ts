// Prometheus metrics: Yoga's plugin counts requests and times them per operation; the live side
// (connections, subscriptions, pub/sub lag) is counted here. Live counts are per process, shared
// by every server the process runs; each server exposes them with its own request metrics.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

const live = new Registry();

export const liveMetrics = {
  connections: new Gauge({
    name: 'parley_live_connections',
    help: 'Open live connections (graphql-ws sockets and SSE streams)',
    labelNames: ['transport'] as const,
    registers: [live],
  }),
  subscriptions: new Gauge({
    name: 'parley_active_subscriptions',
    help: 'Subscriptions running on graphql-ws sockets',
    registers: [live],
  }),
  pubsubLag: new Histogram({
    name: 'parley_pubsub_lag_seconds',
    help: 'From a message being stored to its conversation feed reading it on this instance',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [live],
  }),
  slowConsumers: new Counter({
    name: 'parley_slow_consumers_closed_total',
    help: 'Sockets closed because their unsent data grew past WS_MAX_BUFFERED_BYTES',
    registers: [live],
  }),
};

/** A registry for one server: its own request metrics next to the process's live ones. */
export function createRegistry(): Registry {
  return Registry.merge([new Registry(), live]);
}
