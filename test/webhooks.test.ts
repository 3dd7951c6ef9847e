/* eslint-disable @typescript-eslint/no-explicit-any -- these tests read GraphQL answers loosely */
// Webhooks through a real HTTP receiver on loopback: configuration by the API key, every event
// type, Standard Webhooks signatures (verified with the `standardwebhooks` package), retries with
// backoff, order per conversation, giving up, disabling an endpoint that fails for the retry
// window, nothing for a change that rolled back, and the metrics.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Webhook as Verifier } from 'standardwebhooks';
import { errorCodes, startApp, type TestApp } from './helpers/app.ts';
import { startReceiver, type Receiver } from './helpers/receiver.ts';
import { until } from './helpers/ws.ts';

let app: TestApp;
let receiver: Receiver;

beforeAll(async () => {
  app = await startApp({
    notifications: {
      ...(await import('../src/config.ts')).testConfig().notifications,
      pollMs: 50,
      retryBaseMs: 100,
      maxRetryDelayMs: 400,
      timeoutMs: 2000,
    },
  });
  await app.listen();
  receiver = await startReceiver();
  await app.users('ann', 'bob', 'cat', 'dan');
});

afterAll(async () => {
  await receiver.close();
  await app.stop();
});

afterEach(async () => {
  // each test starts with no webhooks and a receiver that says 200
  const { webhooks } = await app.data<{ webhooks: { id: string }[] }, object>('{ webhooks { id } }', {}, { apiKey: true });
  for (const { id } of webhooks) await app.data('mutation ($id: ID!) { deleteWebhook(id: $id) }', { id }, { apiKey: true });
  receiver.answer = () => ({ status: 200 });
  receiver.received.length = 0;
});

const CreateWebhook = `mutation ($url: String!, $events: [WebhookEvent!], $secret: String) {
  createWebhook(url: $url, events: $events, secret: $secret) { id url events secret enabled disabledReason }
}`;

interface Hook {
  id: string;
  url: string;
  events: string[];
  secret: string;
  enabled: boolean;
  disabledReason: string | null;
}

async function createHook(events?: string[], path = '/hook'): Promise<Hook> {
  const { createWebhook } = await app.data<{ createWebhook: Hook }, object>(
    CreateWebhook,
    { url: `${receiver.url}${path}`, events },
    { apiKey: true },
  );
  return createWebhook;
}

async function group(owner: string, members: string[]): Promise<string> {
  const { createConversation } = await app.data<{ createConversation: { id: string } }, object>(
    'mutation ($input: CreateConversationInput!) { createConversation(input: $input) { id } }',
    { input: { title: 'Team', memberIds: members, config: { pinMessages: true } } },
    { as: owner },
  );
  return createConversation.id;
}

async function send(as: string, conversationId: string, body: string, extra: Record<string, unknown> = {}): Promise<string> {
  const { sendMessage } = await app.data<{ sendMessage: { id: string } }, object>(
    'mutation ($input: SendMessageInput!) { sendMessage(input: $input) { id } }',
    { input: { conversationId, body, ...extra } },
    { as },
  );
  return sendMessage.id;
}

interface Delivered {
  type: string;
  timestamp: string;
  data: Record<string, any>;
}

/** The receiver's requests to a path, each verified against the secret; fails on a bad signature. */
function verified(secret: string, path: string): (Delivered & { id: string })[] {
  const verifier = new Verifier(secret);
  return receiver.received
    .filter((r) => r.path === path)
    .map((r) => {
      const payload = verifier.verify(r.body.toString('utf8'), r.headers as Record<string, string>) as Delivered;
      return { ...payload, id: r.headers['webhook-id'] as string };
    });
}

const typesOf = (list: { type: string }[]) => list.map((d) => d.type);

/**
 * Each event once, in the order first received. Delivery is at least once: under load an attempt
 * can time out after the receiver took it, and is sent again with the same webhook-id and payload
 * (how a receiver tells a repeat), which this checks.
 */
function once<E extends Delivered & { id: string }>(delivered: E[]): E[] {
  const byId = new Map<string, string>();
  for (const e of delivered) {
    const body = JSON.stringify([e.type, e.data]);
    expect(byId.get(e.id) ?? body, `a repeat of ${e.id} is the same event`).toBe(body);
    byId.set(e.id, body);
  }
  return delivered.filter((e, i) => delivered.findIndex((other) => other.id === e.id) === i);
}

