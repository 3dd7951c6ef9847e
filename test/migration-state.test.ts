// A start on an up-to-date database skips the migration engine (src/db/migration-state.ts): the
// shortcut must never skip a migration that is pending, changed or failed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { migrationsUpToDate } from '../src/db/migration-state.ts';
import { migrationsDir } from '../src/db/migrations-dir.ts';

const db = new PGlite();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-migrations-'));
afterAll(async () => {
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
const select = async (sql: string) => (await db.query<{ migration_name: string; checksum: string }>(sql)).rows;

it('answers up to date only when every migration is applied with its checksum', async () => {
  fs.cpSync(migrationsDir, dir, { recursive: true });
  // a new database: no _prisma_migrations table
  expect(await migrationsUpToDate(select, dir)).toBe(false);

  const { applyMigrations } = await import('../src/db/migrate.ts');
  const { PrismaPGlite } = await import('pglite-prisma-adapter');
  await applyMigrations(new PrismaPGlite(db), dir);
  expect(await migrationsUpToDate(select, dir)).toBe(true);

  // a new migration is pending
  fs.mkdirSync(path.join(dir, '29991231000000_later'));
  fs.writeFileSync(path.join(dir, '29991231000000_later', 'migration.sql'), 'CREATE TABLE later_one (id int);\n');
  expect(await migrationsUpToDate(select, dir)).toBe(false);
  await applyMigrations(new PrismaPGlite(db), dir);
  expect(await migrationsUpToDate(select, dir)).toBe(true);

  // an applied migration edited since: the engine must see it
  fs.appendFileSync(path.join(dir, '29991231000000_later', 'migration.sql'), '-- edited\n');
  expect(await migrationsUpToDate(select, dir)).toBe(false);
  fs.writeFileSync(path.join(dir, '29991231000000_later', 'migration.sql'), 'CREATE TABLE later_one (id int);\n');

  // a failed one (not finished) is not applied
  await db.query(`UPDATE _prisma_migrations SET finished_at = NULL WHERE migration_name = '29991231000000_later'`);
  expect(await migrationsUpToDate(select, dir)).toBe(false);
});
