// The development token route, over HTTP: POST /dev/token answers a short-lived token for a user
// id in development, checks its input like the rest of the API, is bounded per client, answers a
// web client on another origin, makes nothing but the token, and is not there (404) in production
// or when DEV_TOKENS is off.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { parseConfig, type Config } from '../src/config.ts';
import { startApp, type TestApp } from './helpers/app.ts';

async function listening(overrides: Partial<Config>): Promise<TestApp> {
  const app = await startApp(overrides);
  await app.listen();
  return app;
}

const tokenUrl = (app: TestApp) => new URL('/dev/token', app.url).toString();

function askToken(app: TestApp, body: unknown, headers: Record<string, string> = {}) {
  return fetch(tokenUrl(app), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

interface Refusal {
  errors: { message: string; extensions: { code: string; field?: string; retryAfterSeconds?: number } }[];
}

describe('in development', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await listening({ env: 'development' });
  });
  afterAll(() => app?.stop());

  it('answers a token of an hour for the user, which the API accepts, and creates nothing until it is used', async () => {
    const response = await askToken(app, { userId: 'ada', displayName: 'Ada Lovelace' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as { token: string; userId: string; expiresAt: string };
    expect(body.userId).toBe('ada');
    const claims = decodeJwt(body.token);
    expect(claims).toMatchObject({ sub: 'ada', name: 'Ada Lovelace' });
    expect(new Date(body.expiresAt).getTime()).toBe(claims.exp! * 1000);
    expect(claims.exp! - Date.now() / 1000).toBeGreaterThan(3500);
    expect(claims.exp! - Date.now() / 1000).toBeLessThanOrEqual(3600);

    // nothing made yet: the user appears on first sight, as with any token
    const users = app.server.database.prisma.user;
    expect(await users.findUnique({ where: { id: 'ada' } })).toBeNull();
    const viewer = await app.request('{ viewer { id displayName } }', undefined, { headers: { authorization: `Bearer ${body.token}` } });
    expect(viewer).toEqual({ data: { viewer: { id: 'ada', displayName: 'Ada Lovelace' } } });
  });

  it('checks the user id as the API does, and the display name as upsertUser does', async () => {
    const refused = async (body: unknown) => {
      const response = await askToken(app, body);
      expect(response.status).toBe(400);
      return ((await response.json()) as Refusal).errors[0]!;
    };
    for (const userId of [undefined, '', '   ', ' ada', 'x'.repeat(129), 42]) {
      expect(await refused({ userId })).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'userId' } });
    }
    expect(await refused({ userId: 'ada', displayName: 'n'.repeat(201) })).toMatchObject({
      message: 'displayName must be at most 200 characters.',
      extensions: { code: 'BAD_USER_INPUT', field: 'displayName' },
    });
    expect(await refused({ userId: 'ada', displayName: 7 })).toMatchObject({ extensions: { field: 'displayName' } });
    expect((await refused('["ada"]')).message).toContain('{ "userId"');
    expect((await refused('{ not json')).message).toMatch(/not JSON/);
    // a user id of 128 characters, the longest, is one
    expect((await askToken(app, { userId: 'x'.repeat(128) })).status).toBe(200);
  });

  it('takes JSON by POST only', async () => {
    const get = await fetch(tokenUrl(app));
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    const form = await fetch(tokenUrl(app), { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"userId":"ada"}' });
    expect(form.status).toBe(415);
    expect(((await form.json()) as Refusal).errors[0]!.extensions.code).toBe('BAD_USER_INPUT');
  });

  it('puts the "Act as" box, which asks the route, in GraphiQL', async () => {
    const page = await (await fetch(app.url, { headers: { accept: 'text/html' } })).text();
    expect(page).toContain('<form id=parley-act-as');
    expect(page).toContain('fetch("/dev/token"');
  });

  it('answers a web client on another origin (CORS, as /graphql)', async () => {
    const origin = 'http://localhost:5173';
    const preflight = await fetch(tokenUrl(app), {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
    const response = await askToken(app, { userId: 'bob' }, { origin });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(origin);
  });
});

describe('bounds', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await listening({ env: 'development' });
  });
  afterAll(() => app?.stop());

  it('answers RATE_LIMITED past 20 tokens a minute from one client', async () => {
    for (let i = 0; i < 20; i++) expect((await askToken(app, { userId: `user-${i}` })).status).toBe(200);
    const over = await askToken(app, { userId: 'one-more' });
    expect(over.status).toBe(429);
    const retryAfter = Number(over.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(((await over.json()) as Refusal).errors[0]!.extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: retryAfter });
  });
});

describe('not in development', () => {
  const apps: TestApp[] = [];
  afterAll(() => Promise.all(apps.map((app) => app.stop())));

  it.each([
    ['production', { env: 'production' }],
    ['test', { env: 'test' }],
    ['development with DEV_TOKENS=false', { env: 'development', devTokens: false }],
  ] as const)('is not there in %s: 404, and no "Act as" box in GraphiQL', async (_name, overrides) => {
    const app = await listening(overrides);
    apps.push(app);
    expect((await askToken(app, { userId: 'ada' })).status).toBe(404);
    const page = await (await fetch(app.url, { headers: { accept: 'text/html' } })).text();
    expect(page).toContain('renderYogaGraphiQL');
    expect(page).not.toContain('parley-act-as');
  });

  it('is on by default, and only development serves it', () => {
    expect(parseConfig({}).devTokens).toBe(true);
    expect(parseConfig({ DEV_TOKENS: 'false' }).devTokens).toBe(false);
    expect(() => parseConfig({ DEV_TOKENS: 'sometimes' })).toThrow(/DEV_TOKENS/);
  });
});