/**
 * Waits until nothing more will be sent to a webhook: every event dispatched, and every one of its
 * deliveries' outcomes recorded (delivered or given up). After it, what the receiver has is all it
 * gets, with no sleep to guess when that is.
 */
async function settled(hookId: string): Promise<void> {
  const prisma = app.server.database.prisma;
  await until(
    async () =>
      (await prisma.outboxEvent.count({ where: { dispatchedAt: null } })) === 0 &&
      (await prisma.delivery.count({ where: { webhookId: hookId, state: 'PENDING' } })) === 0,
    15_000,
    "the webhook's deliveries to be done",
  );
}

describe("the app's own events", () => {
  it('tells the app of conversation mutes and memberInfo, with its privateTag and privateData (issue 16)', async () => {
    const { id: hookId, secret } = await createHook(['CONVERSATION_MUTED', 'CONVERSATION_UNMUTED', 'MEMBER_INFO_CHANGED'], '/app');
    const { createConversation } = await app.data<{ createConversation: { id: string } }, object>(
      'mutation { createConversation(input: { title: "Ops", memberIds: ["ann", "bob"], privateTag: "tier-1", privateData: { crm: 42 } }) { id } }',
      {},
      { apiKey: true },
    );
    const id = createConversation.id;
    await app.data('mutation ($id: ID!) { muteConversation(conversationId: $id, expireInMinutes: 5) { id } }', { id }, { apiKey: true });
    await app.data(
      'mutation ($id: ID!) { setMemberInfo(conversationId: $id, userId: "bob", memberInfo: { seat: 1 }) { id } }',
      { id },
      { as: 'ann' },
    );
    await app.data('mutation ($id: ID!) { unmuteConversation(conversationId: $id) { id } }', { id }, { as: 'ann' });
    await until(() => once(verified(secret, '/app')).length >= 3, 15_000, 'three events');
    await settled(hookId);
    const events = once(verified(secret, '/app'));
    expect(typesOf(events)).toEqual(['conversation.muted', 'member.info_changed', 'conversation.unmuted']);
    expect(events[0]!.data).toMatchObject({
      actorId: null,
      actorKind: 'APP',
      conversation: { id, privateTag: 'tier-1', privateData: { crm: 42 } },
    });
    expect(events[0]!.data.conversation.mutedUntil).toMatch(/Z$/);
    expect(events[1]!.data).toMatchObject({ actorId: 'ann', userIds: ['bob'] });
    expect(events[2]!.data.conversation).toMatchObject({ mutedAt: null, mutedUntil: null });
  });
});

describe('configuration', () => {
  it('belongs to the API key, checks what it is given, and makes a secret when none is given', async () => {
    const asUser = await app.request(CreateWebhook, { url: `${receiver.url}/x` }, { as: 'ann' });
    expect(errorCodes(asUser)).toEqual(['FORBIDDEN']);
    expect(errorCodes(await app.request('{ webhooks { id } }', {}, { as: 'ann' }))).toEqual(['FORBIDDEN']);

    const hook = await createHook();
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(hook.secret.slice(6), 'base64').length).toBeGreaterThanOrEqual(24);
    // left out: every event but the push gateway's
    expect(hook.events).toContain('MESSAGE_NEW');
    expect(hook.events).toContain('CONVERSATION_FROZEN');
    expect(hook.events).not.toContain('PUSH');

    for (const [variables, field] of [
      [{ url: 'ftp://example.com/x' }, 'url'],
      [{ url: 'not a url' }, 'url'],
      [{ url: `${receiver.url}/x`, events: [] }, 'events'],
      [{ url: `${receiver.url}/x`, secret: 'whsec_short' }, 'secret'],
      [{ url: `${receiver.url}/x`, secret: 'plain-secret-without-prefix-0000000000' }, 'secret'],
    ] as const) {
      const result = await app.request(CreateWebhook, variables, { apiKey: true });
      expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
      expect(result.errors![0]!.extensions!.field).toBe(field);
    }
    const update = await app.request('mutation { updateWebhook(id: "nope", enabled: false) { id } }', {}, { apiKey: true });
    expect(errorCodes(update)).toEqual(['NOT_FOUND']);
    expect(errorCodes(await app.request('mutation { deleteWebhook(id: "nope") }', {}, { apiKey: true }))).toEqual(['NOT_FOUND']);
  });
});

