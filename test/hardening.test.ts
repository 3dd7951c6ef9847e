// Hardening: operation limits, body size, introspection and GraphiQL switches, per-user mutation
// rate limits, health and readiness, metrics, request ids in the logs.
import { PassThrough } from 'node:stream';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSchema, parse } from 'graphql';
import { startApp, errorCodes, type TestApp } from './helpers/app.ts';
import { deprecatedUses } from '../src/plugins/deprecated-fields.ts';
import { until, untilLive, wsClient } from './helpers/ws.ts';
import type { PrismaClient } from '../src/db/client.ts';

/** the test app's own database */
let prisma: PrismaClient;

const inbox = `{ conversations(first: 25) { edges { node { title unreadMessageCount
  lastMessage { body owner { displayName } } members(first: 5) { edges { node { user { displayName } } } } } } } }`;

async function post(url: string, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as { errors?: { message: string; extensions?: { code?: string } }[]; data?: unknown },
  };
}

describe('operation limits', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp({ operationLimits: { depth: 6, cost: 300, aliases: 3, tokens: 200, directives: 2 } });
    prisma = app.server.database.prisma;
    await app.users('ann');
  });
  afterAll(() => app.stop());

  const codeOf = async (query: string) => errorCodes(await app.request(query, undefined, { as: 'ann' }));

  it('refuses an operation deeper than the limit', async () => {
    const deep = '{ conversations { edges { node { lastMessage { owner { id } } } } } }';
    const deeper = '{ conversations { edges { node { lastMessage { parent { owner { id } } } } } } }';
    expect(await codeOf(deep)).toEqual([]);
    const result = await app.request(deeper, undefined, { as: 'ann' });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0]!.message).toMatch(/depth/i);
    expect(result.data ?? null).toBeNull();
  });

  it('refuses more aliases than the limit', async () => {
    expect(await codeOf('{ a: viewer { id } b: viewer { id } c: viewer { id } }')).toEqual([]);
    expect(await codeOf('{ a: viewer { id } b: viewer { id } c: viewer { id } d: viewer { id } }')).toEqual(['BAD_USER_INPUT']);
  });

  it('refuses more directives than the limit', async () => {
    expect(await codeOf('{ viewer { id @include(if: true) displayName @skip(if: false) } }')).toEqual([]);
    expect(await codeOf('{ viewer { id @include(if: true) @include(if: true) displayName @skip(if: false) } }')).toEqual([
      'BAD_USER_INPUT',
    ]);
  });

  it('refuses more tokens than the limit', async () => {
    const fields = Array.from({ length: 250 }, () => 'id').join(' ');
    const result = await app.request(`{ viewer { ${fields} } }`, undefined, { as: 'ann' });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0]!.message).toMatch(/token/i);
  });

  it('refuses an operation costlier than the limit, naming the cost and the limit', async () => {
    // 1 + 100 pages × (edges, node, title): 301
    const result = await app.request('{ conversations(first: 100) { edges { node { title } } } }', undefined, { as: 'ann' });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0]!.message).toMatch(/costs 301, over the limit of 300/);
    expect(await codeOf('{ conversations(first: 99) { edges { node { title } } } }')).toEqual([]);
  });

  it('holds over graphql-ws as over HTTP', async () => {
    const url = await app.listen();
    const client = wsClient(url, { authorization: `Bearer ${await app.token('ann')}` });
    const sub = client.subscribe('subscription { messageAdded(conversationId: "any") { a: id b: id c: id d: id } }', {});
    await until(() => Boolean(sub.error) || sub.results.length > 0, 5_000, 'an answer');
    expect(JSON.stringify(sub.error)).toMatch(/alias/i);
    expect(JSON.stringify(sub.error)).toContain('BAD_USER_INPUT');
    // the socket stays usable: a syntax error answers the operation too
    const broken = client.subscribe('subscription { messageAdded(', {});
    await until(() => Boolean(broken.error), 5_000, 'the syntax error');
    expect(JSON.stringify(broken.error)).toContain('BAD_USER_INPUT');
    await client.dispose();
  });
});

