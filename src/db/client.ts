// The database: Prisma Client 7 on PostgreSQL (DATABASE_URL) or on an embedded PGlite in a data
// folder. Migrations are applied at open, to either. Prisma is a module-level binding (set once
// at start), so services import it rather than carry it in the context.
import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaClient } from '../generated/prisma/client.ts';
import { applyMigrations } from './migrate.ts';
import { instrumentFactory } from './sql-stats.ts';
import { useSqlPGlite, useSqlPool } from './sql.ts';
import pg from 'pg';

export type { PrismaClient };
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

export interface Database {
  kind: 'postgres' | 'pglite';
  prisma: PrismaClient;
  close(): Promise<void>;
}

export type DatabaseOptions =
  | { url: string; poolSize?: number; migrate?: boolean }
  | { pglite: PGlite | string; migrate?: boolean };

/** The open database. Set by openDatabase(); services read it. */
export let prisma: PrismaClient = undefined as unknown as PrismaClient;

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
    if (options.migrate !== false) {
      await applyMigrations(new PrismaPg(config, schema ? { schema } : undefined) as unknown as SqlMigrationAwareDriverAdapterFactory);
    }
    // one pool: Prisma's adapter and the hand-written reads share it
    const pool = new pg.Pool({ ...config, ...(schema ? { options: `-c search_path=${schema}` } : {}) });
    const client = new PrismaClient({ adapter: instrumentFactory(new PrismaPg(pool, schema ? { schema } : undefined)) });
    useSqlPool(pool);
    database = {
      kind: 'postgres',
      prisma: client,
      close: async () => {
        await client.$disconnect();
        if (!pool.ended) await pool.end();
      },
    };
  } else {
    let pglite: PGlite;
    if (typeof options.pglite === 'string') {
      fs.mkdirSync(options.pglite, { recursive: true });
      pglite = new PGlite(options.pglite);
    } else {
      pglite = options.pglite;
    }
    const factory = new PrismaPGlite(pglite);
    if (options.migrate !== false) await applyMigrations(factory);
    const client = new PrismaClient({ adapter: instrumentFactory(factory) });
    useSqlPGlite(pglite);
    database = {
      kind: 'pglite',
      prisma: client,
      close: async () => {
        await client.$disconnect();
        if (!pglite.closed) await pglite.close();
      },
    };
  }
  prisma = database.prisma;
  return database;
}
