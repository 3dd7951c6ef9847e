// The GraphQL context: who is asking, over which connection, the server's runtime, and this
// request's loaders. Built once per HTTP request or per subscription (graphql-ws and SSE use the
// same factory).
import type { Viewer } from './auth/identity.ts';
import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import type { Runtime } from './runtime.ts';
import { createLoaders, type Loaders } from './loaders.ts';

/** The live connection an operation runs over, when it has one (graphql-ws socket, SSE stream). */
export interface LiveConnection {
  id: string;
  transport: 'ws' | 'sse';
}

export interface Context {
  readonly viewer: Viewer | null;
  readonly connection: LiveConnection | null;
  /** the HTTP request's id (x-request-id), for the log lines about it; null over a socket */
  readonly requestId: string | null;
  readonly runtime: Runtime;
  /** the runtime's, for short */
  readonly config: Config;
  readonly db: Database;
  /** per request; subscriptions replace them for every event so no event shows stale data */
  loaders: Loaders;
  /** the Messages and Conversations that passed the access module for this viewer (access/views.ts) */
  readonly seen: WeakSet<object>;
}

export function createContext(
  runtime: Runtime,
  viewer: Viewer | null,
  connection: LiveConnection | null,
  requestId: string | null = null,
): Context {
  const ctx: Context = {
    viewer,
    connection,
    requestId,
    runtime,
    config: runtime.config,
    db: runtime.db,
    loaders: undefined as unknown as Loaders,
    seen: new WeakSet(),
  };
  ctx.loaders = createLoaders(ctx);
  return ctx;
}
