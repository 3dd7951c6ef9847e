// buildServer(): graphql-yoga (HTTP, GraphiQL, SSE) and graphql-ws on one port at /graphql.
// graphql-ws executes through yoga.getEnveloped, so context, auth, plugins and masking are the same
// on both transports.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import type { ExecutionArgs } from 'graphql';
import type { Config } from './config.ts';
import { authenticate, type Viewer } from './auth.ts';
import { createContext, type Context, type LiveConnection } from './context.ts';
import { openDatabase, type Database } from './db/client.ts';
import { openPubSub, type PubSubHandle } from './pubsub.ts';
import { createLogger, type Logger } from './logger.ts';
import { createMaskError } from './plugins/errors.ts';
import { useRequireViewer } from './plugins/auth.ts';
import { renderGraphiQL, useGraphiQLAssets } from './plugins/graphiql.ts';
import { ensureUser } from './services/users.ts';
import { registerConnection, unregisterConnection } from './services/live/connections.ts';
import { schema } from './schema/index.ts';
import { AppError } from './errors.ts';

export interface ParleyServer {
  yoga: YogaServerInstance<Record<string, never>, Context>;
  httpServer: Server;
  database: Database;
  logger: Logger;
  /** Listens on config.port (0: a free port); resolves with the GraphQL URL. */
  start(): Promise<string>;
  /** Graceful: stops accepting, closes sockets and streams, then the pub/sub and the database. */
  stop(): Promise<void>;
}

export interface ServerDeps {
  database?: Database;
  pubsub?: PubSubHandle;
  logger?: Logger;
}

/** What graphql-ws hands the context factory for an operation on a socket. */
interface SocketContext {
  socketViewer: Viewer | null;
  socketConnection: LiveConnection;
}

function credentialsFrom(request: Request) {
  return {
    authorization: request.headers.get('authorization'),
    apiKey: request.headers.get('x-api-key'),
    userId: request.headers.get('x-user-id'),
  };
}

function wsCredentials(params: Record<string, unknown> | undefined | null) {
  const text = (key: string) => (typeof params?.[key] === 'string' ? (params[key] as string) : null);
  return { authorization: text('authorization'), apiKey: text('x-api-key'), userId: text('x-user-id') };
}

function lowerCaseKeys(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key.toLowerCase(), value]));
}

