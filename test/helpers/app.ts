// One Parley server per test file, on its own database, with helpers that speak GraphQL:
// in-process through yoga.fetch for queries and mutations, over a real port for subscriptions.
import { randomBytes } from 'node:crypto';
import { print, type ExecutionResult } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { testConfig, type Config } from '../../src/config.ts';
import { buildServer, type ParleyServer } from '../../src/server.ts';
import { openPubSub } from '../../src/live/pubsub.ts';
import { signToken } from '../../src/auth/identity.ts';
import { withSqlStats, type SqlStats } from '../../src/db/sql-stats.ts';
import { openTestDatabase } from './database.ts';
import { createLogger } from '../../src/logger.ts';

export type Document<R, V> = TypedDocumentNode<R, V> | string;

export interface RequestOptions {
  /** act as this user (bearer token); null: no credentials */
  as?: string | null;
  /** send the API key (with x-user-id when `as` is given) */
  apiKey?: boolean;
  headers?: Record<string, string>;
}

export interface TestApp {
  server: ParleyServer;
  config: Config;
  /** http://127.0.0.1:<port>/graphql once listen() ran */
  url: string;
  listen(): Promise<string>;
  token(userId: string, options?: { name?: string; expiresIn?: string | number }): Promise<string>;
  request<R, V>(document: Document<R, V>, variables?: V, options?: RequestOptions): Promise<ExecutionResult<R>>;
  /** request() that fails the test on any error */
  data<R, V>(document: Document<R, V>, variables?: V, options?: RequestOptions): Promise<R>;
  /** runs fn and counts the SQL statements it sent */
  countSql<T>(fn: () => Promise<T>): Promise<{ result: T; stats: Required<SqlStats> }>;
  /** creates users through the API key */
  users(...ids: string[]): Promise<void>;
  stop(): Promise<void>;
}

/** `logs`: where the server's log lines go (info and up); silent without it */
export async function startApp(overrides: Partial<Config> = {}, logs?: NodeJS.WritableStream): Promise<TestApp> {
  const database = await openTestDatabase();
  // one prefix per app: its channels and its rate-limit counters are its own in a shared Redis
  const redisPrefix = `parley-test:${randomBytes(6).toString('hex')}:`;
  const config = testConfig({ port: 0, host: '127.0.0.1', redisUrl: process.env.REDIS_URL, redisPrefix, ...overrides });
  const logger = logs ? createLogger('info', logs) : createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const pubsub = await openPubSub(logger, config.redisUrl, config.redisPrefix);
  const server = await buildServer(config, { database, pubsub, logger });
  const tokens = new Map<string, string>();

  const app: TestApp = {
    server,
    config,
    url: '',
    async listen() {
      app.url = await server.start();
      return app.url;
    },
    async token(userId, options) {
      if (options) return signToken(config.authSecret, userId, options);
      let token = tokens.get(userId);
      if (!token) tokens.set(userId, (token = await signToken(config.authSecret, userId)));
      return token;
    },
    async request(document, variables, options = {}) {
      const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
      if (options.apiKey) {
        headers['x-api-key'] = config.apiKey;
        if (options.as) headers['x-user-id'] = options.as;
      } else if (options.as) {
        headers.authorization = `Bearer ${await app.token(options.as)}`;
      }
      const query = typeof document === 'string' ? document : print(document);
      const response = await server.yoga.fetch('http://parley.test/graphql', {
        method: 'POST',
        headers,
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as ExecutionResult<never>;
    },
    async data(document, variables, options) {
      const result = await app.request(document, variables, options);
      if (result.errors?.length) {
        throw new Error(`GraphQL errors: ${JSON.stringify(result.errors, null, 2)}`);
      }
      return result.data!;
    },
    async countSql(fn) {
      const stats = { statements: 0, log: [] as string[] };
      const result = await withSqlStats(stats, fn);
      return { result, stats };
    },
    async users(...ids) {
      for (const id of ids) {
        await app.data(
          'mutation ($input: UpsertUserInput!) { upsertUser(input: $input) { id } }',
          { input: { id, displayName: id[0]!.toUpperCase() + id.slice(1) } },
          { apiKey: true },
        );
      }
    },
    stop: () => server.stop(),
  };
  return app;
}

/** The codes of a result's errors, for assertions. */
export function errorCodes(result: ExecutionResult<unknown>): unknown[] {
  return (result.errors ?? []).map((e) => e.extensions?.code);
}