describe('delivery', () => {
  it('sends every kind of event, signed, with the data a receiver needs, and nothing private', async () => {
    const secret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
    const { createWebhook: hook } = await app.data<{ createWebhook: Hook }, object>(
      CreateWebhook,
      { url: `${receiver.url}/all`, secret },
      { apiKey: true },
    );
    expect(hook.secret).toBe(secret);
    const id = await group('ann', ['bob', 'cat']);
    const m1 = await send('bob', id, 'hello team');
    await app.data('mutation ($id: ID!) { editMessage(messageId: $id, input: { body: "hello all" }) { id } }', { id: m1 }, { as: 'bob' });
    await app.data('mutation ($id: ID!) { addReaction(messageId: $id, type: "like") { id } }', { id: m1 }, { as: 'cat' });
    await app.data('mutation ($id: ID!) { removeReaction(messageId: $id, type: "like") { id } }', { id: m1 }, { as: 'cat' });
    await app.data('mutation ($id: ID!) { pinMessage(messageId: $id) { id } }', { id: m1 }, { as: 'ann' });
    await app.data('mutation ($id: ID!) { flagMessage(messageId: $id, reason: "rude") { id } }', { id: m1 }, { as: 'cat' });
    // private to cat: no event
    await app.data('mutation ($id: ID!) { deleteMessages(messageIds: [$id]) }', { id: m1 }, { as: 'cat' });
    await app.data('mutation ($c: ID!) { updateConversationSettings(conversationId: $c, mute: true) { id } }', { c: id }, { as: 'cat' });
    await app.data('mutation ($c: ID!) { markConversationRead(conversationId: $c) { id } }', { c: id }, { as: 'cat' });
    await app.data('mutation ($id: ID!) { deleteMessagesForEveryone(messageIds: [$id]) { id } }', { id: m1 }, { as: 'bob' });
    await app.data('mutation ($c: ID!) { addMembers(conversationId: $c, userIds: ["dan"]) { id } }', { c: id }, { as: 'ann' });
    await app.data(
      'mutation ($c: ID!) { muteMembers(conversationId: $c, userIds: ["dan"], expireInMinutes: 5) { id } }',
      { c: id },
      { as: 'ann' },
    );
    await app.data('mutation ($c: ID!) { banMembers(conversationId: $c, userIds: ["dan"]) { id } }', { c: id }, { as: 'ann' });
    await app.data('mutation ($c: ID!) { removeMembers(conversationId: $c, userIds: ["cat"]) { id } }', { c: id }, { as: 'ann' });
    await app.data('mutation ($c: ID!) { updateConversation(id: $c, input: { title: "Team 2" }) { id } }', { c: id }, { as: 'ann' });
    await app.data('mutation ($c: ID!) { freezeConversation(conversationId: $c, frozen: true) { id } }', { c: id }, { as: 'ann' });

    // in the order they happened (the ADMIN messages the server posts for group changes aside)
    const expected = [
      'conversation.created',
      'member.added',
      'message.new',
      'message.edited',
      'reaction.added',
      'reaction.removed',
      'message.pinned',
      'message.flagged',
      'message.recalled',
      'member.added',
      'member.muted',
      'member.banned',
      'member.removed',
      'conversation.updated',
      'conversation.frozen',
    ];
    const isAdminMessage = (e: Delivered) => e.type === 'message.new' && e.data.message.type === 'ADMIN';
    await until(() => once(verified(secret, '/all')).filter((e) => !isAdminMessage(e)).length >= expected.length, 15_000, 'every event');
    // and nothing after them still on its way
    await settled(hook.id);
    // at least once (once() checks that a repeat is the same event)
    const events = once(verified(secret, '/all'));
    const noAdmin = events.filter((e) => !isAdminMessage(e));
    expect(typesOf(noAdmin)).toEqual(expected);
    expect(events.some(isAdminMessage)).toBe(true);
    expect(events.every((e) => e.id.startsWith('evt_'))).toBe(true);

    const created = noAdmin.find((e) => e.type === 'message.new')!;
    expect(created.data).toMatchObject({
      conversationId: id,
      actorId: 'bob',
      message: { id: m1, body: 'hello team', senderId: 'bob', seq: 2 },
    });
    expect(created.data.message.createdAt).toMatch(/Z$/);
    expect(created.data.message).not.toHaveProperty('inputHash');
    expect(noAdmin.find((e) => e.type === 'message.edited')!.data).toMatchObject({ actorId: 'bob', message: { body: 'hello all' } });
    expect(noAdmin.find((e) => e.type === 'reaction.added')!.data).toMatchObject({ actorId: 'cat', reaction: 'like', message: { id: m1 } });
    expect(noAdmin.find((e) => e.type === 'message.flagged')!.data).toMatchObject({ actorId: 'cat', reason: 'rude' });
    expect(noAdmin.find((e) => e.type === 'message.recalled')!.data).toMatchObject({
      actorId: 'bob',
      message: { id: m1, isDeleted: true, body: null },
    });
    expect(noAdmin.find((e) => e.type === 'member.banned')!.data).toMatchObject({ actorId: 'ann', userIds: ['dan'] });
    expect(noAdmin.find((e) => e.type === 'conversation.updated')!.data.conversation).toMatchObject({ id, title: 'Team 2' });
    expect(noAdmin.find((e) => e.type === 'conversation.frozen')!.data.conversation).toMatchObject({ id, isFrozen: true });
    expect(noAdmin.find((e) => e.type === 'conversation.created')!.data).toMatchObject({
      actorId: 'ann',
      conversation: { id, isGroup: true },
    });
  });

  it('sends only the events a webhook takes', async () => {
    const hook = await createHook(['MESSAGE_NEW'], '/only-new');
    const id = await group('ann', ['bob']);
    await send('bob', id, 'one');
    await app.data('mutation ($c: ID!) { updateConversation(id: $c, input: { customType: "x" }) { id } }', { c: id }, { as: 'ann' });
    await send('ann', id, 'two');
    await until(() => once(verified(hook.secret, '/only-new')).length >= 3, 15_000, 'three new messages');
    await settled(hook.id);
    const events = once(verified(hook.secret, '/only-new'));
    expect(typesOf(events)).toEqual(['message.new', 'message.new', 'message.new']);
    expect(events.map((e) => e.data.message.body)).toEqual([null, 'one', 'two']);
  });

  it('carries text PostgreSQL cannot keep as JSON (a lone surrogate) as U+FFFD, instead of failing the change', async () => {
    const hook = await createHook(['REACTION_ADDED'], '/surrogate');
    const id = await group('ann', ['bob']);
    const message = await send('bob', id, 'react to me');
    await app.data(
      'mutation ($id: ID!, $t: String!) { addReaction(messageId: $id, type: $t) { id } }',
      { id: message, t: 'x\uD800y' },
      { as: 'ann' },
    );
    await until(() => receiver.received.some((r) => r.path === '/surrogate'), 5000, 'the reaction event');
    expect(verified(hook.secret, '/surrogate')[0]!.data.reaction).toBe('x\uFFFDy');
  });

  it('sends nothing for a change that rolled back', async () => {
    const hook = await createHook(['MESSAGE_NEW', 'CONVERSATION_CREATED', 'MEMBER_ADDED'], '/rollback');
    const id = await group('ann', ['bob']);
    // a broadcast with one target bob may not post to sends nothing anywhere
    const closed = await group('cat', ['dan']);
    // the groups' events (three each) are all sent before the broadcast
    await until(() => once(verified(hook.secret, '/rollback')).length >= 6, 15_000, 'the group events');
    await settled(hook.id);
    receiver.received.length = 0;
    const refused = await app.request(
      'mutation ($ids: [ID!]) { broadcastMessage(input: { conversationIds: $ids, body: "hi" }) { id } }',
      { ids: [id, closed] },
      { as: 'bob' },
    );
    expect(errorCodes(refused)).toEqual(['FORBIDDEN']);
    await send('ann', id, 'after');
    // one conversation's events go in order: an event of the broadcast would come before 'after'
    await until(() => receiver.received.length >= 1, 15_000, 'the message after');
    await settled(hook.id);
    expect(once(verified(hook.secret, '/rollback')).map((e) => e.data.message.body)).toEqual(['after']);
  });
});

