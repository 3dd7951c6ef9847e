// Hand-written reads without Prisma's row mapping: straight to pg (or PGlite), for the hot read
// paths (lists, loaders, live feeds). Writes and transactions stay with Prisma. Rows come back in
// the shape Prisma's models have (see columns.ts), with timestamps as UTC Dates.
import type { PGlite } from '@electric-sql/pglite';
import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Prisma } from '../generated/prisma/client.ts';
import { recordStatement } from './sql-stats.ts';

/** Prisma stores `timestamp(3)` as UTC wall time: read it back as UTC, not local time. */
const parseTimestamp = (value: string) => new Date(`${value.replace(' ', 'T')}Z`);
const timestampOid = 1114;
const timestampArrayOid = 1115;

/** Dates are sent as UTC wall time, as Prisma writes them. */
function toParams(values: unknown[]): unknown[] {
  return values.map((v) => (v instanceof Date ? v.toISOString().replace('T', ' ').replace('Z', '') : v));
}

type Runner = <T>(text: string, values: unknown[]) => Promise<T[]>;
let runner: Runner | undefined;

const pgTypes = {
  getTypeParser: (oid: number, format?: string) => {
    if (oid === timestampOid) return parseTimestamp;
    if (oid === timestampArrayOid) {
      const parseArray = pg.types.getTypeParser(1009 as never, 'text') as (v: string) => (string | null)[];
      return (value: string) => parseArray(value).map((s) => (s === null ? null : parseTimestamp(s)));
    }
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

/**
 * Statements are prepared once per connection (named by their text): the hot reads are few and
 * fixed in shape, and planning them again on every call costs more than running some of them.
 */
const statementNames = new Map<string, string>();
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `parley_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    if (statementNames.size < 5_000) statementNames.set(text, name);
  }
  return name;
}

export function useSqlPool(pool: pg.Pool): void {
  runner = async <T>(text: string, values: unknown[]) =>
    (await pool.query({ name: statementName(text), text, values: toParams(values), types: pgTypes as never })).rows as T[];
}

export function useSqlPGlite(pglite: PGlite): void {
  runner = async <T>(text: string, values: unknown[]) =>
    (await pglite.query<T>(text, toParams(values), { parsers: { [timestampOid]: parseTimestamp } })).rows;
}

/** Runs one read outside any transaction. */
export async function select<T>(sql: Prisma.Sql): Promise<T[]> {
  if (!runner) throw new Error('no database is open');
  recordStatement(sql.text);
  return runner<T>(sql.text, sql.values);
}
