// Conversations: creating each kind, the list with every filter and order, the fields, and every
// conversation mutation with its ADMIN message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { errorCodes, startApp, type TestApp } from './helpers/app.ts';
import type { PrismaClient } from '../src/db/client.ts';

/** the test app's own database */
let prisma: PrismaClient;

const Create = graphql(`
  mutation ConvCreate($input: CreateConversationInput!) {
    createConversation(input: $input) {
      id
      type
      isGroup
      title
      customType
      profileImageUrl
      metaData
      tags
      category
      subcategory
      maxMemberCount
      hideMessagesBeforeJoin
      rateLimit
      rateLimitWindow
      flagLimit
      memberCount
      isAdmin
      isMember
      createdAt
      invitationCode
      owner {
        id
      }
      config {
        typingEvents
        readEvents
        pushNotifications
        pinMessages
      }
    }
  }
`);

const List = graphql(`
  query ConvList($filter: ConversationFilter, $orderBy: ConversationOrder, $first: Int, $after: String) {
    conversations(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          title
          isDeleted
          isActive
        }
      }
    }
    conversationCount(filter: $filter)
  }
`);

const Details = graphql(`
  query ConvDetails($id: ID!, $userId: ID!) {
    conversation(id: $id) {
      id
      title
      profileImageUrl
      memberCount
      watcherCount
      messageCount
      isMember
      isAdmin
      isActive
      isDeleted
      mute
      unreadMessageCount
      lastReadAt
      updatedAt
      owner {
        id
      }
      lastMessage {
        body
        type
      }
      member(userId: $userId) {
        role
        isAdmin
        user {
          id
        }
      }
      members(first: 2) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            user {
              id
            }
          }
        }
      }
      watchers(first: 10) {
        totalCount
        edges {
          node {
            id
          }
        }
      }
    }
  }
`);

const MembersAfter = graphql(`
  query ConvMembersAfter($id: ID!, $after: String) {
    conversation(id: $id) {
      members(first: 2, after: $after) {
        edges {
          node {
            user {
              id
            }
          }
        }
      }
    }
  }
`);

const AdminMessages = graphql(`
  query ConvAdminMessages($id: ID!) {
    messages(conversationId: $id, filter: { types: [ADMIN] }, orderBy: CREATED_AT_ASC, first: 100) {
      edges {
        node {
          owner {
            id
          }
          attachments {
            type
            ... on AdminAttachment {
              adminMessageType
              metaData
            }
          }
        }
      }
    }
  }
`);

const Send = graphql(`
  mutation ConvSend($input: SendMessageInput!) {
    sendMessage(input: $input) {
      id
      seq
    }
  }
`);

const Messages = graphql(`
  query ConvMessages($id: ID!) {
    messages(conversationId: $id, first: 100) {
      totalCount
      edges {
        node {
          body
        }
      }
    }
  }
`);

const AddMembers = graphql(`
  mutation ConvAddMembers($id: ID!, $userIds: [ID!]!) {
    addMembers(conversationId: $id, userIds: $userIds) {
      memberCount
    }
  }
`);
const RemoveMembers = graphql(`
  mutation ConvRemoveMembers($id: ID!, $userIds: [ID!]!) {
    removeMembers(conversationId: $id, userIds: $userIds) {
      memberCount
    }
  }
`);
const AddAdmin = graphql(`
  mutation ConvAddAdmin($id: ID!, $userId: ID!) {
    addAdmin(conversationId: $id, userId: $userId) {
      id
    }
  }
`);
const RemoveAdmin = graphql(`
  mutation ConvRemoveAdmin($id: ID!, $userId: ID!) {
    removeAdmin(conversationId: $id, userId: $userId) {
      id
    }
  }
`);
const Join = graphql(`
  mutation ConvJoin($id: ID!, $code: String) {
    joinConversation(conversationId: $id, invitationCode: $code) {
      isMember
      memberCount
    }
  }
`);
const Leave = graphql(`
  mutation ConvLeave($id: ID!) {
    leaveConversation(conversationId: $id) {
      isMember
      isActive
      owner {
        id
      }
    }
  }
`);
const Update = graphql(`
  mutation ConvUpdate($id: ID!, $input: UpdateConversationInput!) {
    updateConversation(id: $id, input: $input) {
      title
      profileImageUrl
      tags
      category
      metaData
      maxMemberCount
      rateLimit
      rateLimitWindow
      config {
        typingEvents
        readEvents
      }
    }
  }
`);
const Settings = graphql(`
  mutation ConvSettings($id: ID!, $mute: Boolean!) {
    updateConversationSettings(conversationId: $id, mute: $mute) {
      mute
    }
  }
`);
const Clear = graphql(`
  mutation ConvClear($id: ID!) {
    clearConversation(conversationId: $id) {
      id
    }
  }
`);
const Delete = graphql(`
  mutation ConvDelete($id: ID!) {
    deleteConversation(conversationId: $id) {
      isDeleted
    }
  }
`);
const Watch = graphql(`
  mutation ConvWatch($id: ID!) {
    startWatching(conversationId: $id) {
      watcherCount
    }
  }
`);
const Unwatch = graphql(`
  mutation ConvUnwatch($id: ID!) {
    stopWatching(conversationId: $id) {
      watcherCount
    }
  }
`);
const Transfer = graphql(`
  mutation ConvTransfer($id: ID!, $userId: ID!) {
    transferOwnership(conversationId: $id, userId: $userId) {
      owner {
        id
      }
    }
  }
`);