describe('defaults and switches', () => {
  let app: TestApp;
  let off: TestApp;
  beforeAll(async () => {
    app = await startApp({ maxRequestBytes: 4096 });
    prisma = app.server.database.prisma;
    await app.listen();
    await app.users('ann');
    off = await startApp({ introspection: false, graphiql: false });
    await off.listen();
  });
  afterAll(async () => {
    await app.stop();
    await off.stop();
  });

  it('lets the inbox query and an introspection query through the default limits', async () => {
    expect(errorCodes(await app.request(inbox, undefined, { as: 'ann' }))).toEqual([]);
    const introspection = await app.request(
      '{ __schema { types { name fields { name type { name ofType { name ofType { name ofType { name } } } } } } } }',
    );
    expect(errorCodes(introspection)).toEqual([]);
  });

  it('answers 413 for a body over MAX_REQUEST_BYTES and 411 for one of unknown length', async () => {
    const token = await app.token('ann');
    const big = await post(app.url, JSON.stringify({ query: `{ viewer { id } } #${'x'.repeat(5000)}` }), {
      authorization: `Bearer ${token}`,
    });
    expect(big.status).toBe(413);
    expect(big.body.errors![0]!.message).toContain('4096 bytes');
    const small = await post(app.url, JSON.stringify({ query: '{ viewer { id } }' }), { authorization: `Bearer ${token}` });
    expect(small.status).toBe(200);
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        app.url,
        { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } },
        (res) => {
          res.resume();
          resolve(res.statusCode!);
        },
      );
      req.on('error', reject);
      req.write('{"query":"{ __typename }"}');
      req.end();
    });
    expect(chunked).toBe(411);
  });

  it('turns introspection off by configuration', async () => {
    expect(errorCodes(await app.request('{ __schema { queryType { name } } }'))).toEqual([]);
    const refused = await off.request('{ __schema { queryType { name } } }', undefined, { as: 'ann' });
    expect(refused.errors?.length).toBeGreaterThan(0);
    expect(refused.data ?? null).toBeNull();
  });

  it('turns GraphiQL off by configuration', async () => {
    const page = await fetch(app.url, { headers: { accept: 'text/html' } });
    expect(await page.text()).toContain('GraphiQL');
    const none = await fetch(off.url, { headers: { accept: 'text/html' } });
    expect(await none.text()).not.toContain('GraphiQL');
  });
});

