// Statements built once per shape (src/sql/prepared.ts): the inbox's is built by the same
// builders for every request, so the cache must hand each request its own values, never freeze a
// value a builder took for itself, and build afresh when a shape says it cannot be shared.
import { describe, expect, it } from 'vitest';
import { Prisma } from '../src/generated/prisma/client.ts';
import { KeptTexts, PreparedStatements, standIns } from '../src/sql/prepared.ts';
import { conversationListQuery } from '../src/sql/inbox.ts';

type Values = { viewer: string; now: Date; limit: number };
const stands = () => standIns<Values>({ viewer: 'text', now: 'other', limit: 'other' });

describe('prepared statements', () => {
  it('builds a shape once and binds each request its own values', () => {
    const prepared = new PreparedStatements<Values>(stands());
    let builds = 0;
    const build = (v: Values) => {
      builds++;
      return Prisma.sql`SELECT * FROM members WHERE user_id = ${v.viewer} AND updated_at < ${v.now} AND x <> ${'fixed'} LIMIT ${v.limit}`;
    };
    const t1 = new Date('2026-01-01T00:00:00Z');
    const t2 = new Date('2026-02-01T00:00:00Z');
    const a = prepared.statement('shape', { viewer: 'ann', now: t1, limit: 5 }, build);
    const b = prepared.statement('shape', { viewer: 'bob', now: t2, limit: 9 }, build);
    expect(builds).toBe(1);
    expect(b.text).toBe(a.text);
    expect(a.values).toEqual(['ann', t1, 'fixed', 5]);
    expect(b.values).toEqual(['bob', t2, 'fixed', 9]);
  });

  it('refuses a statement holding a time the builder took for itself', () => {
    const prepared = new PreparedStatements<Values>(stands());
    expect(() =>
      prepared.statement('shape', { viewer: 'ann', now: new Date(), limit: 1 }, (v) => Prisma.sql`SELECT ${v.viewer}, ${new Date()}`),
    ).toThrow(/time of its own/);
  });

  it('refuses a stand-in inside a value, which would reach the database as it is', () => {
    const prepared = new PreparedStatements<Values>(stands());
    expect(() =>
      prepared.statement('shape', { viewer: 'ann', now: new Date(), limit: 1 }, (v) => Prisma.sql`SELECT ${[v.viewer, 'bob']}::text[]`),
    ).toThrow(/value of its own/);
  });

  it('builds with the actual values when the shape is null', () => {
    const prepared = new PreparedStatements<Values>(stands());
    const now = new Date();
    const statement = prepared.statement(null, { viewer: 'ann', now, limit: 3 }, (v) => Prisma.sql`SELECT ${[v.viewer]}::text[], ${v.now}`);
    expect(statement.values).toEqual([['ann'], now]);
  });

  it('keeps at most its size of shapes', () => {
    const prepared = new PreparedStatements<Values>(stands(), 2);
    let builds = 0;
    const build = (v: Values) => (builds++, Prisma.sql`SELECT ${v.viewer}`);
    const values = { viewer: 'ann', now: new Date(), limit: 1 };
    for (const shape of ['a', 'b', 'c', 'a']) prepared.statement(shape, values, build);
    expect(builds).toBe(4); // 'a' was dropped for 'c'
  });

  it('the inbox statement takes the viewer, the time and the page from the request alone', () => {
    // every rule of the inbox compiled with stand-ins: a fragment that took its own time or bound
    // the viewer inside another value would throw here
    type ListValues = { viewer: string; now: Date; at: Date; id: string; limit: number; offset: number };
    const prepared = new PreparedStatements<ListValues>(
      standIns<ListValues>({ viewer: 'text', now: 'other', at: 'other', id: 'text', limit: 'other', offset: 'other' }),
    );
    const include = { unreadCount: true, lastMessage: true, members: 6 };
    for (const filter of [{}, { onlyActive: true, tags: ['x'], category: 'c', memberIdsIncluded: ['bob'] }, { publicMode: true }]) {
      const now = new Date('2026-03-01T00:00:00Z');
      const at = new Date('2026-02-01T00:00:00Z');
      const statement = prepared.statement(JSON.stringify(filter), { viewer: 'ann', now, at, id: 'c1', limit: 26, offset: 0 }, (v) =>
        conversationListQuery(v.viewer, filter, 'UPDATED_AT_DESC', 100, v.now).page(
          { limit: v.limit, offset: v.offset, backward: false, cursor: { at: v.at, id: v.id } },
          include,
        ),
      );
      expect(statement.values).toContain('ann');
      // public discovery has no member row: no rule of it hangs on time
      if (!('publicMode' in filter)) expect(statement.values).toContain(now);
      expect(statement.values).toContain(at);
      expect(statement.values.some((v) => typeof v === 'string' && v.includes('\u0000'))).toBe(false);
      expect(statement.values.some((v) => typeof v === 'object' && v !== null && 'standIn' in v)).toBe(false);
    }
  });

  it('keeps the first text of a shape and binds each call its own values', () => {
    const kept = new KeptTexts(2);
    const build = (viewer: string) => Prisma.sql`SELECT * FROM members WHERE user_id = ${viewer}`;
    const first = build('ann');
    const a = kept.statement('s', first);
    const b = kept.statement('s', build('bob'));
    expect(b.text).toBe(first.text);
    expect(a.values).toEqual(['ann']);
    expect(b.values).toEqual(['bob']);
    // the oldest shape goes first past the size
    kept.statement('t', build('carol'));
    kept.statement('u', build('dave'));
    expect(kept.statement('s', Prisma.sql`SELECT ${'x'}`).text).toBe('SELECT $1');
  });
});