let app: TestApp;
let counter = 0;
const unique = (prefix: string) => `${prefix}-${++counter}`;

beforeAll(async () => {
  app = await startApp();
  prisma = app.server.database.prisma;
  await app.users('ann', 'ben', 'cat', 'dan', 'eva', 'fay', 'gus');
});
afterAll(() => app.stop());

async function group(as: string, memberIds: string[], extra: Record<string, unknown> = {}) {
  const { createConversation } = await app.data(Create, { input: { title: unique('Group'), memberIds, ...extra } }, { as });
  return createConversation;
}

async function adminEvents(id: string, as: string) {
  const { messages } = await app.data(AdminMessages, { id }, { as });
  return messages.edges.map(({ node }) => {
    const a = node.attachments[0] as { adminMessageType: string; metaData: { subId: string; objType: string; objValues: unknown } };
    return { type: a.adminMessageType, subId: a.metaData.subId, objValues: a.metaData.objValues };
  });
}

describe('createConversation', () => {
  it('makes a 1-to-1 that is always distinct, with default private config', async () => {
    const first = (await app.data(Create, { input: { isGroup: false, memberIds: ['ben'] } }, { as: 'ann' })).createConversation;
    expect(first).toMatchObject({
      type: 'PRIVATE',
      isGroup: false,
      memberCount: 2,
      title: null,
      config: { typingEvents: true, readEvents: true, pushNotifications: true, pinMessages: false },
    });
    const again = (await app.data(Create, { input: { isGroup: false, memberIds: ['ann'] } }, { as: 'ben' })).createConversation;
    expect(again.id).toBe(first.id);
    // no ADMIN message for a 1-to-1
    expect((await app.data(Messages, { id: first.id }, { as: 'ann' })).messages.totalCount).toBe(0);
  });

  it('refuses a 1-to-1 with other than two members, and a public 1-to-1', async () => {
    const before = await prisma.conversation.count();
    for (const input of [
      { isGroup: false, memberIds: ['ben', 'cat'] },
      { isGroup: false, memberIds: [] },
      { isGroup: false, type: 'PUBLIC' as const, memberIds: ['ben'] },
      { title: 'x'.repeat(201), memberIds: ['ben'] },
      { title: '   ', memberIds: ['ben'] },
      { title: 'Bad tags', tags: ['x'.repeat(65)] },
      { title: 'Bad slow mode', rateLimit: 5 },
      { title: 'Bad cap', memberIds: ['ben', 'cat'], maxMemberCount: 2 },
      { title: 'Bad id', id: 'has spaces in it' },
    ]) {
      expect(errorCodes(await app.request(Create, { input }, { as: 'ann' })), JSON.stringify(input)).toEqual(['BAD_USER_INPUT']);
    }
    expect(await prisma.conversation.count()).toBe(before);
  });

  it('returns the existing group for isDistinct and the same members', async () => {
    const a = await group('ann', ['ben', 'cat'], { isDistinct: true });
    const b = (await app.data(Create, { input: { title: 'Other title', memberIds: ['cat', 'ann'], isDistinct: true } }, { as: 'ben' }))
      .createConversation;
    expect(b.id).toBe(a.id);
    const c = await group('ann', ['ben', 'cat']); // not distinct: a new one
    expect(c.id).not.toBe(a.id);
  });

  it('stores every setting, with the creator as owner and admin', async () => {
    const created = await group('ann', ['ben'], {
      type: 'PUBLIC',
      customType: 'team',
      profileImageUrl: 'https://img.test/g.png',
      metaData: { color: 'blue' },
      tags: ['work', 'eng'],
      category: 'office',
      subcategory: 'hq',
      maxMemberCount: 10,
      hideMessagesBeforeJoin: true,
      rateLimit: 5,
      rateLimitWindow: 60,
      flagLimit: 3,
      config: { readEvents: true },
    });
    expect(created).toMatchObject({
      type: 'PUBLIC',
      customType: 'team',
      profileImageUrl: 'https://img.test/g.png',
      metaData: { color: 'blue' },
      tags: ['work', 'eng'],
      category: 'office',
      subcategory: 'hq',
      maxMemberCount: 10,
      hideMessagesBeforeJoin: true,
      rateLimit: 5,
      rateLimitWindow: 60,
      flagLimit: 3,
      isAdmin: true,
      isMember: true,
      owner: { id: 'ann' },
      // public defaults are off, readEvents turned on here
      config: { typingEvents: false, readEvents: true, pushNotifications: false, pinMessages: false },
      invitationCode: null,
    });
  });

  it('makes an open conversation with no members, pinMessages on by default', async () => {
    const open = (await app.data(Create, { input: { type: 'OPEN', title: 'Lobby' } }, { as: 'ann' })).createConversation;
    expect(open).toMatchObject({ type: 'OPEN', memberCount: 1, config: { readEvents: false, pinMessages: true } });
  });

  it('gives private groups an invitation code for their admins', async () => {
    const g = await group('ann', ['ben']);
    expect(g.invitationCode).toMatch(/^[\w-]{8,}$/);
    const asMember = await app.data(Details, { id: g.id, userId: 'ann' }, { as: 'ben' });
    expect(asMember.conversation).toBeTruthy();
  });

  it('is idempotent with a client id, and CONFLICT for other content', async () => {
    const input = { id: unique('client-id'), title: 'Retry me', memberIds: ['ben'] };
    const a = (await app.data(Create, { input }, { as: 'ann' })).createConversation;
    const b = (await app.data(Create, { input }, { as: 'ann' })).createConversation;
    expect(b.id).toBe(input.id);
    expect(b.createdAt).toBe(a.createdAt);
    const clash = await app.request(Create, { input: { ...input, title: 'Something else' } }, { as: 'ann' });
    expect(errorCodes(clash)).toEqual(['CONFLICT']);
    expect(await prisma.conversation.count({ where: { id: input.id } })).toBe(1);
  });

  it('lets only the API key set createdAt', async () => {
    const createdAt = '2020-01-29T07:12:41.124Z';
    expect(errorCodes(await app.request(Create, { input: { title: 'Old', createdAt } }, { as: 'ann' }))).toEqual(['FORBIDDEN']);
    const old = await app.data(Create, { input: { title: 'Old', createdAt } }, { as: 'ann', apiKey: true });
    expect(old.createConversation.createdAt).toBe(createdAt);
  });

  it('posts an ADMIN message when a group is created', async () => {
    const g = await group('ann', ['ben']);
    expect(await adminEvents(g.id, 'ben')).toEqual([{ type: 'admin_group_create', subId: 'ann', objValues: g.title }]);
  });
});

