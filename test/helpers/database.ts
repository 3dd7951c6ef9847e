// A fresh database for one test file, copied from the run's migrated template.
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { adminUrl, databaseUrl } from './pg-urls.ts';

export const usingPostgres = !!process.env.TEST_DATABASE_URL;

export async function openTestDatabase(): Promise<Database & { url?: string }> {
  const url = process.env.TEST_DATABASE_URL;
  const template = inject('pgTemplate');
  if (url && template) {
    const name = `parley_test_${inject('runId')}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client(adminUrl(url));
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
    } finally {
      await admin.end();
    }
    const dbUrl = databaseUrl(url, name);
    const database = await openDatabase({ url: dbUrl, migrate: false, poolSize: 10 });
    return {
      ...database,
      url: dbUrl,
      close: async () => {
        await database.close();
        const drop = new pg.Client(adminUrl(url));
        await drop.connect();
        try {
          // pool.end() resolves while its last connections may still be saying goodbye; a forced
          // drop then would hit them with 57P01, which nothing listens for any more
          for (let i = 0; i < 100; i++) {
            const { rows } = await drop.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
            if (rows[0]!.n === 0) break;
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
          await drop.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        } finally {
          await drop.end();
        }
      },
    };
  }
  const file = inject('pgliteTemplate');
  if (!file) throw new Error('the global setup made no template database');
  const pglite = new PGlite({ loadDataDir: new Blob([fs.readFileSync(file)]) });
  return openDatabase({ pglite, migrate: false });
}
