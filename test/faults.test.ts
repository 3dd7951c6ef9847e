// Faults, with real processes (PostgreSQL + Redis suite): PostgreSQL restarted under load, Redis
// stopped and started, the server killed with SIGKILL during a burst of sends, and SIGTERM
// draining in-flight requests. PostgreSQL and Redis here are private instances on their own ports,
// started for this file, so stopping them leaves the machine's own servers alone.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../src/auth/identity.ts';
import { until, wsClient } from './helpers/ws.ts';
import { spawnParley } from './helpers/process.ts';
// private servers' ports: below the ephemeral range, where no connection's local end can take them
import { privatePort } from './helpers/ports.ts';

const secret = 'fault-tests-secret-fault-tests-secret-000';
const apiKey = 'fault-tests-api-key-0000';
const pgBin = fs.existsSync('/usr/lib/postgresql')
  ? fs
      .readdirSync('/usr/lib/postgresql')
      .map((v) => `/usr/lib/postgresql/${v}/bin`)
      .find((d) => fs.existsSync(`${d}/initdb`))
  : undefined;
const enabled = !!process.env.TEST_DATABASE_URL && !!process.env.REDIS_URL && !!pgBin && process.getuid?.() === 0;

/** Whether `probe` runs without throwing. */
async function succeeds(probe: () => unknown): Promise<boolean> {
  try {
    await probe();
    return true;
  } catch {
    return false;
  }
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) =>
    child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code)),
  );

