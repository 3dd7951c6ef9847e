// The database: Prisma Client 7 on PostgreSQL (DATABASE_URL) or on an embedded PGlite in a data
// folder, with a runner for hand-written statements beside it. Migrations are applied at open, to
// either. Each server owns the database it opened (or was given); nothing here is shared.
// The embedded database and the migration engine are loaded only when used: a server on
// PostgreSQL whose migrations are applied never loads either (README "Memory").
import fs from 'node:fs';
import type { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaClient } from '../generated/prisma/client.ts';
import { migrationsUpToDate } from './migration-state.ts';
import { migrationsDir } from './migrations-dir.ts';
import { instrumentFactory } from './sql-stats.ts';
import { pgliteRunner, poolRunner, runWith, type Runner, type Statement } from './sql.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import pg from 'pg';

export type { PrismaClient };
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

export interface Database {
  kind: 'postgres' | 'pglite';
  prisma: PrismaClient;
  /** a hand-written statement, outside any transaction */
  /** a hand-written statement (a Prisma.Sql, or a prepared one: sql/prepared.ts) */
  select<T>(sql: Statement): Promise<T[]>;
  close(): Promise<void>;
}

/** Either an open database or a transaction of it: where a statement runs. */
export type Queryable = Database | Tx;

/** Runs a hand-written statement on a database, or inside a transaction. */
export function query<T>(on: Queryable, sql: Prisma.Sql): Promise<T[]> {
  return 'select' in on ? on.select<T>(sql) : (on as Tx).$queryRaw<T[]>(sql);
}

type DatabaseOptions = { url: string; poolSize?: number; migrate?: boolean } | { pglite: PGlite | string; migrate?: boolean };

/** pg connection settings as discrete fields (a connectionString would override `database`). */
function pgConfig(url: string, max?: number) {
  const u = new URL(url);
  return {
    host: u.hostname || '127.0.0.1',
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username) || undefined,
    password: decodeURIComponent(u.password) || undefined,
    database: decodeURIComponent(u.pathname.slice(1)) || 'postgres',
    max,
  };
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  let database: Database;
  if ('url' in options) {
    const schema = new URL(options.url).searchParams.get('schema') ?? undefined;
    const config = pgConfig(options.url, options.poolSize);
    // one pool: Prisma's adapter and the hand-written reads share it
    const pool = new pg.Pool({ ...config, ...(schema ? { options: `-c search_path=${schema}` } : {}) });
    if (options.migrate !== false && !(await migrationsUpToDate(async (text) => (await pool.query(text)).rows, migrationsDir))) {
      const { applyMigrations } = await import('./migrate.ts');
      await applyMigrations(new PrismaPg(config, schema ? { schema } : undefined) as unknown as SqlMigrationAwareDriverAdapterFactory);
    }
    const client = new PrismaClient({ adapter: instrumentFactory(new PrismaPg(pool, schema ? { schema } : undefined)) });
    const runner: Runner = poolRunner(pool);
    database = {
      kind: 'postgres',
      prisma: client,
      select: (sql) => runWith(runner, sql),
      close: async () => {
        await client.$disconnect();
        if (!pool.ended) await pool.end();
      },
    };
  } else {
    let pglite: PGlite;
    if (typeof options.pglite === 'string') {
      fs.mkdirSync(options.pglite, { recursive: true });
      const { PGlite } = await import('@electric-sql/pglite');
      pglite = new PGlite(options.pglite);
    } else {
      pglite = options.pglite;
    }
    const { PrismaPGlite } = await import('pglite-prisma-adapter');
    const factory = new PrismaPGlite(pglite);
    if (options.migrate !== false && !(await migrationsUpToDate(async (text) => (await pglite.query<never>(text)).rows, migrationsDir))) {
      const { applyMigrations } = await import('./migrate.ts');
      await applyMigrations(factory);
    }
    const client = new PrismaClient({ adapter: instrumentFactory(factory) });
    const runner: Runner = pgliteRunner(pglite);
    database = {
      kind: 'pglite',
      prisma: client,
      select: (sql) => runWith(runner, sql),
      close: async () => {
        await client.$disconnect();
        if (!pglite.closed) await pglite.close();
      },
    };
  }
  return database;
}
