// graphql-ws on the server's port: executes through yoga.getEnveloped, so context, auth, plugins
// and masking are the same as over HTTP. Keep-alive pings, a cap on subscriptions per socket, and
// slow consumers closed rather than buffered without end.
import type { IncomingMessage, Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import type { SubscribePayload } from 'graphql-ws';
import { GraphQLError, type ExecutionArgs } from 'graphql';
import type { YogaServerInstance } from 'graphql-yoga';
import type { Context, LiveConnection } from '../context.ts';
import type { Authenticator, Viewer } from '../auth/identity.ts';
import { AppError } from '../errors.ts';
import type { Runtime } from '../runtime.ts';
import { ensureUser } from '../users/users.ts';
import type { MaskError } from '../plugins/errors.ts';
import type { SharedResults } from '../plugins/shared-subscriptions.ts';
import type { TrustedDocuments } from '../plugins/trusted-documents.ts';
import { subscribeDirect } from './direct-subscriptions.ts';

/** Close codes this server uses, besides graphql-ws's own. */
export const closeCodes = {
  goingAway: 1001,
  badCredentials: 4403,
  slowConsumer: 4408,
  noPong: 4409,
} as const;

/** What graphql-ws hands the yoga context factory for an operation on a socket. */
export interface SocketContext {
  socketViewer: Viewer | null;
  socketConnection: LiveConnection;
}

type Extra = {
  viewer?: Viewer;
  connection?: LiveConnection;
  subscriptions?: number;
  /** closes the socket when its token expires */
  expiry?: NodeJS.Timeout;
};

function credentials(params: Record<string, unknown> | undefined | null) {
  const text = (key: string) => {
    const value = params?.[key] ?? params?.[key.toLowerCase()];
    return typeof value === 'string' ? value : null;
  };
  return { authorization: text('authorization') ?? text('Authorization'), apiKey: text('x-api-key'), userId: text('x-user-id') };
}

/** Parses, validates and builds the context of one operation, through yoga's envelop. */
async function prepareOperation(
  yoga: YogaServerInstance<Record<string, never>, Context>,
  extra: Extra & { request: IncomingMessage; socket: WebSocket },
  params: SubscribePayload,
  viewer: Viewer | null,
): Promise<ExecutionArgs | readonly GraphQLError[]> {
  const enveloped = yoga.getEnveloped({
    req: extra.request,
    socket: extra.socket,
    params,
    socketViewer: viewer,
    socketConnection: extra.connection,
  } as never);
  let document;
  try {
    document = enveloped.parse(params.query);
  } catch (error) {
    // syntax errors and the parser's limits (tokens, aliases…) answer the operation, not the socket
    if (error instanceof GraphQLError) return [error];
    throw error;
  }
  const args = {
    schema: enveloped.schema,
    operationName: params.operationName,
    document,
    variableValues: params.variables,
    contextValue: await enveloped.contextFactory(),
    rootValue: { execute: enveloped.execute, subscribe: enveloped.subscribe },
  };
  let errors: readonly GraphQLError[];
  try {
    errors = enveloped.validate(args.schema, args.document);
  } catch (error) {
    // graphql-armor's limits reject by throwing from validation
    if (error instanceof GraphQLError) return [error];
    throw error;
  }
  return errors.length ? (errors as GraphQLError[]) : (args as ExecutionArgs);
}

export function attachWebSockets(options: {
  httpServer: Server;
  yoga: YogaServerInstance<Record<string, never>, Context>;
  runtime: Runtime;
  authenticator: Authenticator;
  /** connection clean-ups under way, awaited before the database closes */
  closing: Set<Promise<unknown>>;
  /** the server's error masking */
  mask: MaskError;
  /** the server's shared executions (fan-out) */
  sharing: SharedResults;
  /** which documents may run (TRUSTED_DOCUMENTS) */
  trusted: TrustedDocuments;
}) {
  const { httpServer, yoga, runtime, authenticator, closing, sharing, trusted } = options;
  const { config, logger, metrics } = runtime;
  const { presence } = runtime.live;
  const live = config.live;
  const wsServer = new WebSocketServer({ server: httpServer, path: yoga.graphqlEndpoint });

  // keep-alive: every socket is pinged; one that has not answered the previous ping is dead
  const alive = new WeakMap<WebSocket, boolean>();
  wsServer.on('connection', (socket) => {
    alive.set(socket, true);
    socket.on('pong', () => alive.set(socket, true));
  });
  const pinger = setInterval(() => {
    for (const socket of wsServer.clients) {
      if (!alive.get(socket)) {
        socket.close(closeCodes.noPong, 'No pong: the connection is considered dead');
        setTimeout(() => socket.terminate(), 1_000).unref();
        continue;
      }
      alive.set(socket, false);
      socket.ping();
    }
  }, live.pingIntervalSeconds * 1000);
  pinger.unref();

  /** Gives back an operation's place on its socket (and in the metric). */
  const releasePlace = (extra: Extra) => {
    if (!extra.subscriptions) return;
    extra.subscriptions -= 1;
    metrics.subscriptions.dec();
  };

  const closeSlowConsumer = (socket: WebSocket) => {
    if (socket.readyState !== socket.OPEN) return;
    metrics.slowConsumers.inc();
    socket.close(closeCodes.slowConsumer, `Slow consumer: more than ${live.maxBufferedBytes} bytes waiting to be sent`);
  };

  const authenticateSocket = async (viewer: Viewer | null, extra: Extra & { socket: WebSocket }) => {
    if (!viewer) return;
    await ensureUser(runtime.db, runtime.users, viewer);
    if (viewer.userId) await presence.register(extra.connection!, viewer.userId);
    // a socket lives no longer than the token it was opened with: the client reconnects with a
    // fresh one (connectionParams as a function, README "Building a client")
    if (viewer.expiresAt && !extra.expiry) {
      const close = () => {
        if (extra.socket.readyState === extra.socket.OPEN) extra.socket.close(closeCodes.badCredentials, 'Forbidden: the token expired');
      };
      // setTimeout holds at most 2^31 - 1 ms (24.8 days); a longer-lived token is checked again then
      const schedule = () => {
        const left = viewer.expiresAt!.getTime() - Date.now();
        extra.expiry = left > 2 ** 31 - 1 ? setTimeout(schedule, 2 ** 31 - 1) : setTimeout(close, Math.max(0, left));
        extra.expiry.unref();
      };
      schedule();
    }
  };

  useServer<Record<string, unknown> | undefined, Extra>(
    {
      execute: (args) => (args.rootValue as { execute: (a: ExecutionArgs) => unknown }).execute(args) as never,
      subscribe: (args) => (args.rootValue as { subscribe: (a: ExecutionArgs) => unknown }).subscribe(args) as never,
      onConnect: async (ctx) => {
        ctx.extra.connection = { id: `ws:${randomUUID()}`, transport: 'ws' };
        ctx.extra.subscriptions = 0;
        metrics.connections.inc({ transport: 'ws' });
        const given = credentials(ctx.connectionParams);
        if (!given.authorization && !given.apiKey) return true; // operations answer UNAUTHENTICATED
        try {
          const viewer = await authenticator.authenticate(given);
          await authenticateSocket(viewer, ctx.extra);
          ctx.extra.viewer = viewer ?? undefined;
          return true;
        } catch (e) {
          if (!(e instanceof AppError)) throw e;
          // a bad token closes the socket before any subscription starts
          ctx.extra.socket.close(closeCodes.badCredentials, `Forbidden: ${e.message}`);
          return false;
        }
      },
      onClose: async (ctx) => {
        clearTimeout(ctx.extra.expiry);
        if (!ctx.extra.connection) return;
        metrics.connections.dec({ transport: 'ws' });
        metrics.subscriptions.dec(ctx.extra.subscriptions ?? 0);
        ctx.extra.subscriptions = 0; // a late onComplete must not count them again
        const done = presence
          .unregister(ctx.extra.connection.id)
          .catch((error: unknown) => logger.error({ err: error }, 'could not unregister a connection'));
        closing.add(done);
        await done;
        closing.delete(done);
      },
      onSubscribe: async (ctx, id, payload) => {
        // a place is taken before anything is awaited, so concurrent subscribes cannot overshoot
        if ((ctx.extra.subscriptions ?? 0) >= live.maxSubscriptionsPerConnection) {
          return [
            new AppError('RATE_LIMITED', `At most ${live.maxSubscriptionsPerConnection} operations at once on one connection.`, {
              retryAfterSeconds: 1,
            }),
          ];
        }
        ctx.extra.subscriptions = (ctx.extra.subscriptions ?? 0) + 1;
        metrics.subscriptions.inc();
        const release = () => releasePlace(ctx.extra);
        // Yoga's onParams does not run for a socket's operations: the trusted-documents decision
        // is made here (a trusted document may come as its hash, with an empty query)
        let params: SubscribePayload;
        try {
          params = { ...payload, query: (await trusted.resolve(payload)) ?? payload.query };
        } catch (e) {
          release();
          if (e instanceof AppError) return [e];
          throw e;
        }
        // GraphiQL sends its headers with each operation rather than when connecting
        let viewer = ctx.extra.viewer ?? null;
        if (!viewer) {
          try {
            viewer = await authenticator.authenticate(credentials(params.extensions?.headers as Record<string, unknown>));
            await authenticateSocket(viewer, ctx.extra);
          } catch (e) {
            release();
            if (e instanceof AppError) return [e];
            throw e;
          }
        }
        try {
          const operation = await prepareOperation(yoga, ctx.extra, params, viewer);
          if (Array.isArray(operation)) {
            release();
            return operation.map((error) => options.mask(error) as GraphQLError);
          }
          if (sharing.isShareable(operation as ExecutionArgs)) {
            // fan-out: each event's shared result is written to the socket as is
            const socket = ctx.extra.socket;
            (operation as ExecutionArgs & { rootValue: { subscribe: unknown } }).rootValue.subscribe = (args: ExecutionArgs) =>
              subscribeDirect(args, {
                socket,
                id,
                mask: options.mask,
                maxBufferedBytes: live.maxBufferedBytes,
                onSlowConsumer: () => closeSlowConsumer(socket),
                shared: sharing,
              });
          }
          return operation;
        } catch (e) {
          release();
          throw e;
        }
      },
      onComplete: (ctx) => releasePlace(ctx.extra),
      onNext: (ctx) => {
        // a consumer that does not read: close it instead of buffering without end
        const socket = ctx.extra.socket;
        if (socket.bufferedAmount > live.maxBufferedBytes) closeSlowConsumer(socket);
      },
    },
    wsServer,
    // no keep-alive of graphql-ws's own: the pinger above already pings every socket and closes
    // the dead ones; graphql-ws's would ping each socket a second time, with a timer per socket
    // and a timeout and a listener per ping (CPU at 10,000 sockets, memory per idle client)
    0,
  );

  return {
    wsServer,
    /** The closing handshake on every socket (a hard close if the peer does not answer). */
    async close(): Promise<void> {
      clearInterval(pinger);
      await Promise.all(
        [...wsServer.clients].map(
          (socket) =>
            new Promise<void>((resolve) => {
              const timer = setTimeout(() => socket.terminate(), 3_000);
              socket.once('close', () => {
                clearTimeout(timer);
                resolve();
              });
              socket.close(closeCodes.goingAway, 'Server shutting down');
            }),
        ),
      );
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    },
  };
}
