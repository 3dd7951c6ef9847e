// SQL statements per request: the inbox query for users with 10, 100 and 500 conversations. The
// count must stay flat as the inbox grows (no N+1). Runs the server in-process to count.
import { withSqlStats } from '../src/db/sql-stats.ts';
import { withInProcessServer } from './lib/in-process.ts';
import { inboxQuery } from './lib/queries.ts';
import { inboxUsers } from './seed.ts';

export interface SqlPerRequest {
  statements: Record<number, number>;
}

export async function measureSqlPerRequest(): Promise<SqlPerRequest> {
  const statements: Record<number, number> = {};
  await withInProcessServer(async (server) => {
    for (const [size, user] of Object.entries(inboxUsers)) {
      const run = () => server.request(user, inboxQuery);
      await run(); // warm: the user is known, caches are filled
      const stats = { statements: 0, log: [] as string[] };
      await withSqlStats(stats, run);
      statements[Number(size)] = stats.statements;
      if (process.env.SQL_LOG) console.log(stats.log.map((s) => s.slice(0, 200)).join('\n---\n'));
    }
  });
  return { statements };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await measureSqlPerRequest());
  process.exit(0);
}
