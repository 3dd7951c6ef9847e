// graphql-ws and SSE clients for tests: each subscription collects what arrives, and waits for
// events with a deadline instead of sleeping.
import { createClient as createWsClient, type Client } from 'graphql-ws';
import { createClient as createSseClient } from 'graphql-sse';
import WebSocket from 'ws';
import { print, type ExecutionResult } from 'graphql';
import type { Document } from './app.ts';

export interface Collected<R> {
  results: ExecutionResult<R>[];
  /** called with each result as it arrives (to act at an exact point, such as disconnecting) */
  onResult?: (result: ExecutionResult<R>, count: number) => void;
  /** set when the server ended the subscription */
  completed: boolean;
  /** an error the transport reported (rejected subscription, closed socket) */
  error: unknown;
  /** resolves once `count` results arrived (rejects after the deadline) */
  waitFor(count: number, timeoutMs?: number): Promise<ExecutionResult<R>[]>;
  waitForEnd(timeoutMs?: number): Promise<void>;
  stop(): void;
}

export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5_000, what = 'condition') {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** What untilLive looks at in a subscription (a Collected of any result type). */
interface Hearing {
  results: readonly unknown[];
  error: unknown;
  completed: boolean;
}

/**
 * Makes subscriptions live. A subscription listens only a moment after it is sent (the server runs
 * it, and on Redis its SUBSCRIBE goes and comes back); what is published before then is not its to
 * get. So this acts (`poke`: sends a message, starts typing...) until every subscription given has
 * a result, or until `live()` says so. By time, not by a count of tries: a loaded machine (CI with
 * two cores) takes longer to open a stream. A subscription that ends or fails meanwhile fails this
 * at once, with its error: those given, or with `live()` those in `watching`.
 */
export async function untilLive(
  live: Hearing | Hearing[] | (() => boolean),
  poke: (attempt: number) => Promise<unknown>,
  {
    timeoutMs = 30_000,
    pauseMs = 50,
    what = 'the subscription',
    watching = [],
  }: { timeoutMs?: number; pauseMs?: number; what?: string; watching?: Hearing[] } = {},
): Promise<void> {
  const subs = typeof live === 'function' ? watching : Array.isArray(live) ? live : [live];
  const isLive = typeof live === 'function' ? live : () => subs.every((sub) => sub.results.length > 0);
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; !isLive(); attempt++) {
    // with live(), a subscription may have results and still not be live: any end fails
    const ended = subs.find(
      (sub) => (typeof live === 'function' || sub.results.length === 0) && (sub.error !== undefined || sub.completed),
    );
    if (ended) throw new Error(`${what} ended before it went live: ${ended.error === undefined ? 'completed' : shown(ended.error)}`);
    if (Date.now() > deadline) throw new Error(`${what} never went live (${timeoutMs} ms, ${attempt} tries)`);
    await poke(attempt);
    await new Promise((r) => setTimeout(r, pauseMs));
  }
}

/** An error a transport gave (GraphQL errors, a close event...), readably. */
function shown(error: unknown): string {
  if (error instanceof Error) return error.message;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}

function collector<R>(
  start: (sink: { next(value: ExecutionResult<R>): void; error(error: unknown): void; complete(): void }) => () => void,
): Collected<R> {
  const collected: Collected<R> = {
    results: [],
    completed: false,
    error: undefined,
    async waitFor(count, timeoutMs = 10_000) {
      await until(
        () => collected.results.length >= count || collected.error !== undefined || collected.completed,
        timeoutMs,
        `${count} subscription results (have ${collected.results.length})`,
      );
      if (collected.results.length < count) {
        throw new Error(`subscription ended after ${collected.results.length} results: ${String(collected.error ?? 'completed')}`);
      }
      return collected.results.slice(0, count);
    },
    async waitForEnd(timeoutMs = 10_000) {
      await until(() => collected.completed || collected.error !== undefined, timeoutMs, 'the subscription to end');
    },
    stop: () => undefined,
  };
  collected.stop = start({
    next: (value) => {
      collected.results.push(value);
      collected.onResult?.(value, collected.results.length);
    },
    error: (error) => {
      collected.error = error;
    },
    complete: () => {
      collected.completed = true;
    },
  });
  return collected;
}

export interface WsClient {
  client: Client;
  subscribe<R, V>(document: Document<R, V>, variables?: V): Collected<R>;
  /** a raw subscribe payload (extensions included) */
  subscribeWith<R = Record<string, unknown>>(payload: {
    query: string;
    variables?: Record<string, unknown>;
    extensions?: Record<string, unknown>;
  }): Collected<R>;
  /** close code and reason, once the socket closed */
  closed: Promise<{ code: number; reason: string }>;
  dispose(): Promise<void>;
}

export function wsClient(url: string, connectionParams?: Record<string, unknown>): WsClient {
  let onClosed!: (value: { code: number; reason: string }) => void;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => (onClosed = resolve));
  const client = createWsClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams,
    lazy: false,
    retryAttempts: 0,
    on: {
      closed: (event) => {
        const e = event as { code: number; reason: string };
        onClosed({ code: e.code, reason: String(e.reason) });
      },
    },
    onNonLazyError: () => undefined,
  });
  return {
    client,
    closed,
    subscribe(document, variables) {
      const query = typeof document === 'string' ? document : print(document);
      return collector((sink) => client.subscribe({ query, variables: variables as Record<string, unknown> }, sink as never));
    },
    subscribeWith(payload) {
      return collector((sink) => client.subscribe(payload, sink as never));
    },
    dispose: async () => {
      await client.dispose();
    },
  };
}

export function sseSubscribe<R, V>(url: string, headers: Record<string, string>, document: Document<R, V>, variables?: V): Collected<R> {
  const client = createSseClient({ url, headers, retryAttempts: 0, singleConnection: false });
  const query = typeof document === 'string' ? document : print(document);
  const collected = collector<R>((sink) => client.subscribe({ query, variables: variables as Record<string, unknown> }, sink as never));
  const stop = collected.stop;
  collected.stop = () => {
    stop();
    client.dispose();
  };
  return collected;
}

/** A graphql-sse "single connection" stream: every operation sent through it belongs to it. */
export function sseConnection(url: string, headers: Record<string, string>) {
  const client = createSseClient({
    url: url.replace(/\/graphql$/, '/graphql/stream'),
    headers,
    singleConnection: true,
    retryAttempts: 0,
    lazy: false,
  });
  return {
    client,
    subscribe<R, V>(document: Document<R, V>, variables?: V): Collected<R> {
      const query = typeof document === 'string' ? document : print(document);
      return collector<R>((sink) => client.subscribe({ query, variables: variables as Record<string, unknown> }, sink as never));
    },
    /** one query or mutation through the stream */
    async execute<R, V>(document: Document<R, V>, variables?: V): Promise<ExecutionResult<R>> {
      const query = typeof document === 'string' ? document : print(document);
      const results: ExecutionResult<R>[] = [];
      await new Promise<void>((resolve, reject) => {
        client.subscribe(
          { query, variables: variables as Record<string, unknown> },
          {
            next: (value) => results.push(value as ExecutionResult<R>),
            error: reject,
            complete: resolve,
          },
        );
      });
      return results[0]!;
    },
    dispose: () => client.dispose(),
  };
}
