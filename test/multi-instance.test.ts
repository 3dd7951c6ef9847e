// Two real server processes sharing PostgreSQL and Redis: messages, watcher changes and typing
// cross between them, and a killed instance's watchers are gone within a minute.
// Runs in the PostgreSQL + Redis suite (npm run test:pg).
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { signToken } from '../src/auth/identity.ts';
import { adminUrl, databaseUrl } from './helpers/pg-urls.ts';
import { sseSubscribe, until, untilLive, wsClient } from './helpers/ws.ts';
import { spawnParley } from './helpers/process.ts';

const enabled = !!process.env.TEST_DATABASE_URL && !!process.env.REDIS_URL;
const secret = 'multi-instance-secret-multi-instance-secret';
const apiKey = 'multi-instance-api-key';

interface Instance {
  child: ChildProcess;
  url: string;
  output: () => string;
}

const instances: Instance[] = [];
let dbName = '';

async function startInstance(env: Record<string, string>): Promise<Instance> {
  const parley = spawnParley({
    NODE_ENV: 'production',
    PORT: '0',
    AUTH_SECRET: secret,
    API_KEY: apiKey,
    CONNECTION_TTL_SECONDS: '3',
    LOG_LEVEL: 'info',
    RATE_LIMIT_MUTATIONS: '0',
    ...env,
  });
  const instance = { child: parley.child, url: await parley.url(), output: parley.output };
  instances.push(instance);
  return instance;
}

async function call(instance: Instance, query: string, variables: Record<string, unknown>, as?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (as) headers.authorization = `Bearer ${await signToken(secret, as)}`;
  else headers['x-api-key'] = apiKey;
  const response = await fetch(instance.url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests read their answers loosely
  const result = (await response.json()) as { data?: Record<string, any>; errors?: unknown[] };
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data!;
}

describe.runIf(enabled)('two instances over PostgreSQL and Redis', () => {
  let a: Instance;
  let b: Instance;
  let conversationId: string;
  const bearer = async (user: string) => ({ authorization: `Bearer ${await signToken(secret, user)}` });

  beforeAll(async () => {
    const url = process.env.TEST_DATABASE_URL!;
    dbName = `parley_multi_${inject('runId')}_${randomBytes(3).toString('hex')}`;
    const admin = new pg.Client(adminUrl(url));
    await admin.connect();
    await admin.query(`CREATE DATABASE "${dbName}" TEMPLATE "${inject('pgTemplate')}"`);
    await admin.end();
    const env = { DATABASE_URL: databaseUrl(url, dbName), REDIS_URL: process.env.REDIS_URL!, REDIS_PREFIX: `parley-multi-${dbName}:` };
    [a, b] = await Promise.all([startInstance(env), startInstance(env)]);
    for (const id of ['alice', 'bob', 'carol']) {
      await call(a, 'mutation ($id: ID!) { upsertUser(input: { id: $id }) { id } }', { id });
    }
    const created = await call(
      a,
      'mutation { createConversation(input: { type: OPEN, title: "Across", memberIds: ["bob"] }) { id } }',
      {},
      'alice',
    );
    conversationId = created.createConversation.id;
  }, 120_000);

  afterAll(async () => {
    for (const instance of instances) instance.child.kill('SIGKILL');
    if (dbName) {
      const admin = new pg.Client(adminUrl(process.env.TEST_DATABASE_URL!));
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
      await admin.end();
    }
  });

  it('delivers a message sent through one instance to subscribers of the other, over graphql-ws and SSE', async () => {
    const ws = wsClient(b.url, await bearer('bob'));
    const overWs = ws.subscribe('subscription ($id: ID!) { messageAdded(conversationId: $id) { body } }', { id: conversationId });
    const overSse = sseSubscribe(b.url, await bearer('alice'), 'subscription ($id: ID!) { messageAdded(conversationId: $id) { body } }', {
      id: conversationId,
    });
    await untilLive([overWs, overSse], (i) =>
      call(
        a,
        'mutation ($id: ID!, $body: String!) { sendMessage(input: { conversationId: $id, body: $body }) { id } }',
        { id: conversationId, body: `across ${i}` },
        'alice',
      ),
    );
    expect((overWs.results[0]!.data as { messageAdded: { body: string } }).messageAdded.body).toMatch(/^across/);
    expect((overSse.results[0]!.data as { messageAdded: { body: string } }).messageAdded.body).toMatch(/^across/);
    overWs.stop();
    overSse.stop();
    await ws.dispose();
  });

  it('carries typing across', async () => {
    const ws = wsClient(b.url, await bearer('bob'));
    const events = ws.subscribe(
      'subscription ($id: ID!) { conversationEvents(conversationId: $id) { __typename ... on Typing { isTyping user { id } } } }',
      { id: conversationId },
    );
    await call(
      a,
      'mutation ($id: ID!) { updateConversation(id: $id, input: { config: { typingEvents: true } }) { id } }',
      { id: conversationId },
      'alice',
    );
    await untilLive(
      () => events.results.some((r) => JSON.stringify(r).includes('"Typing"')),
      () => call(a, 'mutation ($id: ID!) { sendTypingEvent(conversationId: $id, isTyping: true) }', { id: conversationId }, 'alice'),
      { what: 'typing across', watching: [events] },
    );
    expect(JSON.stringify(events.results)).toContain('"user":{"id":"alice"}');
    events.stop();
    await ws.dispose();
  });

  it('carries watcher changes across, and a killed instance’s watchers are gone within a minute', async () => {
    const watching = wsClient(a.url, await bearer('alice'));
    const changes = watching.subscribe(
      'subscription ($id: ID!) { watcherChanged(conversationId: $id) { watching watcherCount user { id } } }',
      { id: conversationId },
    );
    // carol watches over a socket of instance B, until A's subscriber sees it
    const carol = wsClient(b.url, await bearer('carol'));
    const carolEvents = () =>
      changes.results
        .map((r) => (r.data as { watcherChanged: { watching: boolean; watcherCount: number; user: { id: string } | null } }).watcherChanged)
        .filter((e) => e.user?.id === 'carol');
    await untilLive(
      () => carolEvents().at(-1)?.watching === true,
      async () => {
        await carol.subscribe('mutation ($id: ID!) { startWatching(conversationId: $id) { id } }', { id: conversationId }).waitFor(1);
        await new Promise((r) => setTimeout(r, 100));
        if (carolEvents().at(-1)?.watching !== true) {
          await carol.subscribe('mutation ($id: ID!) { stopWatching(conversationId: $id) { id } }', { id: conversationId }).waitFor(1);
        }
      },
      { what: "carol's watch across", watching: [changes] },
    );
    const seen = carolEvents().length;

    // instance B dies without a goodbye: carol's watch lapses and A announces it
    const killedAt = Date.now();
    b.child.kill('SIGKILL');
    await until(
      () =>
        carolEvents()
          .slice(seen)
          .some((e) => !e.watching),
      60_000,
      'the watch to lapse',
    );
    const elapsed = Date.now() - killedAt;
    console.log(`a killed instance's watcher was gone after ${elapsed} ms (CONNECTION_TTL_SECONDS=3)`);
    expect(elapsed).toBeLessThan(60_000);
    expect(carolEvents().at(-1)).toMatchObject({ watching: false, watcherCount: 0 });
    const presence = await call(a, 'query { user(id: "carol") { isOnline lastSeenAt } }', {}, 'alice');
    expect(presence.user).toMatchObject({ isOnline: false, lastSeenAt: expect.any(String) });
    changes.stop();
    await watching.dispose();
    await carol.dispose().catch(() => undefined);
  }, 90_000);
});
