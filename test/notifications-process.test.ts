// Notifications from real Parley processes (started as `npm start` starts them):
// - Web Push, end to end: a push-service receiver over https (a self-signed certificate trusted
//   through NODE_EXTRA_CA_CERTS) checks the VAPID signature and decrypts the payload (http_ece)
//   with the subscription's keys; a 410 makes Parley forget the device.
// - No loss: Parley is killed (SIGKILL) with a webhook in flight and others waiting; a new process
//   on the same database delivers every event, in order, signed.
// - Two instances over PostgreSQL share the work with no attempt made twice (npm run test:pg).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createECDH, randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { Webhook as Verifier } from 'standardwebhooks';
import { decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
// eslint-disable-next-line @typescript-eslint/ban-ts-comment
// @ts-ignore -- http_ece has no types
import ece from 'http_ece';
import { signToken } from '../src/auth/identity.ts';
import { spawnParley, type ParleyProcess } from './helpers/process.ts';
import { selfSignedCertificate, startReceiver, type Receiver } from './helpers/receiver.ts';
import { adminUrl, databaseUrl } from './helpers/pg-urls.ts';
import { until } from './helpers/ws.ts';

const secret = 'notify-process-secret-notify-process-secret';
const apiKey = 'notify-process-api-key';
const webhookSecret = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;
const usingPostgres = !!process.env.TEST_DATABASE_URL;
const cleanups: (() => Promise<void> | void)[] = [];

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** A database of its own: a PostgreSQL database in the PostgreSQL suite, else an embedded one in a folder. */
async function freshDatabase(): Promise<Record<string, string>> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const name = `parley_notify_${inject('runId')}_${randomBytes(3).toString('hex')}`;
    const admin = new pg.Client(adminUrl(url));
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${inject('pgTemplate')}"`);
    await admin.end();
    return { DATABASE_URL: databaseUrl(url, name) };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-notify-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return { PGLITE_DIR: dir };
}

function start(env: Record<string, string>): ParleyProcess {
  const parley = spawnParley({
    NODE_ENV: 'production',
    PORT: '0',
    AUTH_SECRET: secret,
    API_KEY: apiKey,
    // info: the line saying where it serves
    LOG_LEVEL: 'info',
    NOTIFY_POLL_MS: '50',
    NOTIFY_RETRY_BASE_MS: '100',
    ...env,
  });
  cleanups.push(async () => {
    if (parley.child.exitCode === null) parley.child.kill('SIGKILL');
    await parley.exited;
  });
  return parley;
}

async function call(url: string, query: string, variables: Record<string, unknown> = {}, as?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (as) headers.authorization = `Bearer ${await signToken(secret, as)}`;
  else headers['x-api-key'] = apiKey;
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests read their answers loosely
  const result = (await response.json()) as { data?: Record<string, any>; errors?: unknown[] };
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data!;
}

async function setUp(url: string, members: string[]): Promise<string> {
  for (const id of ['ann', ...members])
    await call(url, 'mutation ($id: ID!, $name: String) { upsertUser(input: { id: $id, displayName: $name }) { id } }', { id, name: id });
  const { createConversation } = await call(
    url,
    'mutation ($m: [ID!]) { createConversation(input: { title: "Ops", memberIds: $m }) { id } }',
    { m: members },
    'ann',
  );
  return createConversation.id;
}