describe('mutation rate limits', () => {
  let app: TestApp;
  let conversationId: string;
  beforeAll(async () => {
    app = await startApp({ rateLimits: { mutations: 4, windowSeconds: 60, lightMutations: 3, apiKeyMutations: 0 } });
    prisma = app.server.database.prisma;
    await app.users('ann', 'bob', 'cat', 'dan');
    const created = (await app.data(
      'mutation { createConversation(input: { title: "Limits", memberIds: ["bob", "cat"] }) { id } }',
      undefined,
      {
        as: 'ann',
      },
    )) as { createConversation: { id: string } };
    conversationId = created.createConversation.id;
  });
  afterAll(() => app.stop());

  const send = (as: string, body: string) =>
    app.request('mutation ($input: SendMessageInput!) { sendMessage(input: $input) { id } }', { input: { conversationId, body } }, { as });

  it('answers RATE_LIMITED with the seconds to wait once a user used their allowance, and writes nothing', async () => {
    // ann used one point creating the conversation
    for (let i = 0; i < 3; i++) expect(errorCodes(await send('ann', `ok ${i}`))).toEqual([]);
    const refused = await send('ann', 'one too many');
    expect(errorCodes(refused)).toEqual(['RATE_LIMITED']);
    const wait = refused.errors![0]!.extensions!.retryAfterSeconds as number;
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
    expect(await prisma.message.count({ where: { conversationId, body: 'one too many' } })).toBe(0);
    // queries are not limited; other users have their own allowance
    expect(errorCodes(await app.request('{ viewer { id } }', undefined, { as: 'ann' }))).toEqual([]);
    expect(errorCodes(await send('bob', 'bob is fine'))).toEqual([]);
  });

  it('refuses text with the NUL character before it reaches the database', async () => {
    const result = await app.request(
      'mutation ($input: SendMessageInput!) { sendMessage(input: $input) { id } }',
      { input: { conversationId, body: 'a\u0000b' } },
      { as: 'bob' },
    );
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    const literal = await app.request(
      `mutation { sendMessage(input: { conversationId: "${conversationId}", body: "a\\u0000b" }) { id } }`,
      undefined,
      { as: 'bob' },
    );
    expect(errorCodes(literal)).toEqual(['BAD_USER_INPUT']);
  });

  it('gives typing, read marks and watches a budget of their own, apart from sends', async () => {
    const light = [
      'mutation ($c: ID!) { sendTypingEvent(conversationId: $c, isTyping: true) }',
      'mutation ($c: ID!) { markConversationRead(conversationId: $c) { id } }',
      'mutation ($c: ID!) { startWatching(conversationId: $c) { id } }',
    ];
    // added by ann through the API key, which spends nothing
    await app.data(
      'mutation ($c: ID!) { addMembers(conversationId: $c, userIds: ["dan"]) { id } }',
      { c: conversationId },
      { apiKey: true, as: 'ann' },
    );
    for (const query of light) expect(errorCodes(await app.request(query, { c: conversationId }, { as: 'dan' }))).toEqual([]);
    // the light budget (3) is spent: a fourth light mutation waits ...
    const refused = await app.request(
      'mutation ($c: ID!) { stopWatching(conversationId: $c) { id } }',
      { c: conversationId },
      { as: 'dan' },
    );
    expect(errorCodes(refused)).toEqual(['RATE_LIMITED']);
    // ... while sends still have their own four
    for (let i = 0; i < 4; i++) expect(errorCodes(await send('dan', `dan ${i}`))).toEqual([]);
    expect(errorCodes(await send('dan', 'dan over'))).toEqual(['RATE_LIMITED']);
  });

  it('counts every root field of a mutation', async () => {
    const input = { conversationId, body: 'aliased' };
    const result = await app.request(
      `mutation ($input: SendMessageInput!) { a: sendMessage(input: $input) { id } b: sendMessage(input: $input) { id }
        c: sendMessage(input: $input) { id } d: sendMessage(input: $input) { id } e: sendMessage(input: $input) { id } }`,
      { input },
      { as: 'cat' },
    );
    expect(errorCodes(result)).toEqual(['RATE_LIMITED']);
    expect(await prisma.message.count({ where: { conversationId, body: 'aliased' } })).toBe(0);
  });

  it('exempts the API key unless it has its own limit', async () => {
    for (let i = 0; i < 8; i++) {
      const result = await app.request(
        'mutation ($input: UpsertUserInput!) { upsertUser(input: $input) { id } }',
        { input: { id: `k${i}`, displayName: 'K' } },
        { apiKey: true },
      );
      expect(errorCodes(result)).toEqual([]);
    }
    const limited = await startApp({ rateLimits: { mutations: 100, windowSeconds: 60, lightMutations: 0, apiKeyMutations: 2 } });
    try {
      const upsert = (id: string) =>
        limited.request(
          'mutation ($input: UpsertUserInput!) { upsertUser(input: $input) { id } }',
          { input: { id, displayName: 'K' } },
          { apiKey: true },
        );
      expect(errorCodes(await upsert('k1'))).toEqual([]);
      expect(errorCodes(await upsert('k2'))).toEqual([]);
      expect(errorCodes(await upsert('k3'))).toEqual(['RATE_LIMITED']);
    } finally {
      await limited.stop();
    }
  });

  it('is off with RATE_LIMIT_MUTATIONS=0', async () => {
    const free = await startApp({ rateLimits: { mutations: 0, windowSeconds: 60, lightMutations: 0, apiKeyMutations: 0 } });
    try {
      await free.users('ann');
      for (let i = 0; i < 10; i++) {
        const result = await free.request(
          'mutation ($t: String!) { createConversation(input: { type: PUBLIC, title: $t }) { id } }',
          { t: `free ${i}` },
          { as: 'ann' },
        );
        expect(errorCodes(result)).toEqual([]);
      }
    } finally {
      await free.stop();
    }
  });
});

