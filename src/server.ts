// buildServer(): graphql-yoga (HTTP, GraphiQL, GraphQL over SSE) and graphql-ws on one port at
// /graphql, with a graceful stop.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { useGraphQlJit } from '@envelop/graphql-jit';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { usePrometheus } from '@graphql-yoga/plugin-prometheus';
import { getOperationAST } from 'graphql';
import { devTokensServed, type Config } from './config.ts';
import { Authenticator } from './auth/identity.ts';
import { createContext, type Context } from './context.ts';
import { openDatabase, type Database } from './db/client.ts';
import { openPubSub, type PubSubHandle } from './live/pubsub.ts';
import { closeRedis, openRedis } from './live/redis.ts';
import { createRuntime, type Runtime } from './runtime.ts';
import { systemClock, type Clock } from './clock.ts';
import { createLogger, type Logger } from './logger.ts';
import { createMaskError, useRequestErrorMasking } from './plugins/errors.ts';
import { useRequireViewer } from './plugins/auth.ts';
import { useDeprecatedFieldCounter } from './plugins/deprecated-fields.ts';
import { SharedResults, useSharedSubscriptionResults } from './plugins/shared-subscriptions.ts';
import { parleyGraphiQL, useGraphiQLAssets } from './plugins/graphiql.ts';
import { devTokenPath, useDevTokens } from './plugins/dev-token.ts';
import { useOperationLimits } from './plugins/limits.ts';
import { useRejectNulText } from './plugins/text-input.ts';
import { useUnparsableBodyStatus } from './plugins/request-status.ts';
import { createTrustedDocuments, useTrustedStreamOperations } from './plugins/trusted-documents.ts';
import { createMutationRateLimiter, useMutationRateLimit } from './plugins/rate-limit.ts';
import { createMetrics } from './metrics.ts';
import { requestIdFrom, requestIdOf } from './request-context.ts';
import { answerHttpChecks, refuseOversizedBody } from './transport/http-checks.ts';
import { ensureUser } from './users/users.ts';
import { ensureEnvironmentWebhook } from './notifications/webhooks.ts';
import { schema } from './schema/index.ts';
import { useUploadFiles } from './uploads/serve.ts';
import { attachWebSockets, type SocketContext } from './transport/ws.ts';
import {
  connectionOf,
  StreamRegistry,
  streamEndpoint,
  tagConnection,
  useGraphQLSSEStream,
  useOperationKind,
  type OperationKind,
} from './transport/sse.ts';

export interface ParleyServer {
  yoga: YogaServerInstance<Record<string, never>, Context>;
  httpServer: Server;
  database: Database;
  logger: Logger;
  /** what this server owns: database, pub/sub, clock, live state */
  runtime: Runtime;
  /** Listens on config.port (0: a free port); resolves with the GraphQL URL. */
  start(): Promise<string>;
  /** Graceful: stops accepting, closes sockets and streams, then the pub/sub and the database. */
  stop(): Promise<void>;
}

interface ServerDeps {
  database?: Database;
  pubsub?: PubSubHandle;
  logger?: Logger;
  clock?: Clock;
}

function credentialsFrom(request: Request) {
  return {
    authorization: request.headers.get('authorization'),
    apiKey: request.headers.get('x-api-key'),
    userId: request.headers.get('x-user-id'),
  };
}

/**
 * The GraphQL metrics /metrics exports (README "Operating"): the plugin's defaults without three.
 * A request counter and a summary repeat the duration histogram (its _count is the request count),
 * and the summary's quantiles cost a t-digest update per request (0.6 % of an inbox request's CPU
 * in the observed profile); the schema-change counter counts the one schema Parley has. The
 * deprecated-field counter stays (it tells which operations still ask for a deprecated field), but
 * as plugins/deprecated-fields.ts counts it: once per document, not a walk of it per request.
 */
const graphqlMetrics = {
  graphql_envelop_request_duration: true,
  graphql_envelop_phase_parse: true,
  graphql_envelop_phase_validate: true,
  graphql_envelop_phase_context: true,
  graphql_envelop_phase_execute: true,
  graphql_envelop_phase_subscribe: true,
  graphql_envelop_error_result: true,
  // counted by useDeprecatedFieldCounter
  graphql_envelop_deprecated_field: false,
  graphql_yoga_http_duration: true,
  graphql_envelop_request: false,
  graphql_envelop_request_time_summary: false,
  graphql_envelop_schema_change: false,
} as const;

