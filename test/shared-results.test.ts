// A shared subscription result (plugins/shared-subscriptions.ts) is executed once per message for
// every subscriber of the same document, by graphql-jit. It must answer what graphql's reference
// executor answers for the same selection, payload and viewer: data, nulls, errors and their paths.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { execute, parse, validate, type ExecutionArgs } from 'graphql';
import { startApp, type TestApp } from './helpers/app.ts';
import { createContext } from '../src/context.ts';
import { markSeen } from '../src/access/views.ts';
import { messagesWithOwnersBetween } from '../src/sql/messages.ts';
import { SharedResults } from '../src/plugins/shared-subscriptions.ts';
import { schema } from '../src/schema/index.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
  await app.users('sra', 'srb', 'src');
});
afterAll(() => app.stop());

const documents = {
  plain: 'subscription Plain($id: ID!) { messageAdded(conversationId: $id) { id seq body createdAt owner { id displayName } } }',
  rich: `subscription Rich($id: ID!) {
    messageAdded(conversationId: $id) {
      __typename ...M cursor type customType metaData encrypted isDeleted pinned showInConversation
      mentionedUsers { user { id } }
      attachments { __typename ... on TextAttachment { text } }
      parent { id body owner { displayName } }
      conversation { id title }
      writer: owner { name: displayName id }
    }
  }
  fragment M on Message { id seq body updatedAt }`,
  // two operations in one document: each is compiled, and run, by its own name
  twoOperations: `subscription A($id: ID!) { messageAdded(conversationId: $id) { id } }
    subscription B($id: ID!) { messageAdded(conversationId: $id) { seq body } }`,
};

it('answers as the reference executor does, for the same payload, viewer and selection', async () => {
  const created = (await app.data(
    'mutation ($input: CreateConversationInput!) { createConversation(input: $input) { id } }',
    { input: { title: 'Shared', memberIds: ['srb', 'src'] } },
    { as: 'sra' },
  )) as { createConversation: { id: string } };
  const id = created.createConversation.id;
  const sent = (body: string, extra: Record<string, unknown> = {}) =>
    app.data(
      'mutation ($input: SendMessageInput!) { sendMessage(input: $input) { id } }',
      { input: { conversationId: id, body, ...extra } },
      {
        as: 'sra',
      },
    ) as Promise<{ sendMessage: { id: string } }>;
  const parent = await sent('parent');
  await sent('reply @srb', {
    parentId: parent.sendMessage.id,
    mentionedUsers: [{ userId: 'srb', wordCount: 1, order: 1 }],
    attachments: [{ type: 'text', text: 'attached' }],
    metaData: { k: [1, 'two'] },
    customType: 'poll',
  });
  const rows = await messagesWithOwnersBetween(app.server.database, id, 0, 1_000, 500);
  expect(rows.length).toBeGreaterThanOrEqual(3);

  for (const [operationName, text] of [
    ['Plain', documents.plain],
    ['Rich', documents.rich],
    ['A', documents.twoOperations],
    ['B', documents.twoOperations],
  ] as const) {
    const document = parse(text);
    expect(validate(schema, document)).toEqual([]);
    const shared = new SharedResults();
    for (const { message } of rows) {
      // each side with its own context, as two subscribers would have
      const context = () => createContext(app.server.runtime, { userId: 'srb', isApiKey: false }, null);
      const base = { schema, document, operationName, variableValues: { id } };
      const sharedArgs: ExecutionArgs = { ...base, contextValue: context() };
      const referenceArgs: ExecutionArgs = { ...base, contextValue: context() };
      markSeen(sharedArgs.contextValue as never, message);
      markSeen(referenceArgs.contextValue as never, message);
      const got = await shared.result(sharedArgs, shared.key(sharedArgs), message);
      const want = await execute({ ...referenceArgs, rootValue: message });
      expect(JSON.parse(JSON.stringify(got))).toEqual(JSON.parse(JSON.stringify(want)));
      expect(got.errors).toBeUndefined();
    }
  }

  // a payload the viewer's context never admitted: both refuse it with the same error
  const document = parse(documents.plain);
  const shared = new SharedResults();
  const message = rows[0]!.message;
  const args = (): ExecutionArgs => ({
    schema,
    document,
    variableValues: { id },
    contextValue: createContext(app.server.runtime, { userId: 'srb', isApiKey: false }, null),
  });
  const sharedArgs = args();
  const got = await shared.result(sharedArgs, shared.key(sharedArgs), { ...message });
  const want = await execute({ ...args(), rootValue: { ...message } });
  expect(got.errors?.[0]?.message).toMatch(/did not pass the access module/);
  expect(JSON.parse(JSON.stringify(got))).toEqual(JSON.parse(JSON.stringify(want)));
});