describe('health, readiness, metrics, request ids', () => {
  let app: TestApp;
  const lines: Record<string, unknown>[] = [];
  beforeAll(async () => {
    const logs = new PassThrough();
    logs.on('data', (chunk: Buffer) => {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
    });
    app = await startApp({}, logs);
    prisma = app.server.database.prisma;
    await app.listen();
    await app.users('ann', 'bob');
  });
  afterAll(() => app.stop());

  const base = () => app.url.replace(/\/graphql$/, '');

  it('answers /health and /ready', async () => {
    const health = await fetch(`${base()}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${base()}/ready`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { status: string; checks: Record<string, string> };
    expect(body.status).toBe('ready');
    expect(body.checks.database).toBe('ok');
    if (process.env.REDIS_URL) expect(body.checks.redis).toBe('ok');
  });

  it('counts requests per operation, live connections, subscriptions and pub/sub lag', async () => {
    const token = await app.token('ann');
    await post(app.url, JSON.stringify({ query: 'query InboxForMetrics { viewer { id } }' }), { authorization: `Bearer ${token}` });
    const created = (await app.data('mutation { createConversation(input: { title: "Metrics", memberIds: ["bob"] }) { id } }', undefined, {
      as: 'ann',
    })) as { createConversation: { id: string } };
    const client = wsClient(app.url, { authorization: `Bearer ${await app.token('bob')}` });
    const sub = client.subscribe('subscription ($id: ID!) { messageAdded(conversationId: $id) { body } }', {
      id: created.createConversation.id,
    });
    await untilLive(sub, () =>
      app.data(
        'mutation ($input: SendMessageInput!) { sendMessage(input: $input) { id } }',
        { input: { conversationId: created.createConversation.id, body: 'm' } },
        { as: 'ann' },
      ),
    );
    const metrics = await (await fetch(`${base()}/metrics`)).text();
    expect(metrics).toMatch(/graphql_envelop_request_duration_count\{[^}]*operationName="InboxForMetrics"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/parley_live_connections\{transport="ws"\} [1-9]/);
    expect(metrics).toMatch(/parley_active_subscriptions [1-9]/);
    expect(metrics).toMatch(/parley_pubsub_lag_seconds_count [1-9]/);
    sub.stop();
    await client.dispose();
    await until(
      async () => /parley_active_subscriptions 0/.test(await (await fetch(`${base()}/metrics`)).text()),
      5_000,
      'the subscription to be counted out',
    );
  });

  it('exports the GraphQL metrics the README names, and no other', async () => {
    const token = await app.token('ann');
    await post(app.url, JSON.stringify({ query: 'query OldCount { unreadMessageCount }' }), { authorization: `Bearer ${token}` });
    const metrics = await (await fetch(`${base()}/metrics`)).text();
    const families = [...metrics.matchAll(/^# TYPE (graphql_\w+) /gm)].map((m) => m[1]).sort();
    // not the plugin's request counter and request summary (the duration histogram's _count and a
    // t-digest update per request), nor its schema-change counter
    expect(families).toEqual(
      [
        'graphql_envelop_deprecated_field',
        'graphql_envelop_error_result',
        'graphql_envelop_phase_context',
        'graphql_envelop_phase_execute',
        'graphql_envelop_phase_parse',
        'graphql_envelop_phase_subscribe',
        'graphql_envelop_phase_validate',
        'graphql_envelop_request_duration',
        'graphql_yoga_http_duration',
      ].sort(),
    );
    expect(metrics).toMatch(/graphql_envelop_deprecated_field\{[^}]*fieldName="unreadMessageCount"[^}]*\} [1-9]/);
  });

  it('finds deprecated fields and arguments through fragments, each use once', () => {
    const schema = buildSchema(`
      type Query { old: Int @deprecated(reason: "x"), page(size: Int @deprecated(reason: "y"), first: Int): Item }
      type Item { id: ID, legacy: String @deprecated }
    `);
    const document = parse('query Q { old page(size: 1, first: 2) { ...I } } fragment I on Item { id legacy }');
    expect(deprecatedUses(schema, document)).toEqual([
      { fieldName: 'old', typeName: 'Query' },
      { fieldName: 'size', typeName: 'page' },
      { fieldName: 'legacy', typeName: 'Item' },
    ]);
    expect(deprecatedUses(schema, parse('{ page(first: 1) { id } }'))).toEqual([]);
  });

  it('counts a deprecated field on every request that asks for it, a cached document too, under its operation', async () => {
    const token = await app.token('ann');
    const count = async () => {
      const metrics = await (await fetch(`${base()}/metrics`)).text();
      const line = metrics
        .split('\n')
        .find((l) => l.startsWith('graphql_envelop_deprecated_field{') && l.includes('operationName="Twice"'));
      return line ? { labels: line.slice(0, line.lastIndexOf(' ')), value: Number(line.slice(line.lastIndexOf(' ') + 1)) } : null;
    };
    // through a fragment; the second request's document comes from the parser cache
    const query = 'query Twice { ...Count } fragment Count on Query { unreadMessageCount }';
    for (let i = 0; i < 3; i++) await post(app.url, JSON.stringify({ query }), { authorization: `Bearer ${token}` });
    expect(await count()).toEqual({
      labels:
        'graphql_envelop_deprecated_field{operationType="query",operationName="Twice",fieldName="unreadMessageCount",typeName="Query"}',
      value: 3,
    });
    // no deprecated field: nothing counted
    await post(app.url, JSON.stringify({ query: 'query Fresh { viewer { id unreadMessageCount } }' }), {
      authorization: `Bearer ${token}`,
    });
    const metrics = await (await fetch(`${base()}/metrics`)).text();
    expect(metrics.includes('operationName="Fresh"')).toBe(true);
    expect(/graphql_envelop_deprecated_field\{[^}]*operationName="Fresh"/.test(metrics)).toBe(false);
  });

  it('gives every response a request id and writes it on the request’s line', async () => {
    const mine = await post(app.url, JSON.stringify({ query: '{ __typename }' }), { 'x-request-id': 'trace-123' });
    expect(mine.headers.get('x-request-id')).toBe('trace-123');
    const fresh = await post(app.url, JSON.stringify({ query: '{ __typename }' }), { 'x-request-id': 'not a sane id; drop it' });
    const id = fresh.headers.get('x-request-id')!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await until(() => lines.some((l) => l.requestId === id && l.msg === 'request'), 2_000, 'the request log line');
    const line = lines.find((l) => l.requestId === 'trace-123' && l.msg === 'request')!;
    expect(line).toMatchObject({ method: 'POST', status: 200, service: 'parley' });
  });
});

// A server of its own for the lines that name a request: a before-send hook that fails, then its
// database closed under it.
describe('request ids on the lines about a request', () => {
  it('writes the id on an unexpected error’s line and a failed before-send hook’s line', async () => {
    const lines: Record<string, unknown>[] = [];
    const logs = new PassThrough();
    logs.on('data', (chunk: Buffer) => {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
    });
    const other = await startApp({}, logs);
    await other.listen();
    await other.users('ann', 'bob');
    const { createConversation } = await other.data<{ createConversation: { id: string } }, object>(
      'mutation { createConversation(input: { title: "Ids", memberIds: ["bob"] }) { id } }',
      {},
      { as: 'ann' },
    );
    const apiKey = { 'x-api-key': other.config.apiKey };
    const bearer = { authorization: `Bearer ${await other.token('ann')}` };

    // nothing listens on port 9: the hook fails, and onFailure lets the message go
    const hook = await post(
      other.url,
      JSON.stringify({ query: 'mutation { setBeforeSendHook(url: "http://127.0.0.1:9/check", onFailure: ALLOW) { url } }' }),
      apiKey,
    );
    expect(hook.body.errors).toBeUndefined();
    const send = JSON.stringify({
      query: 'mutation ($input: SendMessageInput!) { sendMessage(input: $input) { id } }',
      variables: { input: { conversationId: createConversation.id, body: 'checked' } },
    });
    const sent = await post(other.url, send, { ...bearer, 'x-request-id': 'trace-hook' });
    expect(sent.body.errors).toBeUndefined();
    expect(lines.find((l) => l.msg === 'before-send hook failed')).toMatchObject({ requestId: 'trace-hook' });

    await other.server.database.close();
    // in execution: a user already known reads their conversations
    const read = await post(other.url, JSON.stringify({ query: '{ conversations(first: 5) { edges { node { id } } } }' }), {
      ...bearer,
      'x-request-id': 'trace-read',
    });
    // in the context factory: a user seen for the first time cannot be written
    const zed = { authorization: `Bearer ${await other.token('zed')}` };
    const context = await post(other.url, JSON.stringify({ query: '{ viewer { id } }' }), { ...zed, 'x-request-id': 'trace-context' });
    for (const [answer, requestId] of [
      [read, 'trace-read'],
      [context, 'trace-context'],
    ] as const) {
      const shown = answer.body.errors![0] as unknown as { extensions: { code: string; errorId: string } };
      expect(shown.extensions.code).toBe('INTERNAL_SERVER_ERROR');
      const logged = lines.filter((l) => l.msg === 'unexpected error' && l.errorId === shown.extensions.errorId);
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatchObject({ requestId });
    }
    other.server.httpServer.close();
    other.server.httpServer.closeAllConnections();
  });
});

// A server of its own, whose database is closed under it.
describe('readiness without a database', () => {
  it('answers /ready with 503 when the database is gone', async () => {
    const other = await startApp();
    await other.listen();
    const url = other.url.replace(/\/graphql$/, '/ready');
    await other.server.database.close();
    const ready = await fetch(url);
    expect(ready.status).toBe(503);
    const body = (await ready.json()) as { checks: Record<string, string> };
    expect(body.checks.database).not.toBe('ok');
    other.server.httpServer.close();
    other.server.httpServer.closeAllConnections();
  });
});
