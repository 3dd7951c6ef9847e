// Hand-written statements without Prisma's row mapping: straight to pg (or PGlite), for the hot
// paths (lists, loaders, live feeds, the one-statement send). Each open database has its own
// runner. Rows come back in the shape Prisma's models have (see columns.ts), with timestamps as
// UTC Dates.
import type { PGlite } from '@electric-sql/pglite';
import { createHash } from 'node:crypto';
import pg from 'pg';
import { recordStatement } from './sql-stats.ts';

/** The text form's own reading: the fallback for what the quick path does not take. */
const parseTimestampText = (value: string) => new Date(`${value.replace(' ', 'T')}Z`);

const digit = (value: string, at: number) => value.charCodeAt(at) - 48;
const number2 = (value: string, at: number) => digit(value, at) * 10 + digit(value, at + 1);

/**
 * Prisma stores `timestamp(3)` as UTC wall time: read it back as UTC, not local time. PostgreSQL
 * writes it as `YYYY-MM-DD HH:MM:SS[.f{1,6}]` (trailing zeros of the fraction dropped); that shape
 * is read digit by digit, with no string built, since an inbox page reads ~260 of them and the
 * text route (replace, template, Date's own parser) showed in its allocation profile. Anything else
 * (BC dates, years past 9999, infinity) takes the text route.
 */
export function parseTimestamp(value: string): Date {
  const length = value.length;
  const shaped =
    length >= 19 &&
    length <= 26 &&
    value.charCodeAt(4) === 45 && // -
    value.charCodeAt(7) === 45 &&
    value.charCodeAt(10) === 32 && // space
    value.charCodeAt(13) === 58 && // :
    value.charCodeAt(16) === 58 &&
    (length === 19 || value.charCodeAt(19) === 46); // .
  // Date.UTC reads years 0 to 99 as 1900 to 1999
  if (!shaped || value.charCodeAt(0) === 48) return parseTimestampText(value);
  // the fraction must be digits to the end (a BC date carries " BC" after it)
  for (let at = 20; at < length; at++) if (digit(value, at) < 0 || digit(value, at) > 9) return parseTimestampText(value);
  let millis = 0;
  for (let at = 20, scale = 100; at < length && at < 23; at++, scale /= 10) millis += digit(value, at) * scale;
  const time = Date.UTC(
    number2(value, 0) * 100 + number2(value, 2),
    number2(value, 5) - 1,
    number2(value, 8),
    number2(value, 11),
    number2(value, 14),
    number2(value, 17),
    millis,
  );
  return Number.isNaN(time) ? parseTimestampText(value) : new Date(time);
}
const timestampOid = 1114;
const timestampArrayOid = 1115;

/** Dates are sent as UTC wall time, as Prisma writes them. */
function toParams(values: unknown[]): unknown[] {
  return values.map((v) => (v instanceof Date ? v.toISOString().replace('T', ' ').replace('Z', '') : v));
}

/** Runs one statement outside any transaction. */
export type Runner = <T>(text: string, values: unknown[]) => Promise<T[]>;

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
function statementNamer(): (text: string) => string {
  const names = new Map<string, string>();
  return (text) => {
    let name = names.get(text);
    if (!name) {
      name = `parley_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
      if (names.size < 5_000) names.set(text, name);
    }
    return name;
  };
}

export function poolRunner(pool: pg.Pool): Runner {
  const statementName = statementNamer();
  return async <T>(text: string, values: unknown[]) =>
    (await pool.query({ name: statementName(text), text, values: toParams(values), types: pgTypes as never })).rows as T[];
}

export function pgliteRunner(pglite: PGlite): Runner {
  return async <T>(text: string, values: unknown[]) =>
    (await pglite.query<T>(text, toParams(values), { parsers: { [timestampOid]: parseTimestamp } })).rows;
}

/** What a database runs: the text with $n placeholders and their values (a Prisma.Sql is one). */
export interface Statement {
  readonly text: string;
  readonly values: unknown[];
}

/** Runs `sql` with `runner`, counted by sql-stats. */
export function runWith<T>(runner: Runner, sql: Statement): Promise<T[]> {
  // Prisma builds `text` anew on every read: read it once
  const text = sql.text;
  recordStatement(text);
  return runner<T>(text, sql.values);
}