describe('retries', () => {
  it('retries network errors, 5xx, 408 and 429 with backoff until delivered, and shows the attempts', async () => {
    const hook = await createHook(['MESSAGE_NEW'], '/flaky');
    const statuses = [503, 429, 408, 500];
    receiver.answer = (_r, index) => ({ status: statuses[index] ?? 200 });
    // the group's first ADMIN message is the first event: it takes five attempts (more if one of
    // them times out under load: a failure too, retried)
    await group('ann', ['bob']);
    const first = () => receiver.received.filter((r) => r.headers['webhook-id'] === receiver.received[0]!.headers['webhook-id']);
    await until(() => receiver.received.length >= 5, 15_000, 'five attempts');
    const attempts = first().slice(0, 5);
    expect(attempts).toHaveLength(5);
    expect(attempts.map((r) => r.json)).toEqual(Array(5).fill(attempts[0]!.json));
    const gaps = attempts.slice(1).map((r, i) => r.at - attempts[i]!.at);
    // backoff: 100 ms doubling (±20 %), capped at 400 ms: each gap at least its delay (a little
    // less for the clocks' rounding), however much later a loaded machine makes it
    gaps.forEach((gap, i) => expect(gap, `gap ${i + 1}`).toBeGreaterThanOrEqual(0.8 * Math.min(400, 100 * 2 ** i) - 10));
    // the fifth attempt's outcome is recorded once its answer is read, a moment after the receiver saw it
    const oldestDelivery = async () =>
      (
        await app.data<any, object>(
          `query ($id: ID!) { webhookDeliveries(webhookId: $id, first: 10) { totalCount edges { node { eventId eventType state attempts lastStatus lastError deliveredAt firstAttemptAt } } } }`,
          { id: hook.id },
          { apiKey: true },
        )
      ).webhookDeliveries.edges.at(-1).node;
    await until(async () => (await oldestDelivery()).state !== 'PENDING', 15_000, 'the last attempt to be recorded');
    const oldest = await oldestDelivery();
    expect(`evt_${oldest.eventId}`).toBe(attempts[0]!.headers['webhook-id']);
    expect(oldest).toMatchObject({ eventType: 'message.new', state: 'DELIVERED', lastStatus: 200, lastError: null });
    // every attempt is counted: five, and one more for each that timed out under load
    expect(oldest.attempts).toBeGreaterThanOrEqual(5);
    expect(oldest.attempts).toBe(first().length);
  });

  it('stops at a 4xx the receiver means, and goes on with the next event', async () => {
    const hook = await createHook(['MESSAGE_NEW'], '/gone');
    // the first event (the group's ADMIN message) is refused with a 400 every time it comes
    let refused: unknown;
    receiver.answer = (r) => {
      refused ??= r.headers['webhook-id'];
      return { status: r.headers['webhook-id'] === refused ? 400 : 200 };
    };
    const id = await group('ann', ['bob']);
    await send('bob', id, 'next');
    await until(() => receiver.received.length >= 2, 15_000, 'two requests');
    // an outcome is recorded once its answer is read, a moment after the receiver saw the request;
    // a 400 that were retried would keep its delivery pending
    await settled(hook.id);
    const { webhookDeliveries } = await app.data<any, object>(
      `query ($id: ID!) { webhookDeliveries(webhookId: $id, first: 10) { edges { node { eventId state attempts lastStatus lastError } } } }`,
      { id: hook.id },
      { apiKey: true },
    );
    // newest first
    const [next, first] = webhookDeliveries.edges.map((e: any) => e.node);
    expect(webhookDeliveries.edges).toHaveLength(2);
    expect(first).toMatchObject({ state: 'FAILED', lastStatus: 400, lastError: 'HTTP 400' });
    expect(next).toMatchObject({ state: 'DELIVERED', lastStatus: 200, lastError: null });
    // no attempt after the 400: one, unless an attempt timed out under load before the 400 was read
    const requests = (eventId: string) => receiver.received.filter((r) => r.headers['webhook-id'] === `evt_${eventId}`).length;
    expect(requests(first.eventId)).toBe(first.attempts);
    expect(requests(next.eventId)).toBe(next.attempts);
    expect(receiver.received).toHaveLength(first.attempts + next.attempts);
  });

  it("keeps one conversation's events in order while another's go on", async () => {
    const hook = await createHook(['MESSAGE_NEW'], '/order');
    const a = await group('ann', ['bob']);
    const b = await group('cat', ['dan']);
    await until(() => once(verified(hook.secret, '/order')).length >= 2, 15_000, 'the groups');
    await settled(hook.id);
    receiver.received.length = 0;
    // a1 fails at least three times, and until b1 has come: a2 and a3 wait for it, b1 does not
    // (were b1 kept behind a1, a1 would never pass and this test would time out)
    const bodyOf = (r: { json: unknown }) => (r.json as Delivered).data.message.body as string;
    let failures = 0;
    receiver.answer = (r) => {
      if (bodyOf(r) === 'a1' && (failures < 3 || !receiver.received.some((other) => bodyOf(other) === 'b1'))) {
        failures++;
        return { status: 503 };
      }
      return { status: 200 };
    };
    await send('ann', a, 'a1');
    await send('ann', a, 'a2');
    await send('cat', b, 'b1');
    await send('ann', a, 'a3');
    const sent = () => once(verified(hook.secret, '/order')).map((e) => e.data.message.body);
    await until(() => ['a1', 'a2', 'a3', 'b1'].every((body) => sent().includes(body)), 15_000, 'all');
    await settled(hook.id);
    // every request, repeats included (a1's failures, and any attempt that timed out under load)
    const bodies = verified(hook.secret, '/order').map((e) => e.data.message.body);
    const attempts = `attempts in order: ${bodies.join(', ')}`;
    expect(failures, 'a1 failed at least three times').toBeGreaterThanOrEqual(3);
    // a's in order: each first sent once the one before it was done with
    expect(
      sent().filter((body) => body.startsWith('a')),
      attempts,
    ).toEqual(['a1', 'a2', 'a3']);
    expect(bodies.indexOf('a2'), `a2 went before a1 was done with; ${attempts}`).toBeGreaterThan(bodies.lastIndexOf('a1'));
    expect(bodies.indexOf('a3'), `a3 went before a2 was done with; ${attempts}`).toBeGreaterThan(bodies.lastIndexOf('a2'));
    // b1 did not wait behind a1's failures
    expect(bodies.indexOf('b1'), `b1 waited behind a1's failures; ${attempts}`).toBeLessThan(bodies.lastIndexOf('a1'));
  });

  it('gives a delivery up after the retry window, disables the endpoint with why, and resumes when enabled again', async () => {
    const hook = await createHook(['MESSAGE_NEW'], '/down');
    receiver.answer = () => ({ status: 503 });
    const id = await group('ann', ['bob']);
    await until(() => receiver.received.length >= 2, 5000, 'failing attempts');
    // a day later, the next failure gives up and disables the endpoint
    const clock = app.server.runtime.clock;
    const realNow = clock.now;
    clock.now = () => new Date(Date.now() + 25 * 3600_000);
    try {
      await until(
        async () => {
          const { webhooks } = await app.data<any, object>('{ webhooks { id enabled disabledReason } }', {}, { apiKey: true });
          return webhooks.find((w: Hook) => w.id === hook.id)?.enabled === false;
        },
        10_000,
        'the webhook to be disabled',
      );
      const { webhooks } = await app.data<any, object>('{ webhooks { id enabled disabledReason } }', {}, { apiKey: true });
      const disabled = webhooks.find((w: Hook) => w.id === hook.id);
      expect(disabled.disabledReason).toMatch(/Every delivery failed for 24 hours since .*HTTP 503/);
      const { webhookDeliveries } = await app.data<any, object>(
        `query ($id: ID!) { webhookDeliveries(webhookId: $id, first: 5) { edges { node { state lastError } } } }`,
        { id: hook.id },
        { apiKey: true },
      );
      expect(webhookDeliveries.edges[0].node).toEqual({ state: 'FAILED', lastError: 'HTTP 503' });
    } finally {
      clock.now = realNow;
    }
    // while disabled, new events wait as deliveries made before; enabling it delivers them
    receiver.received.length = 0;
    receiver.answer = () => ({ status: 200 });
    await app.data('mutation ($id: ID!) { updateWebhook(id: $id, enabled: true) { enabled } }', { id: hook.id }, { apiKey: true });
    await send('bob', id, 'back');
    await until(
      () => receiver.received.some((r) => (r.json as Delivered).data.message.body === 'back'),
      5000,
      'the message after re-enabling',
    );
  });
});