export async function buildServer(config: Config, deps: ServerDeps = {}): Promise<ParleyServer> {
  const logger = deps.logger ?? createLogger(config.logLevel);
  const database =
    deps.database ??
    (config.databaseUrl
      ? await openDatabase({ url: config.databaseUrl, poolSize: config.databasePoolSize })
      : await openDatabase({ pglite: config.pgliteDir }));
  const pubsub = deps.pubsub ?? (await openPubSub(config.redisUrl, config.redisPrefix));
  const secrets = { authSecret: config.authSecret, apiKey: config.apiKey };

  const yoga = createYoga<Record<string, never>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: config.graphiql ? { title: 'Parley', subscriptionsProtocol: 'WS' } : false,
    renderGraphiQL,
    maskedErrors: { maskError: createMaskError(logger) },
    logging: {
      debug: (...args) => logger.debug(args.map(String).join(' ')),
      info: (...args) => logger.info(args.map(String).join(' ')),
      warn: (...args) => logger.warn(args.map(String).join(' ')),
      error: (...args) => logger.error(args.map(String).join(' ')),
    },
    plugins: [useGraphiQLAssets(), useRequireViewer()],
    context: async (initial): Promise<Context> => {
      const socket = initial as unknown as Partial<SocketContext>;
      if (socket.socketConnection) {
        return createContext(config, socket.socketViewer ?? null, socket.socketConnection);
      }
      const request = (initial as unknown as { request: Request }).request;
      const viewer = await authenticate(credentialsFrom(request), secrets);
      if (viewer) await ensureUser(viewer);
      const isStream = request.headers.get('accept')?.includes('text/event-stream') ?? false;
      const connection: LiveConnection | null = isStream ? { id: randomUUID(), transport: 'sse' } : null;
      return createContext(config, viewer, connection);
    },
  });

  // connection clean-ups still running; stop() waits for them before closing the database
  const closing = new Set<Promise<unknown>>();
  const httpServer = createServer(yoga);
  // SSE responses stay open; they are ended on purpose at shutdown rather than cut after a timeout
  const streams = new Set<ServerResponse>();
  httpServer.on('request', (req, res) => {
    if (!req.headers.accept?.includes('text/event-stream')) return;
    streams.add(res);
    res.once('close', () => streams.delete(res));
  });
  const wsServer = new WebSocketServer({ server: httpServer, path: yoga.graphqlEndpoint });

  useServer<Record<string, unknown> | undefined, { viewer?: Viewer; connection?: LiveConnection }>(
    {
      execute: (args) => (args.rootValue as { execute: (a: ExecutionArgs) => unknown }).execute(args) as never,
      subscribe: (args) => (args.rootValue as { subscribe: (a: ExecutionArgs) => unknown }).subscribe(args) as never,
      onConnect: async (ctx) => {
        ctx.extra.connection = { id: randomUUID(), transport: 'ws' };
        const credentials = wsCredentials(ctx.connectionParams);
        if (!credentials.authorization && !credentials.apiKey) return true; // operations answer UNAUTHENTICATED
        try {
          const viewer = await authenticate(credentials, secrets);
          if (viewer) await ensureUser(viewer);
          ctx.extra.viewer = viewer ?? undefined;
          if (viewer?.userId) await registerConnection(ctx.extra.connection, viewer.userId);
          return true;
        } catch (e) {
          if (!(e instanceof AppError)) throw e;
          // a bad token closes the socket before any subscription starts
          ctx.extra.socket.close(4403, `Forbidden: ${e.message}`);
          return false;
        }
      },
      onClose: async (ctx) => {
        if (!ctx.extra.connection) return;
        const done = unregisterConnection(ctx.extra.connection.id).catch((error: unknown) =>
          logger.error({ err: error }, 'could not unregister a connection'),
        );
        closing.add(done);
        await done;
        closing.delete(done);
      },
      onSubscribe: async (ctx, _id, params) => {
        // GraphiQL sends its headers with each operation rather than when connecting
        let viewer = ctx.extra.viewer ?? null;
        if (!viewer) {
          const headers = (params.extensions?.headers ?? {}) as Record<string, unknown>;
          try {
            viewer = await authenticate(wsCredentials(lowerCaseKeys(headers)), secrets);
            if (viewer) await ensureUser(viewer);
            if (viewer?.userId) await registerConnection(ctx.extra.connection!, viewer.userId);
          } catch (e) {
            if (e instanceof AppError) return [e];
            throw e;
          }
        }
        const enveloped = yoga.getEnveloped({
          req: ctx.extra.request as IncomingMessage,
          socket: ctx.extra.socket,
          params,
          socketViewer: viewer,
          socketConnection: ctx.extra.connection,
        } as never);
        const args = {
          schema: enveloped.schema,
          operationName: params.operationName,
          document: enveloped.parse(params.query),
          variableValues: params.variables,
          contextValue: await enveloped.contextFactory(),
          rootValue: { execute: enveloped.execute, subscribe: enveloped.subscribe },
        };
        const errors = enveloped.validate(args.schema, args.document);
        if (errors.length) return errors;
        return args;
      },
    },
    wsServer,
  );

  let stopping: Promise<void> | undefined;

  return {
    yoga,
    httpServer,
    database,
    logger,
    start: () =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(config.port, config.host, () => {
          const { port } = httpServer.address() as AddressInfo;
          const host = !config.host || config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
          resolve(`http://${host}:${port}${yoga.graphqlEndpoint}`);
        });
      }),
    stop: () =>
      (stopping ??= (async () => {
        // stop accepting, then say goodbye on every socket and end every stream
        const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
        await Promise.all(
          [...wsServer.clients].map(
            (socket) =>
              new Promise<void>((resolve) => {
                // the closing handshake, or a hard close if the peer does not answer
                const timer = setTimeout(() => socket.terminate(), 3_000);
                socket.once('close', () => {
                  clearTimeout(timer);
                  resolve();
                });
                socket.close(1001, 'Server shutting down');
              }),
          ),
        );
        await new Promise<void>((resolve) => wsServer.close(() => resolve()));
        for (const stream of streams) stream.end();
        httpServer.closeIdleConnections();
        // in-flight requests get a moment to finish, then whatever is left is cut
        const grace = setTimeout(() => httpServer.closeAllConnections(), 10_000);
        await closed;
        clearTimeout(grace);
        await Promise.all(closing);
        await pubsub.close();
        await database.close();
      })()),
  };
}