describe('Web Push to a push service over https', () => {
  let pushService: Receiver;
  let parley: ParleyProcess;
  let url: string;

  beforeAll(async () => {
    const tls = selfSignedCertificate();
    pushService = await startReceiver({ tls });
    cleanups.push(() => pushService.close());
    parley = start({
      ...(await freshDatabase()),
      NODE_EXTRA_CA_CERTS: tls.file,
      PUSH_ALLOW_PRIVATE_ENDPOINTS: 'true',
      VAPID_SUBJECT: 'mailto:ops@example.com',
    });
    url = await parley.url();
  }, 60_000);

  it('delivers a push the subscription decrypts, signed with the served VAPID key', async () => {
    const conversationId = await setUp(url, ['bob']);
    // bob's browser: a P-256 key pair and an auth secret, as PushManager.subscribe() makes them
    const browser = createECDH('prime256v1');
    browser.generateKeys();
    const auth = randomBytes(16);
    await call(
      url,
      'mutation ($s: WebPushSubscriptionInput!) { registerPushDevice(kind: WEB_PUSH, subscription: $s) { id } }',
      {
        s: {
          endpoint: `${pushService.url}/push/bob-1`,
          keys: { p256dh: browser.getPublicKey().toString('base64url'), auth: auth.toString('base64url') },
        },
      },
      'bob',
    );
    const { webPushPublicKey } = await call(url, '{ webPushPublicKey }', {}, 'bob');
    const { sendMessage } = await call(
      url,
      'mutation ($c: ID!) { sendMessage(input: { conversationId: $c, body: "deploy at 5" }) { id } }',
      { c: conversationId },
      'ann',
    );

    await until(() => pushService.received.length >= 1, 15_000, 'the push');
    const request = pushService.received[0]!;
    expect(request.path).toBe('/push/bob-1');
    expect(request.headers['content-encoding']).toBe('aes128gcm');
    expect(request.headers.urgency).toBe('high');
    expect(Number(request.headers.ttl)).toBeGreaterThan(0);

    // VAPID (RFC 8292): a JWT for the push service's origin, signed by the key clients subscribed with
    const vapid = /^vapid t=([^,]+), k=(.+)$/.exec(request.headers.authorization as string)!;
    expect(vapid[2]).toBe(webPushPublicKey);
    const raw = Buffer.from(webPushPublicKey, 'base64url');
    const key = await importJWK(
      { kty: 'EC', crv: 'P-256', x: raw.subarray(1, 33).toString('base64url'), y: raw.subarray(33, 65).toString('base64url') },
      'ES256',
    );
    expect(decodeProtectedHeader(vapid[1]!).alg).toBe('ES256');
    const { payload } = await jwtVerify(vapid[1]!, key, { audience: new URL(pushService.url).origin });
    expect(payload.sub).toBe('mailto:ops@example.com');

    // RFC 8291: only the subscription's keys open it
    const decrypted = ece.decrypt(request.body, {
      version: 'aes128gcm',
      privateKey: browser,
      authSecret: auth.toString('base64url'),
    }) as Buffer;
    const notification = JSON.parse(decrypted.toString('utf8'));
    expect(notification).toMatchObject({
      type: 'message.new',
      conversationId,
      messageId: sendMessage.id,
      senderId: 'ann',
      title: 'Ops',
      body: 'ann: deploy at 5',
    });
  });

  it('forgets a subscription the push service says is gone (410)', async () => {
    pushService.answer = () => ({ status: 410 });
    const conversationId = await setUp(url, ['cat']);
    const browser = createECDH('prime256v1');
    browser.generateKeys();
    await call(
      url,
      'mutation ($s: WebPushSubscriptionInput!) { registerPushDevice(kind: WEB_PUSH, subscription: $s) { id } }',
      {
        s: {
          endpoint: `${pushService.url}/push/cat-1`,
          keys: { p256dh: browser.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') },
        },
      },
      'cat',
    );
    await call(url, 'mutation ($c: ID!) { sendMessage(input: { conversationId: $c, body: "ping" }) { id } }', { c: conversationId }, 'ann');
    await until(
      async () => (await call(url, '{ pushDevices { id } }', {}, 'cat')).pushDevices.length === 0,
      15_000,
      'the device to be forgotten',
    );
    expect(pushService.received.some((r) => r.path === '/push/cat-1')).toBe(true);
  });
});

describe('no event is lost when Parley dies', () => {
  it('delivers every event, in order and signed, after a SIGKILL with one in flight', async () => {
    const receiver = await startReceiver();
    cleanups.push(() => receiver.close());
    // nothing is answered at first: the first delivery hangs in flight, the rest wait behind it
    receiver.answer = () => ({ hang: true });
    const env = {
      ...(await freshDatabase()),
      WEBHOOK_URL: `${receiver.url}/hook`,
      WEBHOOK_SECRET: webhookSecret,
      WEBHOOK_EVENTS: 'MESSAGE_NEW',
      NOTIFY_TIMEOUT_MS: '1000',
    };
    const first = start(env);
    const url = await first.url();
    const conversationId = await setUp(url, ['bob']);
    const bodies = ['one', 'two', 'three', 'four', 'five'];
    for (const body of bodies) {
      await call(
        url,
        'mutation ($c: ID!, $b: String) { sendMessage(input: { conversationId: $c, body: $b }) { id } }',
        { c: conversationId, b: body },
        'ann',
      );
    }
    await until(() => receiver.received.length >= 1, 10_000, 'the first attempt');
    first.child.kill('SIGKILL');
    await first.exited;

    receiver.answer = () => ({ status: 200 });
    const second = start(env);
    await second.url();
    const verifier = new Verifier(webhookSecret);
    const delivered = () => {
      const byId = new Map<string, { data: { message: { body: string | null; seq: number; type: string } } }>();
      for (const r of receiver.received.slice(1)) {
        byId.set(r.headers['webhook-id'] as string, verifier.verify(r.body.toString(), r.headers as Record<string, string>) as never);
      }
      return [...byId.values()];
    };
    // the killed attempt's lease runs out (twice the 1 s time limit, plus 5 s), then it and the rest go
    await until(() => delivered().filter((e) => e.data.message.type !== 'ADMIN').length >= bodies.length, 30_000, 'every message');
    const events = delivered();
    const seqs = events.map((e) => e.data.message.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(events.filter((e) => e.data.message.type !== 'ADMIN').map((e) => e.data.message.body)).toEqual(bodies);
  }, 90_000);
});

describe.runIf(usingPostgres && !!process.env.REDIS_URL)('two instances over PostgreSQL', () => {
  it('share the deliveries with no attempt made twice, each conversation in order', async () => {
    const receiver = await startReceiver();
    cleanups.push(() => receiver.close());
    receiver.answer = () => ({ status: 200, delayMs: 20 });
    const env = {
      ...(await freshDatabase()),
      REDIS_URL: process.env.REDIS_URL!,
      REDIS_PREFIX: `parley-notify-${randomBytes(4).toString('hex')}:`,
      WEBHOOK_URL: `${receiver.url}/hook`,
      WEBHOOK_SECRET: webhookSecret,
      WEBHOOK_EVENTS: 'MESSAGE_NEW',
      NOTIFY_CONCURRENCY: '4',
    };
    const [a, b] = [start(env), start(env)];
    const urls = [await a.url(), await b.url()];
    const conversations: string[] = [];
    for (let i = 0; i < 4; i++) conversations.push(await setUp(urls[0]!, [`u${i}`]));
    const sends: Promise<unknown>[] = [];
    for (let n = 0; n < 40; n++) {
      const url = urls[n % 2]!;
      const c = conversations[n % 4]!;
      sends.push(
        call(
          url,
          'mutation ($c: ID!, $b: String) { sendMessage(input: { conversationId: $c, body: $b }) { id } }',
          { c, b: `m${n}` },
          'ann',
        ),
      );
    }
    await Promise.all(sends);
    const expected = 40 + 4; // the messages and each group's ADMIN message
    await until(() => receiver.received.length >= expected, 30_000, 'every delivery');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const ids = receiver.received.map((r) => r.headers['webhook-id']);
    expect(ids).toHaveLength(expected);
    expect(new Set(ids).size).toBe(expected);
    const verifier = new Verifier(webhookSecret);
    const byConversation = new Map<string, number[]>();
    for (const r of receiver.received) {
      const event = verifier.verify(r.body.toString(), r.headers as Record<string, string>) as {
        data: { conversationId: string; message: { seq: number } };
      };
      byConversation.set(event.data.conversationId, [...(byConversation.get(event.data.conversationId) ?? []), event.data.message.seq]);
    }
    for (const seqs of byConversation.values()) expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
  }, 120_000);
});