export async function buildServer(config: Config, deps: ServerDeps = {}): Promise<ParleyServer> {
  const logger = deps.logger ?? createLogger(config.logLevel);
  // read before anything opens: a bad manifest stops the start
  const trusted = createTrustedDocuments(config.trustedDocuments, logger);
  const database =
    deps.database ??
    (config.databaseUrl
      ? await openDatabase({ url: config.databaseUrl, poolSize: config.databasePoolSize })
      : await openDatabase({ pglite: config.pgliteDir }));
  const pubsub = deps.pubsub ?? (await openPubSub(logger, config.redisUrl, config.redisPrefix));
  const metrics = createMetrics();
  const runtime = createRuntime({
    config,
    db: database,
    pubsub: pubsub.pubsub,
    logger,
    clock: deps.clock ?? systemClock(),
    metrics: metrics.live,
    notificationMetrics: metrics.notifications,
  });
  await ensureEnvironmentWebhook(database, config.notifications.webhook);
  const authenticator = new Authenticator({
    authSecret: config.authSecret,
    apiKey: config.apiKey,
    maxTokenLifetimeSeconds: config.maxTokenLifetimeSeconds,
  });
  const mask = createMaskError(logger);
  // results shared between subscribers of one event (fan-out), per server
  const sharing = new SharedResults();
  // plain commands (rate limits, readiness): fail at once while Redis is away instead of queueing
  const redis = config.redisUrl
    ? await openRedis(config.redisUrl, 'commands', { enableOfflineQueue: false, maxRetriesPerRequest: 1 }, logger)
    : null;
  const rateLimiter = createMutationRateLimiter(config.rateLimits, redis, config.redisPrefix);
  // development only: never in production, whatever DEV_TOKENS says
  const devTokens = devTokensServed(config);
  const graphiql = parleyGraphiQL({ devTokenPath: devTokens ? devTokenPath : null });

  const yoga = createYoga<Record<string, never>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: config.graphiql ? graphiql.options : false,
    renderGraphiQL: graphiql.render,
    maskedErrors: { maskError: (error) => mask(error), isDev: false },
    // the HTTP server refuses a body over its limit, or of unknown length, before Yoga sees it
    // (transport/http-checks.ts), and Node reads no more than Content-Length: Yoga's own limit
    // would only pipe every body through one more stream, with an AbortController per request
    // (found by profiling send)
    maxRequestBodySize: false,
    logging: {
      debug: (...args) => logger.debug(args.map(String).join(' ')),
      info: (...args) => logger.info(args.map(String).join(' ')),
      warn: (...args) => logger.warn(args.map(String).join(' ')),
      error: (...args) => logger.error(args.map(String).join(' ')),
    },
    plugins: [
      useGraphiQLAssets(),
      ...(devTokens ? [useDevTokens({ authSecret: config.authSecret, maxTokenLifetimeSeconds: config.maxTokenLifetimeSeconds })] : []),
      useUploadFiles(runtime, authenticator),
      useUnparsableBodyStatus(),
      ...(config.metrics
        ? [
            usePrometheus({ endpoint: '/metrics', registry: metrics.registry, metrics: graphqlMetrics }),
            useDeprecatedFieldCounter(metrics.registry),
          ]
        : []),
      ...(config.introspection ? [] : [useDisableIntrospection()]),
      ...useOperationLimits(config.operationLimits, config.env === 'production'),
      trusted.plugin,
      // before useGraphQLSSE, which parses what is posted to its endpoint itself
      useTrustedStreamOperations(trusted, streamEndpoint),
      useGraphQLSSEStream(mask),
      useOperationKind(),
      useRequireViewer(),
      useRejectNulText(),
      useMutationRateLimit(rateLimiter),
      useRequestErrorMasking(mask),
      useSharedSubscriptionResults(sharing),
      // queries and mutations run compiled (graphql-jit); subscriptions keep the reference executor
      useGraphQlJit({}, { enableIf: (args) => getOperationAST(args.document, args.operationName)?.operation !== 'subscription' }),
    ],
    context: async (initial): Promise<Context> => {
      const socket = initial as unknown as Partial<SocketContext>;
      if (socket.socketConnection) {
        return createContext(runtime, socket.socketViewer ?? null, socket.socketConnection);
      }
      const requestId = requestIdOf(initial);
      try {
        const request = (initial as unknown as { request: Request }).request;
        const viewer = await authenticator.authenticate(credentialsFrom(request));
        if (viewer) await ensureUser(database, runtime.users, viewer);
        const connection = connectionOf(request, (initial as OperationKind).parleyOperation);
        if (connection) openedStream(connection.id);
        if (connection && viewer?.userId) await runtime.live.presence.register(connection, viewer.userId);
        return createContext(runtime, viewer, connection, requestId);
      } catch (error) {
        // masked here, where the request's id is known (an AppError passes as it is)
        throw mask(error, requestId);
      }
    },
  });

  // connection clean-ups under way; stop() waits for them before closing the database
  const closing = new Set<Promise<unknown>>();
  const unregister = (id: string) => {
    const done = runtime.live.presence
      .unregister(id)
      .catch((error: unknown) => logger.error({ err: error }, 'could not unregister a connection'));
    closing.add(done);
    void done.finally(() => closing.delete(done));
  };
  const streams = new StreamRegistry();
  const trackStream = (id: string, res: ServerResponse) => {
    metrics.live.connections.inc({ transport: 'sse' });
    streams.track(res, () => {
      metrics.live.connections.dec({ transport: 'sse' });
      unregister(id);
    });
  };
  // distinct SSE requests whose operation is not known yet
  const maybeStreams = new Map<string, ServerResponse>();
  const openedStream = (id: string) => {
    const res = maybeStreams.get(id);
    if (!res) return;
    maybeStreams.delete(id);
    trackStream(id, res);
  };
  // requests being served, so a stop can wait for them rather than cut them
  let inFlight = 0;
  let draining = false;
  const httpServer = createServer((req, res) => {
    // while stopping, answer and then close: a keep-alive client must not send more on this socket
    if (draining) res.setHeader('connection', 'close');
    inFlight++;
    res.once('close', () => inFlight--);
    const requestId = requestIdFrom(req.headers['x-request-id']);
    res.setHeader('x-request-id', requestId);
    if (answerHttpChecks(req, res, { database, redis })) return;
    // an upload (multipart) may be as large as the largest file, with room for the rest of the form
    const multipart = (req.headers['content-type'] ?? '').startsWith('multipart/form-data');
    if (
      refuseOversizedBody(req, res, multipart ? Math.max(config.maxRequestBytes, config.uploads.maxBytes + 65_536) : config.maxRequestBytes)
    )
      return;
    const started = performance.now();
    res.once('finish', () =>
      logger.info(
        { requestId, method: req.method, url: req.url, status: res.statusCode, ms: Math.round(performance.now() - started) },
        'request',
      ),
    );
    const { opens, distinct } = tagConnection(req);
    if (opens && distinct) {
      // a stream only if it subscribes: the context factory decides (openedStream)
      maybeStreams.set(opens, res);
      res.once('close', () => maybeStreams.delete(opens));
    } else if (opens) {
      trackStream(opens, res);
    }
    void yoga(req, res);
  });
  const sockets = attachWebSockets({ httpServer, yoga, runtime, authenticator, closing, mask, sharing, trusted });
  let stopping: Promise<void> | undefined;

  return {
    yoga,
    httpServer,
    database,
    logger,
    runtime,
    start: () =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(config.port, config.host, () => {
          runtime.live.presence.start();
          runtime.live.typing.start();
          runtime.settings.start();
          runtime.uploads.start();
          if (config.notifications.worker) runtime.notifications.start();
          const { port } = httpServer.address() as AddressInfo;
          const host = !config.host || config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
          runtime.uploads.listeningAt(`http://${host}:${port}`);
          resolve(`http://${host}:${port}${yoga.graphqlEndpoint}`);
        });
      }),
    stop: () =>
      (stopping ??= (async () => {
        runtime.live.presence.stop();
        runtime.live.typing.stop();
        runtime.settings.stop();
        draining = true;
        // stop accepting, then say goodbye on every socket and end every stream
        const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
        await sockets.close();
        streams.endAll();
        httpServer.closeIdleConnections();
        // in-flight requests finish (up to 10 s), each answered with connection: close; then
        // whatever is left is cut
        for (const deadline = Date.now() + 10_000; inFlight > 0 && Date.now() < deadline;) {
          await new Promise((resolve) => setTimeout(resolve, 20));
          httpServer.closeIdleConnections();
        }
        httpServer.closeAllConnections();
        await closed;
        await Promise.all(closing);
        // attempts in flight finish and are recorded before the database closes
        await runtime.notifications.stop();
        await runtime.uploads.stop();
        await pubsub.close();
        if (redis) await closeRedis(redis);
        await database.close();
      })()),
  };
}
