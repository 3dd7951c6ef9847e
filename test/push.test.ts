/* eslint-disable @typescript-eslint/no-explicit-any -- these tests read GraphQL answers loosely */
// Push notifications, case by case: who gets one for a new message (the privacy model, presence,
// watching, mute, push settings, mentions, recipients, bans, departures, the message's own
// events.sendPushNotification), through the app's push gateway (a webhook taking PUSH) on a real
// HTTP receiver; device registration and its checks, including the SSRF rules for Web Push
// endpoints. Web Push itself, encrypted end to end to a push service over https, is in
// test/notifications-process.test.ts.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Webhook as Verifier } from 'standardwebhooks';
import { errorCodes, startApp, type TestApp } from './helpers/app.ts';
import { startReceiver, type Receiver } from './helpers/receiver.ts';
import { until, wsClient } from './helpers/ws.ts';
import { testConfig } from '../src/config.ts';
import { isPublicAddress, pushAgent } from '../src/notifications/endpoints.ts';

let app: TestApp;
let gateway: Receiver;
let gatewaySecret: string;
let counter = 0;

const users = ['ann', 'bob', 'cat', 'dan', 'eve'];

beforeAll(async () => {
  app = await startApp({ notifications: { ...testConfig().notifications, pollMs: 50, retryBaseMs: 100 } });
  await app.listen();
  gateway = await startReceiver();
  await app.users(...users);
  const { createWebhook } = await app.data<any, object>(
    'mutation ($url: String!) { createWebhook(url: $url, events: [PUSH]) { secret } }',
    { url: `${gateway.url}/gateway` },
    { apiKey: true },
  );
  gatewaySecret = createWebhook.secret;
  for (const user of users) {
    await app.data(
      'mutation ($token: String!) { registerPushDevice(kind: FCM, token: $token) { id } }',
      { token: `fcm-${user}` },
      { as: user },
    );
  }
});

afterAll(async () => {
  await gateway.close();
  await app.stop();
});

beforeEach(() => {
  gateway.received.length = 0;
});

interface Pushed {
  userId: string;
  device: { id: string; kind: string; token: string };
  notification: {
    type: string;
    conversationId: string;
    messageId: string;
    title: string;
    body: string;
    mentioned: boolean;
    senderId: string;
  };
}

/** Every push the gateway got, verified. */
function pushes(): Pushed[] {
  const verifier = new Verifier(gatewaySecret);
  return gateway.received.map((r) => {
    const body = verifier.verify(r.body.toString('utf8'), r.headers as Record<string, string>) as { type: string; data: Pushed };
    expect(body.type).toBe('push');
    expect(r.headers['webhook-id']).toMatch(/^push_\d+$/);
    return body.data;
  });
}

/** Waits until the outbox is empty: every event dispatched, every delivery done. */
async function settled(): Promise<void> {
  await app.server.runtime.notifications.drain();
  const prisma = app.server.database.prisma;
  await until(
    async () =>
      (await prisma.outboxEvent.count({ where: { dispatchedAt: null } })) === 0 &&
      (await prisma.delivery.count({ where: { state: 'PENDING' } })) === 0,
    10_000,
    'the outbox to be empty',
  );
}

/** Who was pushed the message. */
async function pushedFor(messageId: string): Promise<string[]> {
  await settled();
  return pushes()
    .filter((p) => p.notification.messageId === messageId)
    .map((p) => p.userId)
    .sort();
}

async function group(members: string[], input: Record<string, unknown> = {}): Promise<string> {
  const { createConversation } = await app.data<any, object>(
    'mutation ($input: CreateConversationInput!) { createConversation(input: $input) { id } }',
    { input: { title: `Group ${++counter}`, memberIds: members, ...input } },
    { as: 'ann' },
  );
  return createConversation.id;
}

async function send(conversationId: string, input: Record<string, unknown> = {}, as = 'ann'): Promise<string> {
  const { sendMessage } = await app.data<any, object>(
    'mutation ($input: SendMessageInput!) { sendMessage(input: $input) { id } }',
    { input: { conversationId, body: 'hello', ...input } },
    { as },
  );
  return sendMessage.id;
}

