// The server as a user runs it: what `npm start` runs (node dist/main.js) on a fresh embedded database, its
// configuration checks, development secrets, and a graceful stop on SIGTERM.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../src/config.ts';
import { signToken } from '../src/auth/identity.ts';
import { sseSubscribe, until, wsClient } from './helpers/ws.ts';
import { startApp } from './helpers/app.ts';
import { spawnParley } from './helpers/process.ts';

const start = (env: Record<string, string>) => spawnParley({ LOG_LEVEL: 'info', ...env });

describe('configuration', () => {
  it('names the variable with a bad value', () => {
    expect(() => parseConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => parseConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => parseConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must be a postgresql:\/\/ URL/);
    expect(() => parseConfig({ AUTH_SECRET: 'short' })).toThrow(/AUTH_SECRET: must be at least 32 characters/);
    expect(() => parseConfig({ GRAPHIQL: 'maybe' })).toThrow(/GRAPHIQL/);
  });

  it('refuses production without AUTH_SECRET and API_KEY', () => {
    expect(() => parseConfig({ NODE_ENV: 'production' })).toThrow(/AUTH_SECRET, API_KEY must be set/);
    expect(parseConfig({ NODE_ENV: 'production', AUTH_SECRET: 'p'.repeat(32), API_KEY: 'k'.repeat(16) }).env).toBe('production');
  });

  it('stops a starting server with the message', async () => {
    const server = start({ PORT: 'eighty', PGLITE_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'parley-bad-')) });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('PORT');
  });

  it('refuses to start in production without secrets', async () => {
    const server = start({ NODE_ENV: 'production', PORT: '0' });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('AUTH_SECRET, API_KEY must be set when NODE_ENV=production');
  });
});

describe('npm start on the embedded database', () => {
  it('migrates a fresh data folder, prints development secrets, serves, and stops cleanly on SIGTERM', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-data-'));
    const server = start({ PORT: '0', PGLITE_DIR: dataDir, NODE_ENV: 'development' });
    await until(() => server.output().includes('Parley is serving'), 60_000, 'the server to start');
    const url = /at (http:\/\/\S+\/graphql)/.exec(server.output())![1]!;
    expect(server.output()).toMatch(/AUTH_SECRET=\S+/);
    const secrets = JSON.parse(fs.readFileSync(path.join(dataDir, 'dev-secrets.json'), 'utf8')) as {
      authSecret: string;
      apiKey: string;
    };

    // GraphiQL is served, with its assets from this server
    const page = await fetch(url, { headers: { accept: 'text/html' } });
    const html = await page.text();
    expect(html).toContain('renderYogaGraphiQL');
    expect(html).not.toContain('unpkg.com');
    const script = /src=(\/graphiql-assets\/[^\s>]+)/.exec(html)![1]!;
    expect((await fetch(new URL(script, url))).status).toBe(200);

    const token = await signToken(secrets.authSecret, 'ada', { name: 'Ada' });
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ viewer { id displayName } }' }),
    });
    expect(await response.json()).toEqual({ data: { viewer: { id: 'ada', displayName: 'Ada' } } });

    const socket = wsClient(url, { authorization: `Bearer ${token}` });
    // a subscription answered (NOT_FOUND) proves the socket is open and acknowledged
    const open = socket.subscribe('subscription { messageAdded(conversationId: "none") { id } }');
    await until(() => open.error !== undefined || open.results.length > 0, 10_000, 'the socket to answer');
    expect(JSON.stringify(open.error ?? open.results)).toContain('NOT_FOUND');

    server.child.kill('SIGTERM');
    const closed = await socket.closed;
    expect(closed.code).toBe(1001);
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('shutting down');
    await socket.dispose();

    // a restart reopens the same data and keeps the development secrets
    const again = start({ PORT: '0', PGLITE_DIR: dataDir, NODE_ENV: 'development' });
    await until(() => again.output().includes('Parley is serving'), 60_000, 'the server to restart');
    expect(again.output()).toContain(secrets.authSecret);
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  }, 150_000);
});

describe('stop()', () => {
  it('ends live SSE streams instead of waiting for them', async () => {
    const app = await startApp();
    await app.listen();
    await app.users('ada');
    const { createConversation } = (await app.data('mutation { createConversation(input: { title: "Streams" }) { id } }', undefined, {
      as: 'ada',
    })) as { createConversation: { id: string } };
    const stream = sseSubscribe(
      app.url,
      { authorization: `Bearer ${await app.token('ada')}` },
      'subscription ($id: ID!) { messageAdded(conversationId: $id) { id } }',
      { id: createConversation.id },
    );
    await new Promise((r) => setTimeout(r, 300));
    const started = Date.now();
    await app.stop();
    await stream.waitForEnd(5_000);
    expect(Date.now() - started).toBeLessThan(4_000);
    stream.stop();
  });
});
