// The bench suite itself, small (PostgreSQL + Redis suite): the seed, and each measure but the
// PostGraphile comparison (which installs PostGraphile), run end to end on a tiny data set, so a
// change that breaks a measure (a refused send, a lost delivery, a stuck socket) fails here, not
// in the next `npm run bench`. No figure is judged: speed is for `npm run bench`.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminUrl } from './helpers/pg-urls.ts';

const enabled = !!process.env.TEST_DATABASE_URL;

describe.runIf(enabled)('the bench suite on a small data set', () => {
  const database = `parley_bench_smoke_${randomBytes(4).toString('hex')}`;
  let bench: {
    sql: typeof import('../bench/sql-per-request.ts');
    send: typeof import('../bench/send.ts');
    fanout: typeof import('../bench/fanout.ts');
    memory: typeof import('../bench/memory.ts');
    inbox: typeof import('../bench/inbox.ts');
    env: typeof import('../bench/lib/env.ts');
  };

  beforeAll(async () => {
    // read by bench/lib/env.ts when it loads
    process.env.BENCH_DATABASE = database;
    process.env.BENCH_ADMIN_URL = adminUrl(process.env.TEST_DATABASE_URL!);
    process.env.BENCH_RSS_READINGS = '1';
    const { seed } = await import('../bench/seed.ts');
    const summary = await seed({ users: 600, conversations: 1000, messages: 5000 });
    expect(summary.messages).toBe(5000);
    bench = {
      sql: await import('../bench/sql-per-request.ts'),
      send: await import('../bench/send.ts'),
      fanout: await import('../bench/fanout.ts'),
      memory: await import('../bench/memory.ts'),
      inbox: await import('../bench/inbox.ts'),
      env: await import('../bench/lib/env.ts'),
    };
  }, 120_000);

  afterAll(async () => {
    const admin = new pg.Client(adminUrl(process.env.TEST_DATABASE_URL!));
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.end();
  });

  it("counts PostgreSQL's CPU of a backend that ended within the phase", async () => {
    const { postgresCpuMs, cpuMsOf, databaseUrl } = bench.env;
    const before = postgresCpuMs();
    const client = new pg.Client(databaseUrl());
    await client.connect();
    const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    await client.query('SELECT count(*) FROM generate_series(1, 3000000)');
    const spent = cpuMsOf(pid);
    expect(spent).toBeGreaterThan(50);
    await client.end();
    // the postmaster reaps the backend: its time moves to the postmaster's children's time
    const gone = Date.now() + 10_000;
    while (existsSync(`/proc/${pid}`) && Date.now() < gone) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(existsSync(`/proc/${pid}`)).toBe(false);
    // other backends only add to the difference; a clock tick (10 ms) of rounding is allowed
    expect(postgresCpuMs() - before).toBeGreaterThanOrEqual(spent - 10);
  }, 30_000);

  it('counts the SQL statements of the inbox at 10, 100 and 500 conversations', async () => {
    const { statements } = await bench.sql.measureSqlPerRequest();
    expect(Object.keys(statements).sort()).toEqual(['10', '100', '500']);
    expect(statements[500]).toBe(statements[10]);
    expect(statements[10]).toBeGreaterThan(0);
  }, 60_000);

  it('measures sends against the yoga floor and raw inserts with no refused send', async () => {
    const results = await bench.send.measureSend(1);
    expect(results.map((r) => r.concurrency)).toEqual([8, 32]);
    // the floor runs where all four pools fit PostgreSQL's connections: at 8, not at 32
    expect(results.map((r) => !!r.floor)).toEqual([true, false]);
    for (const { parley, floor, raw } of results) {
      expect(parley.errors).toBe(0);
      expect(parley.requestsPerSecond).toBeGreaterThan(0);
      if (floor) {
        // the floor answers Parley's own request text with good answers
        expect(floor.errors).toBe(0);
        expect(floor.requestsPerSecond).toBeGreaterThan(0);
        expect(floor.cpuMsPerOp).toBeGreaterThan(0);
      }
      expect(raw.requestsPerSecond).toBeGreaterThan(0);
      // PostgreSQL's share is read from its processes: every write costs it some CPU
      expect(parley.dbCpuMsPerOp).toBeGreaterThan(0);
      expect(raw.dbCpuMsPerOp).toBeGreaterThan(0);
    }
  }, 120_000);

  it('measures the inbox curve at a page every user fills', async () => {
    const points = await bench.inbox.measureInboxCurve(1, 10);
    expect(points.map((p) => p.conversations)).toEqual([10, 100, 500]);
    for (const point of points) {
      expect(point.bad).toBe(0);
      expect(point.page).toBe(10);
      expect(point.rows).toBe(10);
      expect(point.p50).toBeGreaterThanOrEqual(0);
      expect(Number.isFinite(point.dbCpuMsPerOp)).toBe(true);
    }
  }, 120_000);

  it('fans out to every subscriber, Parley and the raw broadcast alike, losing nothing', async () => {
    const [result] = await bench.fanout.measureFanout([50], { warmSends: 0 });
    expect(result!.parley.lost).toBe(0);
    expect(result!.raw.lost).toBe(0);
    expect(result!.parley.deliveriesPerSecond).toBeGreaterThan(0);
  }, 180_000);

  it('measures the memory of idle subscriptions once each has answered', async () => {
    const result = await bench.memory.measureMemory(2, 10);
    expect(result.subscriptions).toBe(20);
    expect(Number.isFinite(result.bytesPerSubscription)).toBe(true);
    expect(result.pingRounds).toBeGreaterThanOrEqual(1);
  }, 120_000);
});
