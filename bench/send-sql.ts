// SQL statements one sendMessage costs, counted in-process, with each statement's text
// (SQL_LOG=1), to the
// sender's first conversation or their largest (LARGEST=1). The send's budget: one statement (issue 17).
import { withSqlStats } from '../src/db/sql-stats.ts';
import { databaseUrl } from './lib/env.ts';
import { withInProcessServer } from './lib/in-process.ts';
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
  return withInProcessServer(async (server) => {
    const send = () => server.request(sender, sendMutation, { input: { conversationId: rows[0]!.id, body: 'counted' } });
    // warm: the user is known, caches are filled, the statement is prepared (and past the runs
    // after which PostgreSQL may plan it generically: WARM=10)
    for (let i = 0; i < Number(process.env.WARM ?? 1); i++) await send();
    const stats = { statements: 0, log: [] as string[] };
    await withSqlStats(stats, send);
    return stats;
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { statements, log } = await measureSendSql();
  console.log({ statements });
  if (process.env.SQL_LOG) console.log(log.join('\n---\n'));
  process.exit(0);
}
