// The vertical slice of issue 2: users, a private group, a message, the list queries, and the
// message reaching a graphql-ws subscriber and an SSE subscriber; identity and bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { errorCodes, startApp, type TestApp } from './helpers/app.ts';
import { sseSubscribe, untilLive, wsClient } from './helpers/ws.ts';
import { signToken } from '../src/auth/identity.ts';
import type { PrismaClient } from '../src/db/client.ts';

/** the test app's own database */
let prisma: PrismaClient;

const UpsertUser = graphql(`
  mutation UpsertUser($input: UpsertUserInput!) {
    upsertUser(input: $input) {
      id
      displayName
      profileImageUrl
    }
  }
`);

const Viewer = graphql(`
  query Viewer {
    viewer {
      id
      displayName
    }
  }
`);

const UserById = graphql(`
  query UserById($id: ID!) {
    user(id: $id) {
      id
      displayName
      isOnline
    }
  }
`);

const CreateGroup = graphql(`
  mutation CreateGroup($input: CreateConversationInput!) {
    createConversation(input: $input) {
      id
      type
      isGroup
      title
      memberCount
      isAdmin
      owner {
        id
      }
      config {
        typingEvents
        readEvents
        pushNotifications
        pinMessages
      }
      members(first: 10) {
        totalCount
        edges {
          node {
            role
            user {
              id
            }
          }
        }
      }
    }
  }
`);

const SendText = graphql(`
  mutation SendText($input: SendMessageInput!) {
    sendMessage(input: $input) {
      id
      seq
      cursor
      body
      type
      owner {
        id
      }
    }
  }
`);

const ConversationList = graphql(`
  query ConversationList($first: Int) {
    conversations(first: $first) {
      totalCount
      edges {
        cursor
        node {
          id
          title
          unreadMessageCount
          lastMessage {
            body
          }
        }
      }
    }
  }
`);

const OneConversation = graphql(`
  query OneConversation($id: ID!) {
    conversation(id: $id) {
      id
      title
      isMember
    }
  }
`);

const MessageList = graphql(`
  query MessageList($conversationId: ID!, $first: Int, $after: String) {
    messages(conversationId: $conversationId, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          seq
          body
          type
        }
      }
    }
  }
`);

const MessageAdded = graphql(`
  subscription MessageAdded($conversationId: ID!) {
    messageAdded(conversationId: $conversationId) {
      id
      seq
      body
      owner {
        id
      }
    }
  }
`);

let app: TestApp;

beforeAll(async () => {
  app = await startApp();
  prisma = app.server.database.prisma;
  await app.listen();
});
afterAll(() => app.stop());

describe('users', () => {
  it('provisions a user with the API key and shows it', async () => {
    const { upsertUser } = await app.data(
      UpsertUser,
      { input: { id: 'ada', displayName: 'Ada Lovelace', profileImageUrl: 'https://img.test/ada.png' } },
      { apiKey: true },
    );
    expect(upsertUser).toEqual({ id: 'ada', displayName: 'Ada Lovelace', profileImageUrl: 'https://img.test/ada.png' });
    const { user } = await app.data(UserById, { id: 'ada' }, { as: 'ada' });
    expect(user).toMatchObject({ id: 'ada', displayName: 'Ada Lovelace', isOnline: false });
  });

  it('refuses upsertUser without the API key', async () => {
    const result = await app.request(UpsertUser, { input: { id: 'mallory' } }, { as: 'ada' });
    expect(errorCodes(result)).toEqual(['FORBIDDEN']);
    expect(await prisma.user.findUnique({ where: { id: 'mallory' } })).toBeNull();
  });

  it('creates a user once when their first requests arrive together', async () => {
    // a fresh server knows no user yet: every request races to make the same one
    const fresh = await startApp();
    try {
      const token = await signToken(fresh.config.authSecret, 'hedy', { name: 'Hedy Lamarr' });
      const results = await Promise.all(
        Array.from({ length: 12 }, () => fresh.request(Viewer, undefined, { headers: { authorization: `Bearer ${token}` } })),
      );
      for (const result of results) expect(result.errors).toBeUndefined();
      expect(results.map((r) => r.data?.viewer)).toEqual(results.map(() => ({ id: 'hedy', displayName: 'Hedy Lamarr' })));
    } finally {
      await fresh.stop();
    }
  });

  it('creates a user on first sight, named by the token', async () => {
    const token = await signToken(app.config.authSecret, 'grace', { name: 'Grace Hopper' });
    const result = await app.request(Viewer, undefined, { headers: { authorization: `Bearer ${token}` } });
    expect(result.data?.viewer).toEqual({ id: 'grace', displayName: 'Grace Hopper' });
  });
});