/** A private PostgreSQL: its own data folder and port, stopped and started at will. */
class PrivatePostgres {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-fault-pg-'));
  port = 0;
  child: ChildProcess | null = null;
  get url() {
    return `postgresql://postgres@127.0.0.1:${this.port}/postgres`;
  }
  async init() {
    this.port = await privatePort();
    fs.chownSync(
      this.dir,
      Number(execFileSync('id', ['-u', 'postgres']).toString()),
      Number(execFileSync('id', ['-g', 'postgres']).toString()),
    );
    execFileSync('runuser', ['-u', 'postgres', '--', `${pgBin}/initdb`, '-D', this.dir, '-A', 'trust', '-U', 'postgres', '--no-sync'], {
      stdio: 'ignore',
    });
    await this.start();
  }
  async start() {
    this.child = spawn(
      'runuser',
      [
        '-u',
        'postgres',
        '--',
        `${pgBin}/postgres`,
        '-D',
        this.dir,
        '-p',
        String(this.port),
        '-k',
        this.dir,
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'fsync=off',
      ],
      {
        stdio: 'ignore',
      },
    );
    await until(
      () =>
        succeeds(async () => {
          const client = new pg.Client(this.url);
          await client.connect();
          await client.end();
        }),
      30_000,
      'PostgreSQL to accept connections',
    );
  }
  async stop() {
    const child = this.child!;
    // fast shutdown: ends every session
    execFileSync('runuser', ['-u', 'postgres', '--', `${pgBin}/pg_ctl`, '-D', this.dir, '-m', 'fast', '-w', 'stop'], { stdio: 'ignore' });
    await exited(child);
    this.child = null;
  }
  async destroy() {
    if (this.child) await this.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

class PrivateRedis {
  port = 0;
  child: ChildProcess | null = null;
  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }
  /** Starts Redis on its port (the same one again after a stop); fails with Redis's output if it does not stay up. */
  async start() {
    if (!this.port) this.port = await privatePort();
    const child = spawn('redis-server', ['--port', String(this.port), '--save', '', '--appendonly', 'no', '--bind', '127.0.0.1'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    let output = '';
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    // PONG from this process: a ping can also "succeed" on a socket connected to itself when nothing listens
    const pongs = () => {
      try {
        return (
          execFileSync('redis-cli', ['-p', String(this.port), 'ping'], { stdio: 'pipe' })
            .toString()
            .trim() === 'PONG'
        );
      } catch {
        return false;
      }
    };
    await until(() => child.exitCode !== null || pongs(), 10_000, 'Redis to answer').catch(() => {});
    if (child.exitCode !== null || !pongs()) {
      throw new Error(`the private Redis did not start on port ${this.port}:\n${output}`);
    }
  }
  async stop() {
    const child = this.child!;
    child.kill('SIGKILL');
    await exited(child);
    this.child = null;
  }
}

interface Instance {
  child: ChildProcess;
  url: string;
  /** what it has logged so far */
  output(): string;
}

async function startInstance(env: Record<string, string>): Promise<Instance> {
  const parley = spawnParley({
    NODE_ENV: 'production',
    PORT: '0',
    AUTH_SECRET: secret,
    API_KEY: apiKey,
    LOG_LEVEL: 'info',
    RATE_LIMIT_MUTATIONS: '0',
    ...env,
  });
  return { child: parley.child, url: await parley.url(30_000), output: parley.output };
}

async function call(instance: Instance, query: string, variables: Record<string, unknown>, as?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (as) headers.authorization = `Bearer ${await signToken(secret, as)}`;
  else headers['x-api-key'] = apiKey;
  const response = await fetch(instance.url, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(15_000),
  });
  return {
    status: response.status,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests read their answers loosely
    body: (await response.json()) as { data?: Record<string, any>; errors?: { message: string; extensions?: { code?: string } }[] },
  };
}

const send = 'mutation ($input: SendMessageInput!) { sendMessage(input: $input) { id seq } }';

/** An instance's readiness check, answered now. */
const ready = (instance: Instance) => fetch(instance.url.replace(/\/graphql$/, '/ready'));

/** Waits until the instance answers /ready with 200 (its checks reconnect on their own time). */
const untilReady = (instance: Instance) => until(async () => (await ready(instance)).status === 200, 30_000, 'Parley to be ready');

async function setUp(instance: Instance) {
  for (const id of ['alice', 'bob']) await call(instance, 'mutation ($id: ID!) { upsertUser(input: { id: $id }) { id } }', { id });
  const created = await call(
    instance,
    'mutation { createConversation(input: { title: "Faults", memberIds: ["bob"] }) { id } }',
    {},
    'alice',
  );
  return created.body.data!.createConversation.id as string;
}

describe.runIf(enabled)('faults', () => {
  const postgres = new PrivatePostgres();
  const redis = new PrivateRedis();

  beforeAll(async () => {
    await postgres.init();
    await redis.start();
  }, 120_000);

  afterAll(async () => {
    await postgres.destroy();
    if (redis.child) await redis.stop();
  }, 60_000);

  it('keeps serving across a PostgreSQL restart, failing cleanly while it is down', async () => {
    const parley = await startInstance({ DATABASE_URL: postgres.url });
    const conversationId = await setUp(parley);
    const ok = await call(parley, send, { input: { conversationId, body: 'before' } }, 'alice');
    expect(ok.body.errors).toBeUndefined();

    await postgres.stop();
    const down = await call(parley, send, { input: { conversationId, body: 'while down' } }, 'alice');
    expect(down.status).toBeLessThan(500);
    expect(down.body.errors![0]!.extensions!.code).toBe('INTERNAL_SERVER_ERROR');
    expect(JSON.stringify(down.body)).not.toMatch(/ECONNREFUSED|postgres|at .*\.ts/i);
    const notReady = await ready(parley);
    expect(notReady.status).toBe(503);

    await postgres.start();
    await until(
      async () => !(await call(parley, send, { input: { conversationId, body: 'after' } }, 'alice')).body.errors,
      30_000,
      'sends to succeed again',
    );
    // ready again (a check of its own: its connection may be another one of the pool's, not yet renewed)
    await untilReady(parley);
    expect(parley.child.exitCode).toBeNull();
    const bodies = (
      await call(
        parley,
        `query ($c: ID!) { messages(conversationId: $c, first: 50) { edges { node { body } } } }`,
        { c: conversationId },
        'alice',
      )
    ).body.data!.messages.edges.map((e: { node: { body: string } }) => e.node.body);
    expect(bodies).toContain('before');
    expect(bodies).not.toContain('while down');
    parley.child.kill('SIGKILL');
  }, 120_000);

  it('keeps HTTP working while Redis is down, and subscriptions resume when it is back', async () => {
    const parley = await startInstance({ DATABASE_URL: postgres.url, REDIS_URL: redis.url, REDIS_PREFIX: 'faults:' });
    const conversationId = await setUp(parley);
    const client = wsClient(parley.url, { authorization: `Bearer ${await signToken(secret, 'bob')}` });
    const sub = client.subscribe('subscription ($id: ID!) { messageAdded(conversationId: $id) { body } }', { id: conversationId });
    await until(
      async () => {
        await call(parley, send, { input: { conversationId, body: 'warm-up' } }, 'alice');
        return sub.results.length > 0;
      },
      15_000,
      'the subscription to be live',
    );

    await redis.stop();
    const during = await call(parley, send, { input: { conversationId, body: 'during the outage' } }, 'alice');
    expect(during.body.errors).toBeUndefined();
    const query = await call(parley, '{ viewer { id } }', {}, 'alice');
    expect(query.body.errors).toBeUndefined();
    const notReady = await ready(parley);
    expect(notReady.status).toBe(503);
    expect(((await notReady.json()) as { checks: Record<string, string> }).checks).toMatchObject({ database: 'ok' });

    await redis.start();
    // once Redis is back, the next announcement brings the missed message too (feeds read by seq)
    await until(
      async () => {
        await call(parley, send, { input: { conversationId, body: 'after the outage' } }, 'alice');
        const bodies = sub.results.map((r) => (r.data as { messageAdded: { body: string } }).messageAdded.body);
        return bodies.includes('during the outage') && bodies.includes('after the outage');
      },
      30_000,
      'the subscription to resume',
    );
    // ready again: /ready pings Redis on the server's command connection, which reconnects in its
    // own time, apart from the pub/sub's that brought the messages
    await untilReady(parley);
    sub.stop();
    await client.dispose();
    parley.child.kill('SIGKILL');
  }, 120_000);

  /** SIGTERM, then exit code 0 within 15 s (Redis is not waited for) */
  async function expectCleanStop(parley: Instance) {
    parley.child.kill('SIGTERM');
    const code = await Promise.race([exited(parley.child), new Promise((resolve) => setTimeout(() => resolve('still running'), 15_000))]);
    expect(code, parley.output()).toBe(0);
  }

  it('starts while Redis is away, serving HTTP, and goes live when Redis answers', async () => {
    await redis.stop();
    const parley = await startInstance({ DATABASE_URL: postgres.url, REDIS_URL: redis.url, REDIS_PREFIX: 'faults-start:' });
    const conversationId = await setUp(parley);
    const during = await call(parley, send, { input: { conversationId, body: 'before Redis' } }, 'alice');
    expect(during.body.errors).toBeUndefined();
    const notReady = await ready(parley);
    expect(notReady.status).toBe(503);
    const { checks } = (await notReady.json()) as { checks: Record<string, string> };
    expect(checks.database).toBe('ok');
    expect(checks.redis).not.toBe('ok');
    // one line per connection when the outage starts, not one per reconnection attempt
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const away = parley.output().match(/redis is not answering/g) ?? [];
    expect(away.length).toBeGreaterThan(0);
    expect(away.length).toBeLessThanOrEqual(3);

    await redis.start();
    await untilReady(parley);
    await until(() => /redis answers again/.test(parley.output()), 10_000, 'the log to say Redis is back');
    const client = wsClient(parley.url, { authorization: `Bearer ${await signToken(secret, 'bob')}` });
    const sub = client.subscribe('subscription ($id: ID!) { messageAdded(conversationId: $id) { body } }', { id: conversationId });
    await until(
      async () => {
        await call(parley, send, { input: { conversationId, body: 'with Redis' } }, 'alice');
        return sub.results.some((r) => (r.data as { messageAdded: { body: string } }).messageAdded.body === 'with Redis');
      },
      15_000,
      'the subscription to be live',
    );
    expect(parley.child.exitCode).toBeNull();
    sub.stop();
    await client.dispose();

    // Redis goes away again with commands waiting for it (a publish, the unsubscribes of the stop):
    // SIGTERM still ends the process at once and cleanly
    await redis.stop();
    expect((await call(parley, send, { input: { conversationId, body: 'Redis away again' } }, 'alice')).body.errors).toBeUndefined();
    await expectCleanStop(parley);
  }, 120_000);

  it('stops on SIGTERM while Redis has been away since the start', async () => {
    const parley = await startInstance({ DATABASE_URL: postgres.url, REDIS_URL: redis.url, REDIS_PREFIX: 'faults-never:' });
    await setUp(parley);
    await expectCleanStop(parley);
  }, 60_000);

  it('loses no acknowledged message when killed with SIGKILL during a burst of sends', async () => {
    const parley = await startInstance({ DATABASE_URL: postgres.url });
    const conversationId = await setUp(parley);
    const acknowledged: string[] = [];
    let failed = 0;
    const workers = Array.from({ length: 8 }, async (_, w) => {
      for (let i = 0; ; i++) {
        try {
          const result = await call(parley, send, { input: { conversationId, body: `w${w} #${i}` } }, 'alice');
          if (result.body.data?.sendMessage) acknowledged.push(result.body.data.sendMessage.id);
        } catch {
          failed++;
          return; // the server is gone
        }
      }
    });
    await until(() => acknowledged.length >= 100, 30_000, 'a hundred sends');
    parley.child.kill('SIGKILL');
    await Promise.all(workers);
    expect(failed).toBeGreaterThan(0);
    const client = new pg.Client(postgres.url);
    await client.connect();
    const stored = await client.query<{ id: string; seq: number }>('SELECT id, seq FROM messages WHERE conversation_id = $1 ORDER BY seq', [
      conversationId,
    ]);
    await client.end();
    const ids = new Set(stored.rows.map((r) => r.id));
    expect(acknowledged.filter((id) => !ids.has(id))).toEqual([]);
    // and the sequence has no hole
    expect(stored.rows.map((r) => r.seq)).toEqual(stored.rows.map((_, i) => i + 1));
  }, 120_000);

  it('drains in-flight requests and closes sockets cleanly on SIGTERM', async () => {
    const parley = await startInstance({ DATABASE_URL: postgres.url });
    const conversationId = await setUp(parley);
    const client = wsClient(parley.url, { authorization: `Bearer ${await signToken(secret, 'bob')}` });
    const sub = client.subscribe('subscription ($id: ID!) { messageAdded(conversationId: $id) { body } }', { id: conversationId });
    await until(
      async () => {
        await call(parley, send, { input: { conversationId, body: 'warm-up' } }, 'alice');
        return sub.results.length > 0;
      },
      15_000,
      'the subscription to be live',
    );
    // a steady stream of sends; the signal comes in the middle of it
    const answers: { errors?: unknown }[] = [];
    const unanswered: string[] = [];
    let stop = false;
    const workers = Array.from({ length: 8 }, async (_, w) => {
      for (let i = 0; !stop; i++) {
        const id = `drain-${w}-${i}`;
        try {
          answers.push((await call(parley, send, { input: { id, conversationId, body: id } }, 'alice')).body);
        } catch {
          unanswered.push(id);
          return;
        }
      }
    });
    await until(() => answers.length >= 50, 30_000, 'sends under way');
    parley.child.kill('SIGTERM');
    await Promise.race([Promise.all(workers), new Promise((r) => setTimeout(r, 15_000))]);
    stop = true;
    // every request the server took was answered in full and succeeded; a request that got no
    // answer (refused, or sent on a keep-alive socket as the server closed it) was not carried out
    expect(answers.filter((a) => a.errors)).toEqual([]);
    expect(unanswered.length).toBeGreaterThan(0);
    const db = new pg.Client(postgres.url);
    await db.connect();
    const carriedOut = await db.query('SELECT id FROM messages WHERE id = ANY($1::text[])', [unanswered]);
    await db.end();
    expect(carriedOut.rows).toEqual([]);
    const { code } = await client.closed;
    expect(code).toBe(1001);
    expect(await exited(parley.child)).toBe(0);
    await client.dispose();
  }, 120_000);
});