describe('who gets a push', () => {
  it('every other member who is away; never the sender, and never for what the server posts', async () => {
    const id = await group(['bob', 'cat']);
    const message = await send(id);
    expect(await pushedFor(message)).toEqual(['bob', 'cat']);
    // the group's ADMIN message went to nobody
    expect(pushes().every((p) => p.notification.messageId === message)).toBe(true);
    const pushed = pushes().find((p) => p.userId === 'bob')!;
    expect(pushed.device).toMatchObject({ kind: 'FCM', token: 'fcm-bob' });
    expect(pushed.notification).toMatchObject({
      type: 'message.new',
      conversationId: id,
      senderId: 'ann',
      title: `Group ${counter}`,
      body: 'Ann: hello',
      mentioned: false,
    });
  });

  it('not a member connected live, nor one watching the conversation', async () => {
    const id = await group(['bob', 'cat', 'dan']);
    const socket = wsClient(app.url, { authorization: `Bearer ${await app.token('bob')}` });
    try {
      await until(
        async () => (await app.data<any, object>('{ user(id: "bob") { isOnline } }', {}, { as: 'ann' })).user.isOnline,
        5000,
        'bob online',
      );
      await app.data('mutation ($c: ID!) { startWatching(conversationId: $c) { id } }', { c: id }, { as: 'cat' });
      expect(await pushedFor(await send(id))).toEqual(['dan']);
    } finally {
      await socket.dispose();
    }
    await until(
      async () => !(await app.data<any, object>('{ user(id: "bob") { isOnline } }', {}, { as: 'ann' })).user.isOnline,
      5000,
      'bob offline',
    );
    await app.data('mutation ($c: ID!) { stopWatching(conversationId: $c) { id } }', { c: id }, { as: 'cat' });
    expect(await pushedFor(await send(id))).toEqual(['bob', 'cat', 'dan']);
  });

  it('not a member who muted the conversation, unless the message mentions them', async () => {
    const id = await group(['bob', 'cat']);
    await app.data('mutation ($c: ID!) { updateConversationSettings(conversationId: $c, mute: true) { id } }', { c: id }, { as: 'bob' });
    expect(await pushedFor(await send(id))).toEqual(['cat']);
    const mention = await send(id, { body: '@bob look', mentionedUsers: [{ userId: 'bob', wordCount: 1, order: 1 }] });
    expect(await pushedFor(mention)).toEqual(['bob', 'cat']);
    expect(pushes().find((p) => p.userId === 'bob' && p.notification.messageId === mention)!.notification.mentioned).toBe(true);
  });

  it("follows the member's push setting, else the conversation's config.pushNotifications", async () => {
    const id = await group(['bob', 'cat'], { config: { pushNotifications: false } });
    expect(await pushedFor(await send(id))).toEqual([]);
    await app.data(
      'mutation ($c: ID!) { setMemberPushNotifications(conversationId: $c, userId: "bob", enabled: true) { id } }',
      { c: id },
      { as: 'bob' },
    );
    expect(await pushedFor(await send(id))).toEqual(['bob']);
    await app.data(
      'mutation ($c: ID!) { updateConversation(id: $c, input: { config: { pushNotifications: true } }) { id } }',
      { c: id },
      { as: 'ann' },
    );
    expect(await pushedFor(await send(id))).toEqual(['bob', 'cat']);
    // a member who turned push off gets none, not even for a mention (and muting changes nothing more)
    await app.data(
      'mutation ($c: ID!) { setMemberPushNotifications(conversationId: $c, userId: "cat", enabled: false) { id } }',
      { c: id },
      { as: 'cat' },
    );
    expect(await pushedFor(await send(id, { mentionedUsers: [{ userId: 'cat', wordCount: 1, order: 1 }] }))).toEqual(['bob']);
  });

  it("follows the message's events.sendPushNotification", async () => {
    const id = await group(['bob']);
    expect(await pushedFor(await send(id, { events: { sendPushNotification: false } }))).toEqual([]);
    expect(await pushedFor(await send(id, { events: { sendPushNotification: true } }))).toEqual(['bob']);
  });

  it('only the recipients of a message for some; not the banned, not those who left', async () => {
    const id = await group(['bob', 'cat', 'dan', 'eve']);
    expect(await pushedFor(await send(id, { recipientIds: ['cat'] }))).toEqual(['cat']);
    await app.data('mutation ($c: ID!) { banMembers(conversationId: $c, userIds: ["dan"]) { id } }', { c: id }, { as: 'ann' });
    await app.data('mutation ($c: ID!) { leaveConversation(conversationId: $c) { id } }', { c: id }, { as: 'eve' });
    expect(await pushedFor(await send(id))).toEqual(['bob', 'cat']);
  });

  it('a 1-to-1 is titled with the sender; an encrypted body is not shown', async () => {
    const { sendMessage } = await app.data<any, object>(
      'mutation { sendMessage(input: { userId: "eve", body: "secret plan", encrypted: true }) { id conversation { id } } }',
      {},
      { as: 'bob' },
    );
    expect(await pushedFor(sendMessage.id)).toEqual(['eve']);
    expect(pushes().find((p) => p.notification.messageId === sendMessage.id)!.notification).toMatchObject({
      title: 'Bob',
      body: 'New message',
    });
  });

  it('nothing for a message recalled before it went out', async () => {
    const id = await group(['bob']);
    await app.server.runtime.notifications.stop();
    try {
      const message = await send(id);
      await app.data('mutation ($id: ID!) { deleteMessagesForEveryone(messageIds: [$id]) { id } }', { id: message }, { as: 'ann' });
      app.server.runtime.notifications.start();
      expect(await pushedFor(message)).toEqual([]);
    } finally {
      app.server.runtime.notifications.start();
    }
  });
});

