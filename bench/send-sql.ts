// SQL statements one sendMessage costs, counted in-process, with each statement's text
// (SQL_LOG=1), to the
// sender's first conversation or their largest (LARGEST=1). The send's budget: one statement (issue 17).
import { buildServer } from '../src/server.ts';
import { testConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/client.ts';
import { openPubSub } from '../src/live/pubsub.ts';
import { createLogger } from '../src/logger.ts';
import { withSqlStats } from '../src/db/sql-stats.ts';
import { databaseUrl, secret, apiKey, token } from './lib/env.ts';
import { sendMutation } from './lib/queries.ts';
import { sender } from './seed.ts';
import pg from 'pg';

export async function measureSendSql(): Promise<{ statements: number; log: string[] }> {
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  const { rows } = await client.query<{ id: string }>(
    `SELECT c.id FROM members m JOIN conversations c ON c.id = m.conversation_id
      WHERE m.user_id = $1 AND m.left_at IS NULL ORDER BY ${process.env.LARGEST ? 'c.member_count DESC' : 'c.id'} LIMIT 1`,
    [sender],
  );
  await client.end();
  const database = await openDatabase({ url: databaseUrl(), migrate: false });
  const pubsub = await openPubSub();
  const server = await buildServer(testConfig({ authSecret: secret, apiKey, port: 0 }), {
    database,
    pubsub,
    logger: createLogger('silent'),
  });
  try {
    const authorization = `Bearer ${await token(sender)}`;
    const send = async () => {
      const response = await server.yoga.fetch('http://bench/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify({ query: sendMutation, variables: { input: { conversationId: rows[0]!.id, body: 'counted' } } }),
      });
      const body = (await response.json()) as { errors?: unknown };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
    };
    // warm: the user is known, caches are filled, the statement is prepared (and past the runs
    // after which PostgreSQL may plan it generically: WARM=10)
    for (let i = 0; i < Number(process.env.WARM ?? 1); i++) await send();
    const stats = { statements: 0, log: [] as string[] };
    await withSqlStats(stats, send);
    return stats;
  } finally {
    await server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { statements, log } = await measureSendSql();
  console.log({ statements });
  if (process.env.SQL_LOG) console.log(log.join('\n---\n'));
  process.exit(0);
}