describe('identity', () => {
  it('answers UNAUTHENTICATED with no credentials, yet allows introspection', async () => {
    expect(errorCodes(await app.request(Viewer))).toEqual(['UNAUTHENTICATED']);
    const introspection = await app.request('{ __schema { queryType { name } } }');
    expect(introspection.errors).toBeUndefined();
  });

  it('answers UNAUTHENTICATED for a bad signature, an expired token and a wrong API key', async () => {
    const forged = await signToken('another-secret-another-secret-000000', 'ada');
    const expired = await signToken(app.config.authSecret, 'ada', { expiresIn: -10 });
    const attempts: Record<string, string>[] = [
      { authorization: `Bearer ${forged}` },
      { authorization: `Bearer ${expired}` },
      { authorization: 'Bearer not.a.token' },
      { 'x-api-key': 'wrong-key-wrong-key-0000', 'x-user-id': 'ada' },
    ];
    for (const headers of attempts) {
      const result = await app.request(Viewer, undefined, { headers });
      expect(errorCodes(result), JSON.stringify(headers)).toEqual(['UNAUTHENTICATED']);
    }
  });

  it('acts as x-user-id with the API key', async () => {
    const { viewer } = await app.data(Viewer, undefined, { apiKey: true, as: 'ada' });
    expect(viewer.id).toBe('ada');
  });

  it('closes a socket with a bad token before any subscription starts', async () => {
    const forged = await signToken('another-secret-another-secret-000000', 'ada');
    const client = wsClient(app.url, { authorization: `Bearer ${forged}` });
    const { code } = await client.closed;
    expect([4401, 4403]).toContain(code);
    await client.dispose();
  });
});

describe('the slice: a private group, a message, lists and live delivery', () => {
  let groupId: string;

  beforeAll(async () => {
    await app.users('alice', 'bob', 'carol', 'eve');
  });

  it('creates a private group with its members, the creator as owner', async () => {
    const { createConversation: group } = await app.data(
      CreateGroup,
      { input: { title: 'Design', memberIds: ['bob', 'carol'] } },
      { as: 'alice' },
    );
    groupId = group.id;
    expect(group).toMatchObject({
      type: 'PRIVATE',
      isGroup: true,
      title: 'Design',
      memberCount: 3,
      isAdmin: true,
      owner: { id: 'alice' },
      config: { typingEvents: true, readEvents: true, pushNotifications: true, pinMessages: false },
    });
    expect(group.members.totalCount).toBe(3);
    expect(group.members.edges.map((e) => [e.node.user.id, e.node.role]).sort()).toEqual([
      ['alice', 'OWNER'],
      ['bob', 'MEMBER'],
      ['carol', 'MEMBER'],
    ]);
  });

  it('delivers a message sent over HTTP to a graphql-ws subscriber and an SSE subscriber', async () => {
    const ws = wsClient(app.url, { authorization: `Bearer ${await app.token('bob')}` });
    const overWs = ws.subscribe(MessageAdded, { conversationId: groupId });
    const overSse = sseSubscribe(app.url, { authorization: `Bearer ${await app.token('carol')}` }, MessageAdded, {
      conversationId: groupId,
    });
    // the subscriptions are live once a message sent now reaches them; send until one does
    const sent: number[] = [];
    await untilLive([overWs, overSse], async (i) => {
      const { sendMessage } = await app.data(SendText, { input: { conversationId: groupId, body: `hello ${i}` } }, { as: 'alice' });
      sent.push(sendMessage.seq);
    });
    const [viaWs] = await overWs.waitFor(1);
    const [viaSse] = await overSse.waitFor(1);
    expect(viaWs!.data?.messageAdded).toMatchObject({ owner: { id: 'alice' } });
    expect(viaSse!.data?.messageAdded).toMatchObject({ owner: { id: 'alice' } });
    expect(sent).toContain(viaWs!.data!.messageAdded.seq);
    overWs.stop();
    overSse.stop();
    await ws.dispose();
  });

  it('assigns contiguous seq numbers and lists messages newest first', async () => {
    const before = await app.data(MessageList, { conversationId: groupId, first: 100 }, { as: 'bob' });
    const { sendMessage } = await app.data(SendText, { input: { conversationId: groupId, body: 'last one' } }, { as: 'bob' });
    expect(sendMessage).toMatchObject({ body: 'last one', type: 'NORMAL', owner: { id: 'bob' } });
    const { messages } = await app.data(MessageList, { conversationId: groupId, first: 100 }, { as: 'bob' });
    expect(messages.totalCount).toBe(before.messages.totalCount + 1);
    const seqs = messages.edges.map((e) => e.node.seq);
    expect(seqs[0]).toBe(sendMessage.seq);
    // newest first, and 1..n with no gap (seq 1 is the ADMIN message of the group's creation)
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect([...seqs].reverse()).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    expect(messages.edges.at(-1)!.node.type).toBe('ADMIN');
    expect(messages.edges[0]!.cursor).toBe(sendMessage.cursor);
  });

  it('pages through messages with cursors', async () => {
    const first = await app.data(MessageList, { conversationId: groupId, first: 2 }, { as: 'carol' });
    expect(first.messages.pageInfo.hasNextPage).toBe(true);
    const second = await app.data(
      MessageList,
      { conversationId: groupId, first: 2, after: first.messages.pageInfo.endCursor },
      { as: 'carol' },
    );
    const a = first.messages.edges.map((e) => e.node.seq);
    const b = second.messages.edges.map((e) => e.node.seq);
    expect(b[0]).toBe(a[1]! - 1);
  });

  it('lists the viewer’s conversations with totalCount, unread counts and the last message', async () => {
    const { conversations } = await app.data(ConversationList, { first: 10 }, { as: 'carol' });
    expect(conversations.totalCount).toBe(1);
    expect(conversations.edges[0]!.node).toMatchObject({ id: groupId, title: 'Design', lastMessage: { body: 'last one' } });
    expect(conversations.edges[0]!.node.unreadMessageCount).toBeGreaterThan(0);
    const { conversation } = await app.data(OneConversation, { id: groupId }, { as: 'carol' });
    expect(conversation).toEqual({ id: groupId, title: 'Design', isMember: true });
  });

  it('keeps a non-member out of the private group: no reading, no subscribing', async () => {
    expect(errorCodes(await app.request(OneConversation, { id: groupId }, { as: 'eve' }))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await app.request(MessageList, { conversationId: groupId }, { as: 'eve' }))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await app.request(SendText, { input: { conversationId: groupId, body: 'hi' } }, { as: 'eve' }))).toEqual([
      'FORBIDDEN',
    ]);
    const { conversations } = await app.data(ConversationList, { first: 10 }, { as: 'eve' });
    expect(conversations.totalCount).toBe(0);

    const ws = wsClient(app.url, { authorization: `Bearer ${await app.token('eve')}` });
    const overWs = ws.subscribe(MessageAdded, { conversationId: groupId });
    await overWs.waitForEnd();
    const wsCodes = [overWs.results, overWs.error]
      .flat()
      .flatMap((r) => (r as { errors?: unknown[] })?.errors ?? (Array.isArray(r) ? r : []));
    expect(JSON.stringify(wsCodes)).toContain('FORBIDDEN');
    await ws.dispose();

    const overSse = sseSubscribe(app.url, { authorization: `Bearer ${await app.token('eve')}` }, MessageAdded, {
      conversationId: groupId,
    });
    await overSse.waitForEnd();
    expect(JSON.stringify([overSse.results, overSse.error])).toContain('FORBIDDEN');
    overSse.stop();
  });

  it('accepts the token in the operation’s extensions.headers over WebSocket, as GraphiQL sends it', async () => {
    const ws = wsClient(app.url);
    const viaHeaders = ws.subscribeWith({
      query: 'subscription ($id: ID!) { messageAdded(conversationId: $id) { body } }',
      variables: { id: groupId },
      extensions: { headers: { Authorization: `Bearer ${await app.token('bob')}` } },
    });
    const anonymous = ws.subscribe(MessageAdded, { conversationId: groupId });
    await anonymous.waitForEnd();
    expect(JSON.stringify([anonymous.results, anonymous.error])).toContain('UNAUTHENTICATED');
    await untilLive(viaHeaders, (i) => app.data(SendText, { input: { conversationId: groupId, body: `graphiql ${i}` } }, { as: 'alice' }));
    expect(viaHeaders.results[0]!.data).toMatchObject({ messageAdded: { body: expect.stringMatching(/^graphiql/) } });
    viaHeaders.stop();
    await ws.dispose();
  });

  it('answers NOT_FOUND for an unknown conversation', async () => {
    expect(errorCodes(await app.request(OneConversation, { id: 'no-such-id' }, { as: 'alice' }))).toEqual(['NOT_FOUND']);
  });
});