describe('conversations and conversationCount', () => {
  let ids: { a: string; b: string; c: string; d: string; e: string };

  beforeAll(async () => {
    // fay's own world, so counts are exact
    const a = await group('fay', ['gus'], { customType: 'team', tags: ['red'], category: 'alpha' });
    const b = await group('fay', ['gus', 'dan'], { customType: 'social', tags: ['blue'], category: 'beta' });
    const c = (await app.data(Create, { input: { isGroup: false, memberIds: ['dan'] } }, { as: 'fay' })).createConversation;
    const d = await group('gus', [], { type: 'PUBLIC', title: 'Public square' });
    const e = (await app.data(Create, { input: { type: 'OPEN', title: 'Open plaza' } }, { as: 'gus' })).createConversation;
    ids = { a: a.id, b: b.id, c: c.id, d: d.id, e: e.id };
    // a message makes b the most recently updated
    await app.data(Send, { input: { conversationId: b.id, body: 'bump' } }, { as: 'gus' });
  });

  const list = async (filter: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
    const result = await app.data(List, { filter, first: 50, ...extra }, { as: 'fay' });
    expect(result.conversationCount).toBe(result.conversations.totalCount);
    return result.conversations.edges.map((e) => e.node.id);
  };

  it('lists the viewer’s conversations, most recently updated first', async () => {
    const all = await list({});
    expect(all).toHaveLength(3);
    expect(all[0]).toBe(ids.b);
    expect(new Set(all)).toEqual(new Set([ids.a, ids.b, ids.c]));
    const ascending = await list({}, { orderBy: 'UPDATED_AT_ASC' });
    expect(ascending).toEqual([...all].reverse());
    const byLastMessage = await list({}, { orderBy: 'LAST_MESSAGE_AT_DESC' });
    expect(byLastMessage[0]).toBe(ids.b);
  });

  it('filters by every field of ConversationFilter', async () => {
    expect(await list({ ids: [ids.a, ids.d] })).toEqual([ids.a]);
    expect(await list({ isGroup: false })).toEqual([ids.c]);
    expect(new Set(await list({ isGroup: true }))).toEqual(new Set([ids.a, ids.b]));
    expect(await list({ type: 'PUBLIC' })).toEqual([]);
    expect(await list({ customTypes: ['team'] })).toEqual([ids.a]);
    expect(await list({ tags: ['blue', 'green'] })).toEqual([ids.b]);
    expect(await list({ category: 'alpha' })).toEqual([ids.a]);
    expect(await list({ memberIdsIncluded: ['dan'] })).toEqual(expect.arrayContaining([ids.b, ids.c]));
    expect(await list({ memberIdsIncluded: ['dan', 'gus'] })).toEqual([ids.b]);
    expect(await list({ memberIdsExactly: ['gus'] })).toEqual([ids.a]);
    expect(await list({ memberIdsExactly: ['dan'] })).toEqual([ids.c]);
    const title = (await app.data(Details, { id: ids.a, userId: 'fay' }, { as: 'fay' })).conversation!.title!;
    expect(await list({ search: title.toLowerCase() })).toEqual([ids.a]);
    expect(await list({ search: '%' })).toEqual([]);
  });

  it('publicMode lists public and open conversations the viewer is not in', async () => {
    const found = await list({ publicMode: true });
    expect(found).toEqual(expect.arrayContaining([ids.d, ids.e]));
    expect(found).not.toContain(ids.a);
    expect(await list({ publicMode: true, type: 'OPEN', search: 'plaza' })).toEqual([ids.e]);
  });

  it('publicMode leaves out what the viewer is banned from, until unbanned', async () => {
    const hall = await group('gus', [], { type: 'PUBLIC', title: 'Banned hall' });
    const discover = async (as: string) => {
      const result = await app.data(List, { filter: { publicMode: true, search: 'banned hall' }, first: 50 }, { as });
      expect(result.conversationCount).toBe(result.conversations.totalCount);
      return result.conversations.edges.map((e) => e.node.id);
    };
    expect(await discover('eva')).toEqual([hall.id]);
    const moderate = (action: 'banMembers' | 'unbanMembers') =>
      app.data(`mutation ($c: ID!) { ${action}(conversationId: $c, userIds: ["eva"]) { id } }`, { c: hall.id }, { as: 'gus' });
    await moderate('banMembers');
    expect(await discover('eva')).toEqual([]);
    expect(await discover('fay')).toEqual([hall.id]);
    await moderate('unbanMembers');
    expect(await discover('eva')).toEqual([hall.id]);
  });

  it('reads a public conversation for any user, but not a private one', async () => {
    expect((await app.data(Details, { id: ids.d, userId: 'gus' }, { as: 'eva' })).conversation).toMatchObject({ isMember: false });
    expect(errorCodes(await app.request(Details, { id: ids.a, userId: 'gus' }, { as: 'eva' }))).toEqual(['FORBIDDEN']);
  });

  it('pages with cursors that stay put while conversations move', async () => {
    const page1 = await app.data(List, { first: 2 }, { as: 'fay' });
    expect(page1.conversations.pageInfo.hasNextPage).toBe(true);
    const seen = page1.conversations.edges.map((e) => e.node.id);
    // the last conversation of the list gets a message and jumps to the top
    const last = (await list({})).at(-1)!;
    await app.data(Send, { input: { conversationId: last, body: 'jump' } }, { as: 'fay' });
    const page2 = await app.data(List, { first: 2, after: page1.conversations.pageInfo.endCursor }, { as: 'fay' });
    const next = page2.conversations.edges.map((e) => e.node.id);
    for (const id of next) expect(seen).not.toContain(id);
    expect(errorCodes(await app.request(List, { first: 2, after: 'garbage' }, { as: 'fay' }))).toEqual(['BAD_USER_INPUT']);
  });

  it('hides deleted copies unless includeDeleted, and former memberships with onlyActive', async () => {
    const g = await group('fay', ['gus']);
    await app.data(Delete, { id: g.id }, { as: 'fay' });
    expect(await list({})).not.toContain(g.id);
    expect(await list({ includeDeleted: true })).toContain(g.id);
    const h = await group('gus', ['fay']);
    await app.data(Leave, { id: h.id }, { as: 'fay' });
    expect(await list({})).toContain(h.id);
    expect(await list({ onlyActive: true })).not.toContain(h.id);
  });

  it('refuses first over the maximum and too many ids', async () => {
    expect(errorCodes(await app.request(List, { first: 101 }, { as: 'fay' }))).toEqual(['BAD_USER_INPUT']);
    const tooMany = Array.from({ length: 101 }, (_, i) => `id-${i}`);
    expect(errorCodes(await app.request(List, { filter: { ids: tooMany } }, { as: 'fay' }))).toEqual(['BAD_USER_INPUT']);
  });
});

