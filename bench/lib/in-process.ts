// A Parley server built in this process on the bench database, for measures that count what one
// request does inside the server (SQL statements) rather than time it over HTTP.
import { buildServer } from '../../src/server.ts';
import { testConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/db/client.ts';
import { openPubSub } from '../../src/live/pubsub.ts';
import { createLogger } from '../../src/logger.ts';
import { databaseUrl, secret, apiKey, token } from './env.ts';

export interface InProcessServer {
  /** POSTs one GraphQL operation as `userId`; throws on any GraphQL error. */
  request(userId: string, query: string, variables?: Record<string, unknown>): Promise<void>;
}

/** Runs `work` against a fresh in-process server and stops the server afterwards. */
export async function withInProcessServer<T>(work: (server: InProcessServer) => Promise<T>): Promise<T> {
  const database = await openDatabase({ url: databaseUrl(), migrate: false });
  const logger = createLogger('silent');
  const pubsub = await openPubSub(logger);
  const server = await buildServer(testConfig({ authSecret: secret, apiKey, port: 0 }), { database, pubsub, logger });
  try {
    return await work({
      async request(userId, query, variables) {
        const response = await server.yoga.fetch('http://bench/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${await token(userId)}` },
          body: JSON.stringify({ query, variables }),
        });
        const body = (await response.json()) as { errors?: unknown };
        if (body.errors) throw new Error(JSON.stringify(body.errors));
      },
    });
  } finally {
    await server.stop();
  }
}
