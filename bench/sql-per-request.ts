// SQL statements per request: the inbox query for users with 10, 100 and 500 conversations. The
// count must stay flat as the inbox grows (no N+1). Runs the server in-process to count.
import { buildServer } from '../src/server.ts';
import { testConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/client.ts';
import { openPubSub } from '../src/live/pubsub.ts';
import { createLogger } from '../src/logger.ts';
import { withSqlStats } from '../src/db/sql-stats.ts';
import { databaseUrl, secret, apiKey, token } from './lib/env.ts';
import { inboxQuery } from './lib/queries.ts';
import { inboxUsers } from './seed.ts';

export interface SqlPerRequest {
  statements: Record<number, number>;
}

export async function measureSqlPerRequest(): Promise<SqlPerRequest> {
  const database = await openDatabase({ url: databaseUrl(), migrate: false });
  const pubsub = await openPubSub();
  const server = await buildServer(testConfig({ authSecret: secret, apiKey, port: 0 }), {
    database,
    pubsub,
    logger: createLogger('silent'),
  });
  const statements: Record<number, number> = {};
  try {
    for (const [size, user] of Object.entries(inboxUsers)) {
      const authorization = `Bearer ${await token(user)}`;
      const run = async () => {
        const response = await server.yoga.fetch('http://bench/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization },
          body: JSON.stringify({ query: inboxQuery }),
        });
        const body = (await response.json()) as { errors?: unknown };
        if (body.errors) throw new Error(JSON.stringify(body.errors));
      };
      await run(); // warm: the user is known, caches are filled
      const stats = { statements: 0, log: [] as string[] };
      await withSqlStats(stats, run);
      statements[Number(size)] = stats.statements;
      if (process.env.SQL_LOG) console.log(stats.log.map((s) => s.slice(0, 200)).join('\n---\n'));
    }
  } finally {
    await server.stop();
  }
  return { statements };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await measureSqlPerRequest());
  process.exit(0);
}