describe('fields', () => {
  it('shows counts, the viewer’s state, members and one member', async () => {
    const g = await group('ann', ['ben', 'cat', 'dan']);
    await app.data(Send, { input: { conversationId: g.id, body: 'one' } }, { as: 'ben' });
    await app.data(Send, { input: { conversationId: g.id, body: 'two' } }, { as: 'ben' });
    const { conversation } = await app.data(Details, { id: g.id, userId: 'cat' }, { as: 'cat' });
    expect(conversation).toMatchObject({
      memberCount: 4,
      watcherCount: 0,
      messageCount: 3, // the ADMIN message of creation, and two
      isMember: true,
      isAdmin: false,
      isActive: true,
      isDeleted: false,
      mute: false,
      unreadMessageCount: 2,
      lastReadAt: null,
      owner: { id: 'ann' },
      lastMessage: { body: 'two', type: 'NORMAL' },
      member: { role: 'MEMBER', isAdmin: false, user: { id: 'cat' } },
    });
    expect(conversation!.members.totalCount).toBe(4);
    expect(conversation!.members.pageInfo.hasNextPage).toBe(true);
    const rest = await app.data(MembersAfter, { id: g.id, after: conversation!.members.pageInfo.endCursor }, { as: 'cat' });
    const everyone = [...conversation!.members.edges, ...rest.conversation!.members.edges].map((e) => e.node.user.id);
    expect(new Set(everyone)).toEqual(new Set(['ann', 'ben', 'cat', 'dan']));
    const none = await app.data(Details, { id: g.id, userId: 'eva' }, { as: 'cat' });
    expect(none.conversation!.member).toBeNull();
  });
});