describe('bad input writes nothing', () => {
  const counts = async () => ({
    conversations: await prisma.conversation.count(),
    members: await prisma.member.count(),
    messages: await prisma.message.count(),
  });

  it('refuses a group without a title', async () => {
    const before = await counts();
    const result = await app.request(CreateGroup, { input: { memberIds: ['bob'] } }, { as: 'alice' });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(await counts()).toEqual(before);
  });

  it('refuses members that do not exist', async () => {
    const before = await counts();
    const result = await app.request(CreateGroup, { input: { title: 'Ghosts', memberIds: ['bob', 'nobody-here'] } }, { as: 'alice' });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0]!.message).toContain('nobody-here');
    expect(await counts()).toEqual(before);
  });

  it('refuses a body over the size limit', async () => {
    const { createConversation } = await app.data(CreateGroup, { input: { title: 'Limits', memberIds: ['bob'] } }, { as: 'alice' });
    const before = await counts();
    const result = await app.request(
      SendText,
      { input: { conversationId: createConversation.id, body: 'x'.repeat(app.config.limits.bodyLength + 1) } },
      { as: 'alice' },
    );
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(await counts()).toEqual(before);
    const ok = await app.request(
      SendText,
      { input: { conversationId: createConversation.id, body: 'x'.repeat(app.config.limits.bodyLength) } },
      { as: 'alice' },
    );
    expect(ok.errors).toBeUndefined();
  });
});