describe("each webhook's deliveries and backlog (Webhook.deliveries, pendingDeliveryCount, failedDeliveryCount)", () => {
  const Dashboard = `{
    webhooks {
      id
      deliveries(first: 2) { totalCount pageInfo { hasNextPage endCursor } edges { node { id state } } }
      failed: deliveries(state: FAILED) { totalCount edges { node { id } } }
      pendingDeliveryCount
      failedDeliveryCount
    }
  }`;
  const ByQuery = `query ($id: ID!, $state: DeliveryState) {
    webhookDeliveries(webhookId: $id, first: 10, state: $state) { totalCount edges { node { id state } } }
  }`;

  it('answers for every webhook in statements that do not grow with the webhooks, as webhookDeliveries does', async () => {
    // /ok answers 200, /gone 400 (given up at once), /down 503 (retried: pending)
    receiver.answer = (r) => ({ status: r.path === '/gone' ? 400 : r.path === '/down' ? 503 : 200 });
    const ok = await createHook(['MESSAGE_NEW'], '/ok');
    const id = await group('ann', ['bob']);
    await until(() => receiver.received.filter((r) => r.path === '/ok').length >= 1, 5000, 'the first delivery');
    const one = await app.countSql(() => app.data<any, object>(Dashboard, {}, { apiKey: true }));
    expect(one.result.webhooks).toHaveLength(1);

    const gone = await createHook(['MESSAGE_NEW'], '/gone');
    const down = await createHook(['MESSAGE_NEW'], '/down');
    await send('bob', id, 'one');
    await send('ann', id, 'two');
    const hits = (path: string) => receiver.received.filter((r) => r.path === path).length;
    await until(() => hits('/ok') >= 3 && hits('/gone') >= 2 && hits('/down') >= 2, 5000, 'the deliveries');
    await until(
      async () => {
        const { webhooks } = await app.data<any, object>('{ webhooks { failedDeliveryCount pendingDeliveryCount } }', {}, { apiKey: true });
        const total = (count: string) => webhooks.reduce((n: number, w: any) => n + w[count], 0);
        // /gone's two given up, and only /down's two still pending (/ok's recorded as delivered)
        return total('failedDeliveryCount') === 2 && total('pendingDeliveryCount') === 2;
      },
      5000,
      'the outcomes recorded',
    );
    const three = await app.countSql(() => app.data<any, object>(Dashboard, {}, { apiKey: true }));
    const byId = new Map<string, any>(three.result.webhooks.map((w: any) => [w.id, w]));
    expect(three.result.webhooks).toHaveLength(3);
    // the same statements for three webhooks as for one: loaded with them, not per webhook
    expect(three.stats.statements).toBe(one.stats.statements);
    // each webhook's page is cut in SQL (relationJoins: a LATERAL join with a LIMIT), not read whole
    const rowReads = three.stats.log.filter((statement) => statement.includes('"delivered_at"'));
    expect(rowReads.length).toBeGreaterThan(0);
    for (const statement of rowReads) expect(statement).toMatch(/LIMIT/);

    expect(byId.get(ok.id)).toMatchObject({ pendingDeliveryCount: 0, failedDeliveryCount: 0, failed: { totalCount: 0 } });
    expect(byId.get(gone.id)).toMatchObject({ pendingDeliveryCount: 0, failedDeliveryCount: 2, failed: { totalCount: 2 } });
    expect(byId.get(down.id)).toMatchObject({ pendingDeliveryCount: 2, failedDeliveryCount: 0, failed: { totalCount: 0 } });
    // the same rows, in the same order, as the query by webhook
    for (const hook of [ok, gone, down]) {
      const listed = byId.get(hook.id);
      const { webhookDeliveries } = await app.data<any, object>(ByQuery, { id: hook.id }, { apiKey: true });
      expect(listed.deliveries.totalCount).toBe(webhookDeliveries.totalCount);
      expect(listed.deliveries.edges).toEqual(webhookDeliveries.edges.slice(0, 2));
      const failed = await app.data<any, object>(ByQuery, { id: hook.id, state: 'FAILED' }, { apiKey: true });
      expect(listed.failed.edges).toEqual(failed.webhookDeliveries.edges.map((e: any) => ({ node: { id: e.node.id } })));
    }
    expect(byId.get(ok.id).deliveries).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true } });
    expect(byId.get(down.id).deliveries).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: false } });

    // the next page goes on after the cursor, newest first
    const { webhooks } = await app.data<any, object>(
      `query ($after: String) { webhooks { id deliveries(first: 2, after: $after) { pageInfo { hasNextPage } edges { node { id } } } } }`,
      { after: byId.get(ok.id).deliveries.pageInfo.endCursor },
      { apiKey: true },
    );
    const { webhookDeliveries } = await app.data<any, object>(ByQuery, { id: ok.id }, { apiKey: true });
    expect(webhooks.find((w: any) => w.id === ok.id).deliveries).toEqual({
      pageInfo: { hasNextPage: false },
      edges: [{ node: { id: webhookDeliveries.edges[2].node.id } }],
    });
  });

  it('answers for a webhook a mutation returned, batched by webhook', async () => {
    receiver.answer = () => ({ status: 400 });
    const hook = await createHook(['MESSAGE_NEW'], '/gone');
    await group('ann', ['bob']);
    await until(
      async () => {
        const { webhookDeliveries } = await app.data<any, object>(ByQuery, { id: hook.id, state: 'FAILED' }, { apiKey: true });
        return webhookDeliveries.totalCount === 1;
      },
      5000,
      'the given-up delivery',
    );
    const { updateWebhook } = await app.data<any, object>(
      `mutation ($id: ID!) { updateWebhook(id: $id, url: "${receiver.url}/ok") {
        url failedDeliveryCount pendingDeliveryCount deliveries(first: 1) { totalCount edges { node { state } } }
      } }`,
      { id: hook.id },
      { apiKey: true },
    );
    expect(updateWebhook).toEqual({
      url: `${receiver.url}/ok`,
      failedDeliveryCount: 1,
      pendingDeliveryCount: 0,
      deliveries: { totalCount: 1, edges: [{ node: { state: 'FAILED' } }] },
    });
  });

  it('refuses a bad state, a bad cursor and a page too large with BAD_USER_INPUT, and every caller but the API key', async () => {
    const hook = await createHook(['MESSAGE_NEW'], '/ok');
    const badState = await app.request('{ webhooks { deliveries(state: LOST) { totalCount } } }', {}, { apiKey: true });
    expect(errorCodes(badState)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const badCursor = await app.request('{ webhooks { deliveries(after: "nonsense") { totalCount } } }', {}, { apiKey: true });
    expect(errorCodes(badCursor)).toEqual(['BAD_USER_INPUT']);
    // page sizes as every other connection: the largest page and no more, refused beyond it
    const max = app.config.limits.pageSize;
    for (const query of [
      `{ webhooks { deliveries(first: ${max + 1}) { totalCount } } }`,
      `{ webhooks { deliveries(first: -1) { totalCount } } }`,
      `query ($id: ID!) { webhookDeliveries(webhookId: $id, first: ${max + 1}) { totalCount } }`,
    ]) {
      const refused = await app.request(query, { id: hook.id }, { apiKey: true });
      expect(errorCodes(refused)).toEqual(['BAD_USER_INPUT']);
    }
    const largest = await app.request(`{ webhooks { deliveries(first: ${max}) { totalCount } } }`, {}, { apiKey: true });
    expect(errorCodes(largest)).toEqual([]);
    const asUser = await app.request('{ webhooks { deliveries { totalCount } pendingDeliveryCount } }', {}, { as: 'ann' });
    expect(errorCodes(asUser)).toEqual(['FORBIDDEN']);
  });
});

