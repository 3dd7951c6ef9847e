// Relay-ready graph (issue 18): the Node interface with node(id) and nodes(ids) under the privacy
// model, and Conversation.messages with the root field's rules, for a chat screen's fragment.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes, startApp, type TestApp } from './helpers/app.ts';

let app: TestApp;
const as = (user: string) => ({ as: user });

beforeAll(async () => {
  app = await startApp();
  await app.users('ann', 'bob', 'cat', 'dan', 'out');
});
afterAll(() => app?.stop());

const Node = `query ($id: ID!) {
  node(id: $id) {
    __typename
    id
    ... on Conversation { title }
    ... on Message { body }
    ... on Member { role user { id } }
    ... on User { displayName }
  }
}`;

async function create(user: string, input: Record<string, unknown>): Promise<string> {
  const data = await app.data<{ createConversation: { id: string } }, unknown>(
    'mutation ($input: CreateConversationInput!) { createConversation(input: $input) { id } }',
    { input },
    as(user),
  );
  return data.createConversation.id;
}

async function send(user: string, conversationId: string, body: string): Promise<string> {
  const data = await app.data<{ sendMessage: { id: string } }, unknown>(
    'mutation ($c: ID!, $b: String!) { sendMessage(input: { conversationId: $c, body: $b }) { id } }',
    { c: conversationId, b: body },
    as(user),
  );
  return data.sendMessage.id;
}

async function node(user: string, id: string): Promise<Record<string, unknown> | null> {
  return (await app.data<{ node: Record<string, unknown> | null }, unknown>(Node, { id }, as(user))).node;
}

