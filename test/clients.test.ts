/* eslint-disable @typescript-eslint/no-explicit-any -- these tests read GraphQL answers loosely */
// What a chat screen built with urql, Apollo or graphql-ws meets: the Accept headers those clients
// send, read receipts, the viewer's total unread count, paging a history both ways, typing, the
// budgets of frequent small mutations, a socket outliving its token, the cost of real screens,
// and answers a normalised cache can use.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../src/config.ts';
import { errorCodes, startApp, type TestApp } from './helpers/app.ts';
import { until, untilLive, wsClient } from './helpers/ws.ts';

let app: TestApp;

beforeAll(async () => {
  // typing ends by itself after a minute here: a typing indicator that ends within the typing
  // test's deadline was ended by the message, however loaded the machine
  app = await startApp({ live: { ...testConfig().live, typingTimeoutSeconds: 60 } });
  await app.listen();
  await app.users('ann', 'bob', 'cat', 'dan');
});

afterAll(() => app.stop());

async function group(owner: string, members: string[], input: Record<string, unknown> = {}): Promise<string> {
  const { createConversation } = await app.data<any, object>(
    'mutation ($input: CreateConversationInput!) { createConversation(input: $input) { id } }',
    { input: { title: 'Chat', memberIds: members, ...input } },
    { as: owner },
  );
  return createConversation.id;
}

async function send(as: string, conversationId: string, body: string): Promise<{ id: string; seq: number; cursor: string }> {
  const { sendMessage } = await app.data<any, object>(
    'mutation ($input: SendMessageInput!) { sendMessage(input: $input) { id seq cursor } }',
    { input: { conversationId, body } },
    { as },
  );
  return sendMessage;
}

/** A request over the real port (where the transports look at headers), as a client library sends it. */
async function over(accept: string, as: string, query: string, variables: Record<string, unknown> = {}) {
  return fetch(app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept, authorization: `Bearer ${await app.token(as)}` },
    body: JSON.stringify({ query, variables }),
  });
}

describe('the Accept headers of client libraries', () => {
  const urql = 'application/graphql-response+json, application/graphql+json, application/json, text/event-stream, multipart/mixed';
  const apollo = 'application/graphql-response+json,application/json;q=0.9';

  for (const [name, accept] of [
    ['urql', urql],
    ['Apollo', apollo],
  ] as const) {
    it(`treat a query or mutation sent with ${name}'s header as a plain request`, async () => {
      const id = await group('ann', ['bob'], { type: 'OPEN' });
      const prisma = app.server.database.prisma;
      const connectionsBefore = await prisma.connection.count({ where: { userId: 'bob' } });
      const seenBefore = (await prisma.user.findUniqueOrThrow({ where: { id: 'bob' } })).lastSeenAt;
      const response = await over(accept, 'bob', 'mutation ($id: ID!) { startWatching(conversationId: $id) { watcherCount } }', { id });
      expect(response.headers.get('content-type')).toMatch(/^application\/(graphql-response\+)?json/);
      expect(await response.json()).toEqual({ data: { startWatching: { watcherCount: 1 } } });
      // the watch is not bound to a "connection" that ended with the answer
      await new Promise((resolve) => setTimeout(resolve, 300));
      const { conversation } = await app.data<any, object>(
        'query ($id: ID!) { conversation(id: $id) { watcherCount } }',
        { id },
        { as: 'ann' },
      );
      expect(conversation.watcherCount).toBe(1);
      expect(await prisma.connection.count({ where: { userId: 'bob' } })).toBe(connectionsBefore);
      expect((await prisma.user.findUniqueOrThrow({ where: { id: 'bob' } })).lastSeenAt).toEqual(seenBefore);
      const { user } = await app.data<any, object>('{ user(id: "bob") { isOnline } }', {}, { as: 'ann' });
      expect(user.isOnline).toBe(false);
      await app.data('mutation ($id: ID!) { stopWatching(conversationId: $id) { id } }', { id }, { as: 'bob' });
    });
  }

  it("still streams a subscription sent with urql's header, as a live connection", async () => {
    const id = await group('ann', ['bob']);
    const response = await over(urql, 'bob', 'subscription ($id: ID!) { messageAdded(conversationId: $id) { body } }', { id });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    await until(
      async () => (await app.data<any, object>('{ user(id: "bob") { isOnline } }', {}, { as: 'ann' })).user.isOnline,
      5000,
      'bob online',
    );
    await response.body!.cancel();
    await until(
      async () => !(await app.data<any, object>('{ user(id: "bob") { isOnline } }', {}, { as: 'ann' })).user.isOnline,
      5000,
      'bob offline',
    );
  });
});

