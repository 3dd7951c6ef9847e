// Timestamps read back from the database (src/db/sql.ts parseTimestamp): the quick digit-by-digit
// reading must give the same instant as the text route it replaced, for every shape PostgreSQL
// writes, and hand anything else to that route.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma } from '../src/generated/prisma/client.ts';
import { parseTimestamp } from '../src/db/sql.ts';
import { arrayReader, jsonArray, userColumns } from '../src/db/columns.ts';
import { openTestDatabase } from './helpers/database.ts';
import type { Database } from '../src/db/client.ts';

/** What every timestamp was read with before: the text form's own parse, as UTC. */
const textRoute = (value: string) => new Date(`${value.replace(' ', 'T')}Z`);

/** A timestamp written as PostgreSQL writes `timestamp(3)`: the fraction without trailing zeros. */
function asPostgresWrites(date: Date): string {
  const iso = date.toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
  const fraction = iso.slice(20, 23).replace(/0+$/, '');
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction ? `.${fraction}` : ''}`;
}

// a seeded generator (xorshift32): the same cases on every run
function* instants(count: number): Generator<Date> {
  let state = 20261130;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const from = Date.UTC(100, 0, 1);
  const to = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
  for (let i = 0; i < count; i++) {
    const at = from + Math.floor(next() * (to - from));
    // two in three on a whole second or a tenth, where PostgreSQL drops the fraction's zeros
    yield new Date(i % 3 === 0 ? at - (at % 1000) : i % 3 === 1 ? at - (at % 100) : at);
  }
}

describe('timestamps read from the database', () => {
  it('reads every shape PostgreSQL writes as the text route does', () => {
    const seen = new Set<number>();
    for (const date of instants(20_000)) {
      seen.add(date.getTime());
      const text = asPostgresWrites(date);
      expect(parseTimestamp(text).getTime(), text).toBe(date.getTime());
      expect(parseTimestamp(text).getTime(), text).toBe(textRoute(text).getTime());
    }
    expect(seen.size).toBeGreaterThan(19_900);
    for (const text of [
      '2026-11-30 21:04:33',
      '2026-11-30 21:04:33.5',
      '2026-11-30 21:04:33.05',
      '2026-02-28 23:59:59.999',
      '2024-02-29 00:00:00.001',
    ]) {
      expect(parseTimestamp(text).getTime(), text).toBe(textRoute(text).getTime());
    }
  });

  it('reads six fraction digits to the millisecond, as the text route does', () => {
    for (const text of ['2026-11-30 21:04:33.123456', '2026-11-30 21:04:33.999999', '2026-11-30 21:04:33.0001']) {
      expect(parseTimestamp(text).getTime(), text).toBe(textRoute(text).getTime());
    }
  });

  it('hands what it does not know to the text route', () => {
    for (const text of [
      '0099-05-01 10:00:00',
      '0001-01-01 00:00:00',
      'infinity',
      '-infinity',
      '2000-01-01 00:00:00 BC',
      '2000-01-01 00:00:00.5 BC',
      '1999-12-31 23:59:59.123 BC',
      '12345-01-01 00:00:00',
      '2026-11-30T21:04:33',
    ]) {
      const quick = parseTimestamp(text).getTime();
      const slow = textRoute(text).getTime();
      expect(Number.isNaN(quick) ? 'invalid' : quick, text).toBe(Number.isNaN(slow) ? 'invalid' : slow);
    }
  });

  describe('through the database', () => {
    let database: Database;
    beforeAll(async () => {
      database = await openTestDatabase();
    });
    afterAll(async () => {
      await database.close();
    });

    it('gives back the instant that was stored, fraction or none', async () => {
      const dates = [...instants(200)];
      const rows = await database.select<{ at: Date }>(
        Prisma.sql`SELECT (t.v)::timestamp(3) AS at FROM unnest(${dates.map(asPostgresWrites)}::text[]) WITH ORDINALITY AS t(v, i) ORDER BY t.i`,
      );
      expect(rows.map((r) => r.at.getTime())).toEqual(dates.map((d) => d.getTime()));
    });

    it('gives rows nested as JSON arrays (epoch milliseconds) the instants their columns hold', async () => {
      // the inbox's nested rows (members, last messages, their users) carry timestamps as numbers
      // computed in SQL; the same rows read as columns take the text route above
      const dates = [...instants(300), new Date(-1), new Date(0), new Date(-86_400_001), new Date(Date.UTC(2026, 11, 1, 6, 0, 0, 999))];
      const ids = dates.map((_, i) => `ts_${i}`);
      await database.prisma.$executeRaw(
        Prisma.sql`INSERT INTO users (id, created_at, updated_at, last_seen_at)
                   SELECT t.id, t.at::timestamp(3), t.at::timestamp(3), t.at::timestamp(3)
                     FROM unnest(${ids}::text[], ${dates.map(asPostgresWrites)}::text[]) AS t(id, at)`,
      );
      const read = arrayReader<{ id: string; createdAt: Date; lastSeenAt: Date }>('user');
      const nested = await database.select<{ row: unknown[] }>(
        Prisma.sql`SELECT ${jsonArray('user', 'u')} AS row FROM users u WHERE u.id = ANY(${ids}::text[]) ORDER BY u.id`,
      );
      const columns = await database.select<{ id: string; createdAt: Date; lastSeenAt: Date }>(
        Prisma.sql`SELECT ${userColumns('u')} FROM users u WHERE u.id = ANY(${ids}::text[]) ORDER BY u.id`,
      );
      expect(nested).toHaveLength(dates.length);
      const byId = new Map(dates.map((d, i) => [ids[i], d.getTime()]));
      nested.forEach(({ row }, i) => {
        const user = read(row);
        expect(user.id).toBe(columns[i]!.id);
        expect([user.createdAt.getTime(), user.lastSeenAt.getTime()], user.id).toEqual([byId.get(user.id), byId.get(user.id)]);
        expect(user.createdAt.getTime(), user.id).toBe(columns[i]!.createdAt.getTime());
      });
    });
  });
});