describe('member pages', () => {
  // A member page carries only the member columns the Member type reads (sql/conversation-fields.ts
  // listedMemberKeys); member(userId) reads the whole row. Every field of the type, found by
  // introspection (a field added later is covered), must read the same through both.
  it('give every field of Member as the whole row gives it, listed and loaded', async () => {
    const g = await group('ann', ['ben', 'cat', 'dan']);
    const id = g.id;
    await app.data(Send, { input: { conversationId: id, body: 'from ben' } }, { as: 'ben' });
    const steps: [string, Record<string, unknown>, string][] = [
      ['mutation ($id: ID!) { muteMembers(conversationId: $id, userIds: ["dan"], expireInMinutes: 30) { id } }', { id }, 'ann'],
      ['mutation ($id: ID!) { muteMembers(conversationId: $id, userIds: ["ben"]) { id } }', { id }, 'ann'],
      [
        'mutation ($id: ID!, $info: JSON) { setMemberInfo(conversationId: $id, userId: "cat", memberInfo: $info) { id } }',
        { id, info: { seat: 4 } },
        'ann',
      ],
      ['mutation ($id: ID!) { setMemberPushNotifications(conversationId: $id, userId: "ben", enabled: false) { id } }', { id }, 'ben'],
      ['mutation ($id: ID!) { markConversationRead(conversationId: $id) { id } }', { id }, 'cat'],
      ['mutation ($id: ID!) { addAdmin(conversationId: $id, userId: "cat") { id } }', { id }, 'ann'],
    ];
    for (const [mutation, variables, as] of steps) await app.data(mutation, variables, { as });

    type Field = { name: string; type: { kind: string; ofType: Field['type'] | null } };
    const { __type } = await app.data<{ __type: { fields: Field[] } }, unknown>(
      '{ __type(name: "Member") { fields { name type { kind ofType { kind ofType { kind } } } } } }',
    );
    const kindOf = (type: Field['type']): string => (type.ofType ? kindOf(type.ofType) : type.kind);
    const selection = __type.fields.map((f) => (kindOf(f.type) === 'OBJECT' ? `${f.name} { id displayName }` : f.name)).join(' ');
    expect(selection).toContain('memberInfo'); // what the introspection found, by a field that must be there

    type Row = Record<string, unknown> & { user: { id: string } };
    const page = `members(first: 10) { edges { node { ${selection} } } }`;
    const loaded = await app.data<{ conversation: { members: { edges: { node: Row }[] } } }, unknown>(
      `query ($id: ID!) { conversation(id: $id) { ${page} } }`,
      { id },
      { as: 'cat' },
    );
    const listed = await app.data<{ conversations: { edges: { node: { id: string; members: { edges: { node: Row }[] } } }[] } }, unknown>(
      `{ conversations(first: 50) { edges { node { id ${page} } } } }`,
      {},
      { as: 'cat' },
    );
    const listedPage = listed.conversations.edges.find((e) => e.node.id === id)!.node.members;
    for (const members of [loaded.conversation.members, listedPage]) {
      expect(members.edges.map((e) => e.node.user.id).sort()).toEqual(['ann', 'ben', 'cat', 'dan']);
      for (const { node } of members.edges) {
        const whole = await app.data<{ conversation: { member: Row } }, unknown>(
          `query ($id: ID!, $u: ID!) { conversation(id: $id) { member(userId: $u) { ${selection} } } }`,
          { id, u: node.user.id },
          { as: 'cat' },
        );
        expect(node).toEqual(whole.conversation.member);
      }
    }
    // the states set above show, so the comparison covers them
    const byUser = Object.fromEntries(listedPage.edges.map((e) => [e.node.user.id, e.node]));
    expect(byUser.dan).toMatchObject({ isMuted: true, mutedUntil: expect.any(String) });
    expect(byUser.ben).toMatchObject({ isMuted: true, mutedUntil: null, pushNotifications: false });
    expect(byUser.cat).toMatchObject({ memberInfo: { seat: 4 }, lastReadAt: expect.any(String), role: 'ADMIN', isAdmin: true });
    expect(byUser.ann).toMatchObject({ isMuted: false, role: 'OWNER' });
  });
});