describe('metrics', () => {
  const metrics = async () => (await app.server.yoga.fetch('http://parley.test/metrics')).text();
  const value = (text: string, series: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line ? Number(line.split(' ')[1]) : 0;
  };
  const delivered = 'parley_notification_deliveries_total{kind="webhook",outcome="delivered"}';
  const failedTimes = 'parley_notification_delivery_seconds_count{kind="webhook",outcome="failed"}';

  it('counts deliveries by kind and outcome, and shows what waits', async () => {
    const before = await metrics();
    await createHook(['MESSAGE_NEW'], '/metrics');
    receiver.answer = () => ({ hang: true });
    const id = await group('ann', ['bob']);
    await until(() => receiver.received.length >= 1, 5000, 'the attempt');
    expect(value(await metrics(), 'parley_outbox_pending')).toBeGreaterThan(0);
    receiver.answer = () => ({ status: 200 });
    await send('bob', id, 'hi');
    // the hanging attempt times out (a failure that may pass), then both go
    await until(async () => value(await metrics(), delivered) >= value(before, delivered) + 2, 10_000, 'two delivered');
    const after = await metrics();
    expect(value(after, failedTimes)).toBeGreaterThan(value(before, failedTimes));
    // the gauge counts every waiting event of the database, and events the deliveries did not
    // come from (the conversation's own) may still be on their way to the dispatcher
    await until(async () => value(await metrics(), 'parley_outbox_pending') === 0, 10_000, 'nothing left waiting');
  });
});
