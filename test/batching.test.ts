// N+1 is a test failure: the inbox query costs the same number of SQL statements for 5
// conversations as for 50.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { startApp, type TestApp } from './helpers/app.ts';
import { Loader } from '../src/loaders.ts';

const Inbox = graphql(`
  query BatchedInbox($first: Int) {
    conversations(first: $first) {
      totalCount
      edges {
        node {
          id
          title
          memberCount
          isAdmin
          unreadMessageCount
          owner {
            displayName
          }
          members(first: 5) {
            edges {
              node {
                role
                user {
                  displayName
                }
              }
            }
          }
          lastMessage {
            body
            owner {
              displayName
            }
          }
        }
      }
    }
  }
`);

let app: TestApp;

beforeAll(async () => {
  app = await startApp();
  await app.users('viewer', 'u1', 'u2', 'u3', 'u4', 'u5', 'u6');
  for (let i = 0; i < 50; i++) {
    const owner = i % 2 ? 'viewer' : `u${(i % 6) + 1}`;
    const members = ['viewer', 'u1', 'u2', 'u3', 'u4', 'u5', 'u6'].filter((u) => u !== owner).slice(0, 2 + (i % 5));
    const { createConversation } = (await app.data(
      'mutation ($input: CreateConversationInput!) { createConversation(input: $input) { id } }',
      { input: { title: `Inbox ${i}`, memberIds: members } },
      { as: owner },
    )) as { createConversation: { id: string } };
    await app.data(
      'mutation ($input: SendMessageInput!) { sendMessage(input: $input) { id } }',
      { input: { conversationId: createConversation.id, body: `message ${i}` } },
      { as: members[i % members.length]! },
    );
  }
}, 180_000);
afterAll(() => app.stop());

it('costs the same SQL statements for 5 conversations as for 50, and no more than 8', async () => {
  const counts: Record<number, number> = {};
  for (const first of [5, 50]) {
    const { result, stats } = await app.countSql(() => app.data(Inbox, { first }, { as: 'viewer' }));
    expect(result.conversations.edges).toHaveLength(first);
    for (const { node } of result.conversations.edges) {
      expect(node.owner?.displayName).toBeTruthy();
      expect(node.lastMessage?.owner?.displayName).toBeTruthy();
      expect(node.members.edges.length).toBeGreaterThan(1);
    }
    counts[first] = stats.statements;
  }
  console.log(`SQL statements for the inbox: ${counts[5]} for 5 conversations, ${counts[50]} for 50`);
  expect(counts[50]).toBe(counts[5]);
  expect(counts[50]).toBeLessThanOrEqual(8);
});

it('sends a plain message in one statement: the answer is seen from the facts the send read', async () => {
  const { createConversation } = (await app.data(
    'mutation ($input: CreateConversationInput!) { createConversation(input: $input) { id } }',
    { input: { title: 'One statement', memberIds: ['u1'] } },
    { as: 'viewer' },
  )) as { createConversation: { id: string } };
  const send = () =>
    app.data(
      'mutation ($input: SendMessageInput!) { sendMessage(input: $input) { id seq body } }',
      { input: { conversationId: createConversation.id, body: 'counted' } },
      { as: 'u1' },
    ) as Promise<{ sendMessage: { id: string; seq: number; body: string } }>;
  const first = await send();
  const { result, stats } = await app.countSql(send);
  expect(result.sendMessage).toMatchObject({ seq: first.sendMessage.seq + 1, body: 'counted' });
  // no second read of the sender's access, nor of their deleted copies
  expect(stats.statements).toBe(1);
});

it("reads a former member's reactions only when asked, as those made before they left", async () => {
  // a departed conversation is listed with its last message as the former member last saw it
  await app.users('gone', 'stay');
  const { createConversation } = (await app.data(
    'mutation ($input: CreateConversationInput!) { createConversation(input: $input) { id } }',
    { input: { title: 'Departed', memberIds: ['gone'] } },
    { as: 'stay' },
  )) as { createConversation: { id: string } };
  const conversationId = createConversation.id;
  const { sendMessage } = (await app.data(
    'mutation ($input: SendMessageInput!) { sendMessage(input: $input) { id } }',
    { input: { conversationId, body: 'before the leave' } },
    { as: 'stay' },
  )) as { sendMessage: { id: string } };
  const react = (as: string, type: string) =>
    app.data(
      'mutation ($id: ID!, $type: String!) { addReaction(messageId: $id, type: $type) { id } }',
      { id: sendMessage.id, type },
      { as },
    );
  await react('gone', 'like');
  await app.data('mutation ($id: ID!) { leaveConversation(conversationId: $id) { id } }', { id: conversationId }, { as: 'gone' });
  await react('stay', 'like');

  // without reactionCounts in the query, the former member's inbox costs what the member's does
  const counted = async (as: string) => (await app.countSql(() => app.data(Inbox, { first: 5 }, { as }))).stats.statements;
  expect(await counted('gone')).toBe(await counted('stay'));

  // asked for, they are the reactions made before the leave (in the inbox, the last message the
  // former member saw is the notice of their leave: read the message itself)
  const Seen = 'query ($id: ID!) { message(id: $id) { body reactionCounts { type count } } }';
  const seen = async (as: string) => ((await app.data(Seen, { id: sendMessage.id }, { as })) as { message: unknown }).message;
  expect(await seen('gone')).toEqual({ body: 'before the leave', reactionCounts: [{ type: 'like', count: 1 }] });
  expect(await seen('stay')).toEqual({ body: 'before the leave', reactionCounts: [{ type: 'like', count: 2 }] });
});

it('answers a loader cache hit with the cached promise; misses, keys and errors stay batched', async () => {
  const batches: string[][] = [];
  const loader = new Loader<{ id: string }, string, string>(
    async (keys) => {
      batches.push(keys.map((k) => k.id));
      return keys.map((k) => (k.id === 'bad' ? new Error('no such row') : `row ${k.id}`));
    },
    { cacheKeyFn: (key) => key.id },
  );
  loader.prime({ id: 'primed' }, 'row primed');
  const hit = loader.load({ id: 'primed' });
  // DataLoader 2 would answer a new promise per hit, settled with its next batch
  expect(loader.load({ id: 'primed' })).toBe(hit);
  expect(await hit).toBe('row primed');

  const [a, b, again] = [loader.load({ id: 'a' }), loader.load({ id: 'b' }), loader.load({ id: 'a' })];
  expect(again).toBe(a);
  expect(await Promise.all([a, b])).toEqual(['row a', 'row b']);
  expect(batches).toEqual([['a', 'b']]);
  expect(loader.load({ id: 'b' })).toBe(b); // settled values stay cached, by the key function

  await expect(loader.load({ id: 'bad' })).rejects.toThrow('no such row');
  loader.clear({ id: 'a' });
  expect(await loader.load({ id: 'a' })).toBe('row a');
  expect(batches).toEqual([['a', 'b'], ['bad'], ['a']]);
  expect(() => loader.load(undefined as never)).toThrow(TypeError);
});