describe('membership mutations', () => {
  it('adds and removes members, with ADMIN messages', async () => {
    const g = await group('ann', ['ben']);
    expect((await app.data(AddMembers, { id: g.id, userIds: ['cat', 'dan'] }, { as: 'ann' })).addMembers.memberCount).toBe(4);
    // adding someone twice changes nothing
    expect((await app.data(AddMembers, { id: g.id, userIds: ['cat'] }, { as: 'ann' })).addMembers.memberCount).toBe(4);
    expect((await app.data(RemoveMembers, { id: g.id, userIds: ['dan'] }, { as: 'ann' })).removeMembers.memberCount).toBe(3);
    expect(await adminEvents(g.id, 'ann')).toEqual([
      { type: 'admin_group_create', subId: 'ann', objValues: g.title },
      { type: 'admin_group_add_members', subId: 'ann', objValues: ['cat', 'dan'] },
      { type: 'admin_group_remove_members', subId: 'ann', objValues: ['dan'] },
    ]);
    // a removed member keeps the history they saw, and no more
    await app.data(Send, { input: { conversationId: g.id, body: 'after dan left' } }, { as: 'ann' });
    const dans = await app.data(Messages, { id: g.id }, { as: 'dan' });
    expect(dans.messages.edges.map((e) => e.node.body)).not.toContain('after dan left');
    expect(errorCodes(await app.request(Send, { input: { conversationId: g.id, body: 'hi' } }, { as: 'dan' }))).toEqual(['FORBIDDEN']);
  });

  it('refuses unknown users, non-members, too many ids, and the owner', async () => {
    const g = await group('ann', ['ben']);
    await app.data(AddAdmin, { id: g.id, userId: 'ben' }, { as: 'ann' });
    const before = await prisma.member.count({ where: { conversationId: g.id } });
    expect(errorCodes(await app.request(AddMembers, { id: g.id, userIds: ['nobody'] }, { as: 'ann' }))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await app.request(AddMembers, { id: g.id, userIds: [] }, { as: 'ann' }))).toEqual(['BAD_USER_INPUT']);
    const many = Array.from({ length: 101 }, (_, i) => `u${i}`);
    expect(errorCodes(await app.request(AddMembers, { id: g.id, userIds: many }, { as: 'ann' }))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await app.request(RemoveMembers, { id: g.id, userIds: ['cat'] }, { as: 'ann' }))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await app.request(RemoveMembers, { id: g.id, userIds: ['ann'] }, { as: 'ben' }))).toEqual(['FORBIDDEN']);
    expect(await prisma.member.count({ where: { conversationId: g.id } })).toBe(before);
    expect(errorCodes(await app.request(AddMembers, { id: 'missing', userIds: ['cat'] }, { as: 'ann' }))).toEqual(['NOT_FOUND']);
  });

  it('keeps maxMemberCount', async () => {
    const g = await group('ann', ['ben'], { maxMemberCount: 3 });
    expect(errorCodes(await app.request(AddMembers, { id: g.id, userIds: ['cat', 'dan'] }, { as: 'ann' }))).toEqual(['BAD_USER_INPUT']);
    expect((await app.data(AddMembers, { id: g.id, userIds: ['cat'] }, { as: 'ann' })).addMembers.memberCount).toBe(3);
  });

  it('adds and removes admins, with ADMIN messages', async () => {
    const g = await group('ann', ['ben', 'cat']);
    await app.data(AddAdmin, { id: g.id, userId: 'ben' }, { as: 'ann' });
    expect((await app.data(Details, { id: g.id, userId: 'ben' }, { as: 'ben' })).conversation!.isAdmin).toBe(true);
    // the new admin can now add members
    await app.data(AddMembers, { id: g.id, userIds: ['dan'] }, { as: 'ben' });
    await app.data(RemoveAdmin, { id: g.id, userId: 'ben' }, { as: 'ann' });
    expect((await app.data(Details, { id: g.id, userId: 'ben' }, { as: 'ben' })).conversation!.isAdmin).toBe(false);
    expect(errorCodes(await app.request(AddAdmin, { id: g.id, userId: 'eva' }, { as: 'ann' }))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await app.request(RemoveAdmin, { id: g.id, userId: 'ann' }, { as: 'ann' }))).toEqual(['FORBIDDEN']);
    const types = (await adminEvents(g.id, 'ann')).map((e) => e.type);
    expect(types).toEqual(['admin_group_create', 'admin_group_make_admin', 'admin_group_add_members', 'admin_group_remove_admin']);
  });

  it('joins public groups, and private ones with the invitation code', async () => {
    const pub = await group('ann', [], { type: 'PUBLIC' });
    expect((await app.data(Join, { id: pub.id }, { as: 'eva' })).joinConversation).toEqual({ isMember: true, memberCount: 2 });
    const priv = await group('ann', []);
    expect(errorCodes(await app.request(Join, { id: priv.id }, { as: 'eva' }))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await app.request(Join, { id: priv.id, code: 'wrong-code' }, { as: 'eva' }))).toEqual(['FORBIDDEN']);
    expect((await app.data(Join, { id: priv.id, code: priv.invitationCode }, { as: 'eva' })).joinConversation.isMember).toBe(true);
    const types = (await adminEvents(priv.id, 'ann')).map((e) => e.type);
    expect(types).toEqual(['admin_group_create', 'admin_group_join']);
  });

  it('passes ownership to the longest-standing admin, else member, when the owner leaves', async () => {
    const g = await group('ann', ['ben']);
    await new Promise((r) => setTimeout(r, 5));
    await app.data(AddMembers, { id: g.id, userIds: ['cat', 'dan'] }, { as: 'ann' });
    await app.data(AddAdmin, { id: g.id, userId: 'dan' }, { as: 'ann' });
    const left = (await app.data(Leave, { id: g.id }, { as: 'ann' })).leaveConversation;
    // a former member of a private group no longer sees who is in it (API.md, the privacy model)
    expect(left).toEqual({ isMember: false, isActive: false, owner: null });
    expect((await app.data(Details, { id: g.id, userId: 'ben' }, { as: 'ben' })).conversation!.owner!.id).toBe('dan');
    await app.data(Leave, { id: g.id }, { as: 'dan' });
    const after = await app.data(Details, { id: g.id, userId: 'ben' }, { as: 'ben' });
    expect(after.conversation!.owner!.id).toBe('ben'); // no admin left: ben has been a member longest
    expect(after.conversation!.member!.role).toBe('OWNER');
    const types = (await adminEvents(g.id, 'ben')).map((e) => e.type);
    expect(types).toContain('admin_group_leave');
    expect(types).toContain('admin_group_change_owner');
  });

  it('transfers ownership', async () => {
    const g = await group('ann', ['ben']);
    expect((await app.data(Transfer, { id: g.id, userId: 'ben' }, { as: 'ann' })).transferOwnership.owner!.id).toBe('ben');
    expect(errorCodes(await app.request(Transfer, { id: g.id, userId: 'ann' }, { as: 'ann' }))).toEqual(['FORBIDDEN']);
    expect((await app.data(Details, { id: g.id, userId: 'ann' }, { as: 'ann' })).conversation!.member!.role).toBe('ADMIN');
  });
});