describe("graphql-sse's single-connection stream", () => {
  it('answers a bad token and a malformed document as GraphQL errors with their status, never a stack', async () => {
    const stream = `${app.url}/stream`;
    const token = await (await fetch(stream, { method: 'PUT' })).text();
    const opened = new AbortController();
    const events = await fetch(`${stream}?token=${token}`, { headers: { accept: 'text/event-stream' }, signal: opened.signal });
    expect(events.status).toBe(200);
    const operation = async (query: string, authorization: string) => {
      const response = await fetch(stream, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-graphql-event-stream-token': token, authorization },
        body: JSON.stringify({ query, extensions: { operationId: query.length.toString() } }),
      });
      const text = await response.text();
      // no stack frame, no file of the server's
      expect(text).not.toMatch(/\bat (async )?\S+ \(|node_modules|file:|dist\//);
      return {
        status: response.status,
        code: (JSON.parse(text) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code,
      };
    };
    expect(await operation('{ viewer { id } }', 'Bearer not-a-token')).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    expect(await operation('{ viewer { id }', `Bearer ${await app.token('ann')}`)).toEqual({ status: 400, code: 'BAD_USER_INPUT' });
    opened.abort();
  });
});

describe('read receipts', () => {
  it('tell the others who read up to where, with the new readCount of what they read, while config.readEvents', async () => {
    const id = await group('ann', ['bob', 'cat']);
    const socket = wsClient(app.url, { authorization: `Bearer ${await app.token('ann')}` });
    try {
      const events = socket.subscribe<any, object>(
        `subscription ($id: ID!) { conversationEvents(conversationId: $id) {
          __typename ... on MessagesRead { user { id } readAt lastReadMessage { id readCount } messages { id body readCount } } } }`,
        { id },
      );
      // live once a typing event shows (no reads yet)
      await untilLive(events, () =>
        app.data('mutation ($id: ID!) { sendTypingEvent(conversationId: $id, isTyping: true) }', { id }, { as: 'cat' }),
      );
      const first = await send('ann', id, 'one');
      const second = await send('ann', id, 'two');
      await app.data('mutation ($id: ID!) { markConversationRead(conversationId: $id) { id } }', { id }, { as: 'bob' });
      await until(() => events.results.some((r) => r.data?.conversationEvents.__typename === 'MessagesRead'), 5000, 'the read receipt');
      const read = events.results.find((r) => r.data?.conversationEvents.__typename === 'MessagesRead')!.data!.conversationEvents;
      expect(read.user).toEqual({ id: 'bob' });
      expect(read.lastReadMessage).toEqual({ id: second.id, readCount: 1 });
      expect(read.messages.filter((m: any) => m.body !== null)).toEqual([
        { id: second.id, body: 'two', readCount: 1 },
        { id: first.id, body: 'one', readCount: 1 },
      ]);
      // the same count a query gives
      const { message } = await app.data<any, object>(
        'query ($id: ID!) { message(id: $id) { readCount } }',
        { id: first.id },
        { as: 'ann' },
      );
      expect(message.readCount).toBe(1);
    } finally {
      await socket.dispose();
    }
  });

  it('say nothing while config.readEvents is off', async () => {
    const id = await group('ann', ['bob', 'cat'], { config: { readEvents: false } });
    const socket = wsClient(app.url, { authorization: `Bearer ${await app.token('ann')}` });
    try {
      const events = socket.subscribe<any, object>('subscription ($id: ID!) { conversationEvents(conversationId: $id) { __typename } }', {
        id,
      });
      await untilLive(events, () =>
        app.data('mutation ($id: ID!) { sendTypingEvent(conversationId: $id, isTyping: true) }', { id }, { as: 'cat' }),
      );
      await send('ann', id, 'one');
      await app.data('mutation ($id: ID!) { markConversationRead(conversationId: $id) { id } }', { id }, { as: 'bob' });
      // a marker after the read: everything before it has been delivered
      await app.data('mutation ($id: ID!) { sendTypingEvent(conversationId: $id, isTyping: false) }', { id }, { as: 'cat' });
      await until(() => events.results.some((r, i) => i > 0 && r.data?.conversationEvents.__typename === 'Typing'), 5000, 'the marker');
      expect(events.results.map((r) => r.data?.conversationEvents.__typename)).not.toContain('MessagesRead');
    } finally {
      await socket.dispose();
    }
  });
});

describe("the viewer's total", () => {
  it('is on viewer, where a normalised cache keeps it, and null on anyone else', async () => {
    const id = await group('cat', ['dan']);
    await send('cat', id, 'unread for dan');
    const { viewer, unreadMessageCount } = await app.data<any, object>(
      '{ viewer { id unreadMessageCount } unreadMessageCount }',
      {},
      { as: 'dan' },
    );
    expect(viewer.unreadMessageCount).toBe(unreadMessageCount);
    expect(viewer.unreadMessageCount).toBeGreaterThan(0);
    const { user } = await app.data<any, object>('{ user(id: "dan") { unreadMessageCount } }', {}, { as: 'cat' });
    expect(user.unreadMessageCount).toBeNull();
  });
});

describe('paging a chat history', () => {
  it('works newest-first with first/after, and oldest-first with last/before (Relay), to the same pages', async () => {
    const id = await group('ann', ['bob']);
    const sent: string[] = [];
    for (let i = 1; i <= 7; i++) sent.push((await send('ann', id, `m${i}`)).id);
    const page = async (variables: Record<string, unknown>) =>
      (
        await app.data<any, object>(
          `query ($id: ID!, $first: Int, $after: String, $last: Int, $before: String, $order: MessageOrder) {
            messages(conversationId: $id, first: $first, after: $after, last: $last, before: $before, orderBy: $order) {
              edges { cursor node { body } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`,
          { id, ...variables },
          { as: 'bob' },
        )
      ).messages;
    // the default order is newest first: first: 3 is the latest page, after: walks back in time
    const newest = await page({ first: 3 });
    expect(newest.edges.map((e: any) => e.node.body)).toEqual(['m7', 'm6', 'm5']);
    const older = await page({ first: 3, after: newest.pageInfo.endCursor });
    expect(older.edges.map((e: any) => e.node.body)).toEqual(['m4', 'm3', 'm2']);
    // Relay's chat pattern: oldest first, the latest page with last:, earlier ones with before:
    const latest = await page({ last: 3, order: 'CREATED_AT_ASC' });
    expect(latest.edges.map((e: any) => e.node.body)).toEqual(['m5', 'm6', 'm7']);
    expect(latest.pageInfo.hasPreviousPage).toBe(true);
    const earlier = await page({ last: 3, before: latest.pageInfo.startCursor, order: 'CREATED_AT_ASC' });
    expect(earlier.edges.map((e: any) => e.node.body)).toEqual(['m2', 'm3', 'm4']);
    // without choosing an order, last: gives the oldest page: the SDL says the default
    const { __type } = await app.data<any, object>(
      '{ __type(name: "Query") { fields { name args { name defaultValue } } } }',
      {},
      { as: 'bob' },
    );
    const orderBy = __type.fields.find((f: any) => f.name === 'messages').args.find((a: any) => a.name === 'orderBy');
    expect(orderBy.defaultValue).toBe('CREATED_AT_DESC');
  });
});

describe('typing', () => {
  it("ends when the typist's message is sent, for everyone", async () => {
    const id = await group('ann', ['bob']);
    const socket = wsClient(app.url, { authorization: `Bearer ${await app.token('bob')}` });
    try {
      const events = socket.subscribe<any, object>(
        'subscription ($id: ID!) { conversationEvents(conversationId: $id) { ... on Typing { user { id } isTyping } } }',
        { id },
      );
      await untilLive(events, () =>
        app.data('mutation ($id: ID!) { sendTypingEvent(conversationId: $id, isTyping: true) }', { id }, { as: 'ann' }),
      );
      await send('ann', id, 'done typing');
      // TYPING_TIMEOUT_SECONDS is 60 here (beforeAll): within this deadline only the message can end it
      await until(() => events.results.some((r) => r.data?.conversationEvents.isTyping === false), 15_000, 'typing to end');
      expect(events.results.at(-1)!.data!.conversationEvents).toEqual({ user: { id: 'ann' }, isTyping: false });
    } finally {
      await socket.dispose();
    }
  });
});

describe('a socket and its token', () => {
  it('closes with 4403 when the token it was opened with expires', async () => {
    const { signToken } = await import('../src/auth/identity.ts');
    const token = await signToken(app.config.authSecret, 'bob', { expiresIn: '2s' });
    const socket = wsClient(app.url, { authorization: `Bearer ${token}` });
    const sub = socket.subscribe<any, object>('subscription { viewerEvents { __typename } }');
    const opened = Date.now();
    const closed = await socket.closed;
    expect(closed.code).toBe(4403);
    expect(closed.reason).toMatch(/expired/);
    expect(Date.now() - opened).toBeGreaterThan(900);
    expect(Date.now() - opened).toBeLessThan(5000);
    sub.stop();
  });
});

describe('answers a cache can use', () => {
  it('a reused client id answers CONFLICT without naming whose it is', async () => {
    const id = await group('ann', ['bob']);
    await app.data(
      'mutation ($input: SendMessageInput!) { sendMessage(input: $input) { id } }',
      { input: { id: 'shared-id-1', conversationId: id, body: 'a' } },
      { as: 'ann' },
    );
    const clash = await app.request(
      'mutation ($input: SendMessageInput!) { sendMessage(input: $input) { id } }',
      { input: { id: 'shared-id-1', conversationId: id, body: 'b' } },
      { as: 'bob' },
    );
    expect(errorCodes(clash)).toEqual(['CONFLICT']);
    expect(clash.errors![0]!.message).not.toContain('shared-id-1');
  });
});

describe('the cost of real screens', () => {
  const inboxScreen = `query Inbox {
    viewer { id displayName unreadMessageCount }
    conversations(first: 20) { edges { cursor node {
      id title profileImageUrl isGroup unreadMessageCount mute updatedAt
      lastMessage { id body createdAt type owner { id displayName profileImageUrl } attachments { __typename type ... on FileAttachment { fileUrl thumbnailUrl } } }
      members(first: 5) { totalCount edges { node { id role user { id displayName profileImageUrl isOnline lastSeenAt } } } }
    } } pageInfo { hasNextPage endCursor } }
  }`;
  const historyScreen = `query History($id: ID!) {
    conversation(id: $id) { id title memberCount }
    messages(conversationId: $id, first: 50) { edges { cursor node {
      id body createdAt editedAt isDeleted type customType readCount replyCount viewerReactions
      owner { id displayName profileImageUrl }
      attachments { __typename type ... on FileAttachment { fileUrl thumbnailUrl } }
      reactionCounts { type count }
      reactions(type: "like", first: 3) { totalCount edges { node { user { id displayName } } } }
      replies(first: 2) { totalCount edges { node { id body createdAt owner { id displayName } } } }
      parent { id body owner { id displayName } }
    } } pageInfo { hasNextPage endCursor } }
  }`;

  it('fit the default limit with room to spare; an abusive document does not', async () => {
    const id = await group('ann', ['bob']);
    expect(errorCodes(await app.request(inboxScreen, {}, { as: 'bob' }))).toEqual([]);
    expect(errorCodes(await app.request(historyScreen, { id }, { as: 'bob' }))).toEqual([]);
    // twice over still passes: room to spare
    const twice = (document: string) => document.replace(/first: (\d+)/, (_m, n: string) => `first: ${Number(n) * 2}`);
    expect(errorCodes(await app.request(twice(inboxScreen), {}, { as: 'bob' }))).toEqual([]);
    expect(errorCodes(await app.request(twice(historyScreen), { id }, { as: 'bob' }))).toEqual([]);
    const abusive = `{ conversations(first: 100) { edges { node { members(first: 100) { edges { node { user { id displayName } } } } } } } }`;
    const refused = await app.request(abusive, {}, { as: 'bob' });
    expect(errorCodes(refused)).toEqual(['BAD_USER_INPUT']);
    expect(refused.errors![0]!.message).toMatch(/^This operation costs \d+, over the limit of \d+/);
    expect(refused.errors![0]!.message).not.toMatch(/Syntax Error/);
  });
});
