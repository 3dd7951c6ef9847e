/* eslint-disable @typescript-eslint/no-explicit-any -- these tests read GraphQL answers loosely */
// What a chat screen built with urql, Apollo or graphql-ws meets: the Accept headers those clients
// send, read receipts, the viewer's total unread count, paging a history both ways, typing, the
// budgets of frequent small mutations, a socket outliving its token, the cost of real screens,
// and answers a normalised cache can use.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes, startApp, type TestApp } from './helpers/app.ts';
import { until, wsClient } from './helpers/ws.ts';

let app: TestApp;

beforeAll(async () => {
  app = await startApp();
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