describe('updates and the viewer’s own copy', () => {
  it('updates title, image and settings, posting ADMIN messages for title and image', async () => {
    const g = await group('ann', ['ben']);
    const { updateConversation } = await app.data(
      Update,
      {
        id: g.id,
        input: {
          title: 'Renamed',
          profileImageUrl: 'https://img.test/new.png',
          tags: ['x'],
          category: 'c',
          metaData: { a: 1 },
          maxMemberCount: 50,
          rateLimit: 2,
          rateLimitWindow: 10,
          config: { typingEvents: false },
        },
      },
      { as: 'ann' },
    );
    expect(updateConversation).toEqual({
      title: 'Renamed',
      profileImageUrl: 'https://img.test/new.png',
      tags: ['x'],
      category: 'c',
      metaData: { a: 1 },
      maxMemberCount: 50,
      rateLimit: 2,
      rateLimitWindow: 10,
      config: { typingEvents: false, readEvents: true },
    });
    const events = await adminEvents(g.id, 'ben');
    expect(events.slice(1)).toEqual([
      { type: 'admin_group_change_title', subId: 'ann', objValues: 'Renamed' },
      { type: 'admin_group_change_photo', subId: 'ann', objValues: 'https://img.test/new.png' },
    ]);
    for (const input of [
      { title: '' },
      { title: 'x'.repeat(201) },
      { maxMemberCount: 1 },
      { rateLimit: 3, rateLimitWindow: null },
      { profileImageUrl: 'not a url' },
    ]) {
      expect(errorCodes(await app.request(Update, { id: g.id, input }, { as: 'ann' })), JSON.stringify(input)).toEqual(['BAD_USER_INPUT']);
    }
    expect(errorCodes(await app.request(Update, { id: g.id, input: { title: 'Mine' } }, { as: 'ben' }))).toEqual(['FORBIDDEN']);
  });

  it('mutes for the viewer only', async () => {
    const g = await group('ann', ['ben']);
    expect((await app.data(Settings, { id: g.id, mute: true }, { as: 'ben' })).updateConversationSettings.mute).toBe(true);
    expect((await app.data(Details, { id: g.id, userId: 'ann' }, { as: 'ann' })).conversation!.mute).toBe(false);
    expect(errorCodes(await app.request(Settings, { id: g.id, mute: true }, { as: 'eva' }))).toEqual(['FORBIDDEN']);
  });

  it('clears private conversations only', async () => {
    const g = await group('ann', ['ben']);
    await app.data(Send, { input: { conversationId: g.id, body: 'old' } }, { as: 'ann' });
    await app.data(Clear, { id: g.id }, { as: 'ben' });
    await app.data(Send, { input: { conversationId: g.id, body: 'new' } }, { as: 'ann' });
    expect((await app.data(Messages, { id: g.id }, { as: 'ben' })).messages.edges.map((e) => e.node.body)).toEqual(['new']);
    expect((await app.data(Messages, { id: g.id }, { as: 'ann' })).messages.totalCount).toBe(3);
    const pub = await group('ann', ['ben'], { type: 'PUBLIC' });
    expect(errorCodes(await app.request(Clear, { id: pub.id }, { as: 'ben' }))).toEqual(['FORBIDDEN']);
  });

  it('deletes the viewer’s copy until a new message arrives', async () => {
    const g = await group('ann', ['ben']);
    await app.data(Send, { input: { conversationId: g.id, body: 'before' } }, { as: 'ann' });
    expect((await app.data(Delete, { id: g.id }, { as: 'ben' })).deleteConversation.isDeleted).toBe(true);
    const hidden = await app.data(List, { filter: { ids: [g.id] } }, { as: 'ben' });
    expect(hidden.conversations.totalCount).toBe(0);
    const shown = await app.data(List, { filter: { ids: [g.id], includeDeleted: true } }, { as: 'ben' });
    expect(shown.conversations.edges[0]!.node.isDeleted).toBe(true);
    await app.data(Send, { input: { conversationId: g.id, body: 'after' } }, { as: 'ann' });
    const back = await app.data(List, { filter: { ids: [g.id] } }, { as: 'ben' });
    expect(back.conversations.edges[0]!.node.isDeleted).toBe(false);
    expect((await app.data(Messages, { id: g.id }, { as: 'ben' })).messages.edges.map((e) => e.node.body)).toEqual(['after']);
  });

  it('watches and stops watching', async () => {
    const open = (await app.data(Create, { input: { type: 'OPEN', title: 'Watch me' } }, { as: 'ann' })).createConversation;
    expect((await app.data(Watch, { id: open.id }, { as: 'eva' })).startWatching.watcherCount).toBe(1);
    expect((await app.data(Watch, { id: open.id }, { as: 'eva' })).startWatching.watcherCount).toBe(1);
    expect((await app.data(Watch, { id: open.id }, { as: 'ben' })).startWatching.watcherCount).toBe(2);
    const details = await app.data(Details, { id: open.id, userId: 'ann' }, { as: 'ann' });
    expect(new Set(details.conversation!.watchers.edges.map((e) => e.node.id))).toEqual(new Set(['eva', 'ben']));
    expect((await app.data(Unwatch, { id: open.id }, { as: 'eva' })).stopWatching.watcherCount).toBe(1);
  });
});