describe('devices', () => {
  const Register =
    'mutation ($kind: PushDeviceKind!, $token: String, $sub: WebPushSubscriptionInput) { registerPushDevice(kind: $kind, token: $token, subscription: $sub) { id kind token endpoint } }';
  const keys = { p256dh: Buffer.alloc(65, 4).toString('base64url'), auth: Buffer.alloc(16, 1).toString('base64url') };

  it('belong to one user, who lists and removes them; a token registered by another user moves to them', async () => {
    const { registerPushDevice: a } = await app.data<any, object>(Register, { kind: 'APNS', token: 'apns-shared' }, { as: 'cat' });
    expect(a).toMatchObject({ kind: 'APNS', token: 'apns-shared', endpoint: null });
    const { registerPushDevice: b } = await app.data<any, object>(Register, { kind: 'APNS', token: 'apns-shared' }, { as: 'dan' });
    expect(b.id).toBe(a.id);
    const listed = async (as: string) =>
      (await app.data<any, object>('{ pushDevices { id token } }', {}, { as })).pushDevices as { id: string; token: string }[];
    expect((await listed('cat')).map((d) => d.token)).toEqual(['fcm-cat']);
    expect((await listed('dan')).map((d) => d.token).sort()).toEqual(['apns-shared', 'fcm-dan']);
    // someone else's device answers like one that does not exist
    expect(errorCodes(await app.request('mutation ($id: ID!) { unregisterPushDevice(id: $id) }', { id: a.id }, { as: 'cat' }))).toEqual([
      'NOT_FOUND',
    ]);
    await app.data('mutation ($id: ID!) { unregisterPushDevice(id: $id) }', { id: a.id }, { as: 'dan' });
    expect((await listed('dan')).map((d) => d.token)).toEqual(['fcm-dan']);
  });

  it('stop pushes once unregistered', async () => {
    const { registerPushDevice } = await app.data<any, object>(Register, { kind: 'FCM', token: 'fcm-eve-2' }, { as: 'eve' });
    const id = await group(['eve']);
    const first = await send(id);
    await settled();
    expect(
      pushes()
        .filter((p) => p.notification.messageId === first)
        .map((p) => p.device.token)
        .sort(),
    ).toEqual(['fcm-eve', 'fcm-eve-2']);
    await app.data('mutation ($id: ID!) { unregisterPushDevice(id: $id) }', { id: registerPushDevice.id }, { as: 'eve' });
    const second = await send(id);
    await settled();
    expect(
      pushes()
        .filter((p) => p.notification.messageId === second)
        .map((p) => p.device.token),
    ).toEqual(['fcm-eve']);
  });

  it('are checked: the right fields for the kind, keys of the right length', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ kind: 'FCM' }, 'token'],
      [{ kind: 'FCM', token: '   ' }, 'token'],
      [{ kind: 'FCM', token: 'x', sub: { endpoint: 'https://93.184.216.34/p', keys } }, 'subscription'],
      [{ kind: 'WEB_PUSH' }, 'subscription'],
      [{ kind: 'WEB_PUSH', token: 'x', sub: { endpoint: 'https://93.184.216.34/p', keys } }, 'token'],
      [{ kind: 'WEB_PUSH', sub: { endpoint: 'https://93.184.216.34/p', keys: { ...keys, p256dh: 'short' } } }, 'subscription.keys.p256dh'],
      [
        { kind: 'WEB_PUSH', sub: { endpoint: 'https://93.184.216.34/p', keys: { ...keys, auth: Buffer.alloc(8).toString('base64url') } } },
        'subscription.keys.auth',
      ],
    ];
    for (const [variables, field] of cases) {
      const result = await app.request(Register, variables, { as: 'bob' });
      expect(errorCodes(result), JSON.stringify(variables)).toEqual(['BAD_USER_INPUT']);
      expect(result.errors![0]!.extensions!.field).toBe(field);
    }
    const ok = await app.data<any, object>(
      Register,
      { kind: 'WEB_PUSH', sub: { endpoint: 'https://93.184.216.34/push/abc', keys } },
      { as: 'bob' },
    );
    expect(ok.registerPushDevice).toMatchObject({ kind: 'WEB_PUSH', endpoint: 'https://93.184.216.34/push/abc', token: null });
    await app.data('mutation ($id: ID!) { unregisterPushDevice(id: $id) }', { id: ok.registerPushDevice.id }, { as: 'bob' });
  });

  it('refuse Web Push endpoints that are not https on the public internet (SSRF)', async () => {
    for (const endpoint of [
      'http://93.184.216.34/push',
      'https://127.0.0.1/push',
      'https://localhost/push',
      'https://10.1.2.3/push',
      'https://192.168.0.10/push',
      'https://172.16.5.5/push',
      'https://169.254.169.254/latest/meta-data',
      'https://[::1]/push',
      'https://[fe80::1]/push',
      'https://[fc00::1]/push',
      'https://[::ffff:127.0.0.1]/push',
      'https://0.0.0.0/push',
      'https://100.64.0.1/push',
      'https://user:pw@93.184.216.34/push',
      'not a url',
    ]) {
      const result = await app.request(Register, { kind: 'WEB_PUSH', sub: { endpoint, keys } }, { as: 'bob' });
      expect(errorCodes(result), endpoint).toEqual(['BAD_USER_INPUT']);
      expect(result.errors![0]!.extensions!.field).toBe('subscription.endpoint');
    }
  });

  it('the address rules and the connect-time check, directly', async () => {
    expect(['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'].every(isPublicAddress)).toBe(true);
    expect(
      ['127.0.0.1', '10.0.0.1', '::1', '::ffff:10.0.0.1', '169.254.1.1', 'fd00::1', '224.0.0.1', 'nonsense'].some(isPublicAddress),
    ).toBe(false);
    // a name that resolves to loopback is refused when the agent connects
    const agent = pushAgent(false);
    const error = await new Promise<Error & { code?: string }>((resolve) => {
      const lookup = (agent.options as { lookup: (h: string, o: object, cb: (e: Error | null) => void) => void }).lookup;
      lookup('localhost', {}, (e) => resolve(e!));
    });
    agent.destroy();
    expect(error.code).toBe('EPUSHENDPOINT');
  });
});

describe('the VAPID key', () => {
  it('is made once and served to clients', async () => {
    const first = await app.data<any, object>('{ webPushPublicKey }', {}, { as: 'bob' });
    const second = await app.data<any, object>('{ webPushPublicKey }', {}, { as: 'cat' });
    expect(first.webPushPublicKey).toBe(second.webPushPublicKey);
    expect(Buffer.from(first.webPushPublicKey, 'base64url')).toHaveLength(65);
  });
});