describe('node(id)', () => {
  it('refetches each kind by the id its other fields give, and is null where the viewer may not see', async () => {
    const id = await create('ann', { title: 'Secret plans', memberIds: ['bob', 'cat', 'dan'] });
    const message = await send('bob', id, 'the plan');
    const members = await app.data<{ conversation: { members: { edges: { node: { id: string; user: { id: string } } }[] } } }, unknown>(
      'query ($id: ID!) { conversation(id: $id) { members { edges { node { id user { id } } } } } }',
      { id },
      as('ann'),
    );
    const bobMember = members.conversation.members.edges.find((e) => e.node.user.id === 'bob')!.node.id;

    expect(await node('ann', id)).toEqual({ __typename: 'Conversation', id, title: 'Secret plans' });
    expect(await node('ann', message)).toEqual({ __typename: 'Message', id: message, body: 'the plan' });
    expect(await node('ann', bobMember)).toEqual({ __typename: 'Member', id: bobMember, role: 'MEMBER', user: { id: 'bob' } });
    expect(await node('ann', 'bob')).toEqual({ __typename: 'User', id: 'bob', displayName: 'Bob' });
    expect(await node('ann', 'no-such-id')).toBeNull();

    // an outsider of a private group: nothing, as for an id that does not exist
    for (const hidden of [id, message, bobMember]) expect(await node('out', hidden), hidden).toBeNull();

    // a former member: the conversation's inbox row and the messages up to leaving, no members, nothing new
    await app.data('mutation ($id: ID!) { leaveConversation(conversationId: $id) { id } }', { id }, as('dan'));
    const later = await send('bob', id, 'after dan left');
    await app.data(
      'mutation ($m: ID!) { editMessage(messageId: $m, input: { body: "the plan, edited" }) { id } }',
      { m: message },
      as('bob'),
    );
    expect(await node('dan', id)).toMatchObject({ __typename: 'Conversation', id });
    expect(await node('dan', message)).toEqual({ __typename: 'Message', id: message, body: 'the plan' });
    expect(await node('dan', later)).toBeNull();
    expect(await node('dan', bobMember)).toBeNull();

    // a banned user: nothing at all
    await app.data('mutation ($id: ID!) { banMembers(conversationId: $id, userIds: ["cat"]) { id } }', { id }, as('ann'));
    for (const hidden of [id, message, later, bobMember]) expect(await node('cat', hidden), hidden).toBeNull();

    // a recalled message is gone for everyone but as its replacement
    await app.data('mutation ($m: ID!) { deleteMessagesForEveryone(messageIds: [$m]) { id } }', { m: later }, as('bob'));
    expect((await node('ann', later))?.body).not.toBe('after dan left');

    // without credentials
    expect(errorCodes(await app.request(Node, { id }, {}))).toEqual(['UNAUTHENTICATED']);
  });

  it('nodes(ids) answers in order, with null for each one not the viewer to see', async () => {
    const open = await create('ann', { title: 'Open', type: 'PUBLIC', memberIds: [] });
    const closed = await create('ann', { title: 'Closed', memberIds: ['bob'] });
    const m = await send('ann', open, 'hello world');
    const result = await app.data<{ nodes: ({ __typename: string; id: string } | null)[] }, unknown>(
      'query ($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }',
      { ids: [closed, open, m, 'nope', open, 'ann'] },
      as('out'),
    );
    expect(result.nodes).toEqual([
      null,
      { __typename: 'Conversation', id: open },
      { __typename: 'Message', id: m },
      null,
      { __typename: 'Conversation', id: open },
      { __typename: 'User', id: 'ann' },
    ]);
    const tooMany = await app.request(
      'query ($ids: [ID!]!) { nodes(ids: $ids) { id } }',
      { ids: Array.from({ length: 1000 }, (_, i) => `x${i}`) },
      as('ann'),
    );
    expect(errorCodes(tooMany)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('Conversation.messages', () => {
  it('pages as the root messages field does, with the same rules, in one fragment on the conversation', async () => {
    const id = await create('ann', { title: 'Chat', memberIds: ['bob'], hideMessagesBeforeJoin: true });
    for (let i = 1; i <= 5; i++) await send(i % 2 ? 'ann' : 'bob', id, `m${i}`);
    await app.data('mutation ($id: ID!) { addMembers(conversationId: $id, userIds: ["cat"]) { id } }', { id }, as('ann'));
    await send('ann', id, 'm6');

    const Screen = `query ($id: ID!, $last: Int, $before: String) {
      conversation(id: $id) {
        title
        messages(orderBy: CREATED_AT_ASC, last: $last, before: $before, filter: { types: [NORMAL] }) {
          edges { node { body } }
          pageInfo { hasPreviousPage startCursor }
        }
      }
    }`;
    type Page = {
      conversation: { messages: { edges: { node: { body: string } }[]; pageInfo: { hasPreviousPage: boolean; startCursor: string } } };
    };
    const latest = await app.data<Page, unknown>(Screen, { id, last: 3 }, as('bob'));
    expect(latest.conversation.messages.edges.map((e) => e.node.body)).toEqual(['m4', 'm5', 'm6']);
    expect(latest.conversation.messages.pageInfo.hasPreviousPage).toBe(true);
    const older = await app.data<Page, unknown>(
      Screen,
      { id, last: 3, before: latest.conversation.messages.pageInfo.startCursor },
      as('bob'),
    );
    expect(older.conversation.messages.edges.map((e) => e.node.body)).toEqual(['m1', 'm2', 'm3']);
    // the root field agrees
    const root = await app.data<{ messages: { edges: { node: { body: string } }[] } }, unknown>(
      'query ($id: ID!) { messages(conversationId: $id, orderBy: CREATED_AT_ASC, last: 3, filter: { types: [NORMAL] }) { edges { node { body } } } }',
      { id },
      as('bob'),
    );
    expect(root.messages.edges).toEqual(latest.conversation.messages.edges);

    // cat joined late into a conversation that hides history: only what came after
    const cat = await app.data<Page, unknown>(Screen, { id, last: 10 }, as('cat'));
    expect(cat.conversation.messages.edges.map((e) => e.node.body)).toEqual(['m6']);

    // an outsider cannot reach the conversation, so not its messages either
    expect(errorCodes(await app.request(Screen, { id, last: 3 }, as('out')))).toEqual(['FORBIDDEN']);

    // from the inbox: every row's latest messages in one query
    const inbox = await app.data<
      { conversations: { edges: { node: { id: string; messages: { edges: { node: { body: string } }[] } } }[] } },
      unknown
    >(
      '{ conversations(first: 5) { edges { node { id messages(first: 2, filter: { types: [NORMAL] }) { edges { node { body } } } } } } }',
      {},
      as('bob'),
    );
    expect(inbox.conversations.edges.find((e) => e.node.id === id)!.node.messages.edges.map((e) => e.node.body)).toEqual(['m6', 'm5']);
  });
});
