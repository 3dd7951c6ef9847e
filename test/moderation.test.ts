// Moderation and channel controls: ban, mute with expiry, push settings, freeze, invitations,
// history hiding, the member cap under racing joins, slow mode, roles and stable member lists.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { errorCodes, startApp, type TestApp } from './helpers/app.ts';
import { until, untilLive, wsClient } from './helpers/ws.ts';
import type { PrismaClient } from '../src/db/client.ts';

/** the test app's own database */
let prisma: PrismaClient;

const Ban = graphql(`
  mutation ModBan($id: ID!, $userIds: [ID!]!) {
    banMembers(conversationId: $id, userIds: $userIds) {
      memberCount
      bannedUsers(first: 10) {
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
const Unban = graphql(`
  mutation ModUnban($id: ID!, $userIds: [ID!]!) {
    unbanMembers(conversationId: $id, userIds: $userIds) {
      memberCount
    }
  }
`);
const Mute = graphql(`
  mutation ModMute($id: ID!, $userIds: [ID!]!, $minutes: Int) {
    muteMembers(conversationId: $id, userIds: $userIds, expireInMinutes: $minutes) {
      mutedMembers(first: 10) {
        totalCount
        edges {
          node {
            user {
              id
            }
            isMuted
            mutedUntil
          }
        }
      }
    }
  }
`);
const Unmute = graphql(`
  mutation ModUnmute($id: ID!, $userIds: [ID!]!) {
    unmuteMembers(conversationId: $id, userIds: $userIds) {
      mutedMembers(first: 10) {
        totalCount
      }
    }
  }
`);
const MuteAll = graphql(`
  mutation ModMuteAll($id: ID!) {
    muteAllMembers(conversationId: $id) {
      mutedMembers(first: 10) {
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
const Push = graphql(`
  mutation ModPush($id: ID!, $userId: ID!, $enabled: Boolean!) {
    setMemberPushNotifications(conversationId: $id, userId: $userId, enabled: $enabled) {
      pushNotifications
      user {
        id
      }
    }
  }
`);
const MemberState = graphql(`
  query ModMember($id: ID!, $userId: ID!) {
    conversation(id: $id) {
      isFrozen
      invitationCode
      member(userId: $userId) {
        role
        isMuted
        mutedUntil
        pushNotifications
      }
    }
  }
`);
const Freeze = graphql(`
  mutation ModFreeze($id: ID!, $frozen: Boolean!) {
    freezeConversation(conversationId: $id, frozen: $frozen) {
      isFrozen
    }
  }
`);
const Regenerate = graphql(`
  mutation ModRegenerate($id: ID!) {
    regenerateInvitationCode(conversationId: $id) {
      invitationCode
    }
  }
`);
const Send = graphql(`
  mutation ModSend($id: ID!, $body: String!) {
    sendMessage(input: { conversationId: $id, body: $body }) {
      id
      seq
      cursor
    }
  }
`);
const Members = graphql(`
  query ModMembers($id: ID!, $first: Int, $after: String) {
    conversation(id: $id) {
      memberCount
      members(first: $first, after: $after) {
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
    }
  }
`);
const History = graphql(`
  query ModHistory($id: ID!) {
    messages(conversationId: $id, first: 50, orderBy: CREATED_AT_ASC) {
      edges {
        node {
          body
        }
      }
    }
    search: messages(conversationId: $id, filter: { search: "secret" }) {
      totalCount
    }
    messageCount(conversationId: $id)
    conversation(id: $id) {
      unreadMessageCount
      messageCount
      lastMessage {
        body
      }
    }
  }
`);

let app: TestApp;
let n = 0;

beforeAll(async () => {
  app = await startApp();
  prisma = app.server.database.prisma;
  await app.listen();
  await app.users('own', 'adm', 'mem', 'oth', 'new');
});
afterAll(() => app.stop());
afterEach(() => {
  app.server.runtime.clock.now = () => new Date();
});

async function group(extra: Record<string, unknown> = {}, members = ['adm', 'mem']) {
  const { createConversation } = (await app.data(
    'mutation ($input: CreateConversationInput!) { createConversation(input: $input) { id } }',
    { input: { title: `Mod ${++n}`, memberIds: members, ...extra } },
    { as: 'own' },
  )) as { createConversation: { id: string } };
  if (members.includes('adm')) {
    await app.data(
      'mutation ($id: ID!) { addAdmin(conversationId: $id, userId: "adm") { id } }',
      { id: createConversation.id },
      { as: 'own' },
    );
  }
  return createConversation.id;
}

const adminTypes = async (id: string) =>
  (await prisma.message.findMany({ where: { conversationId: id, type: 'ADMIN' }, orderBy: { seq: 'asc' } })).map(
    (m) => (m.attachments as { adminMessageType: string }[])[0]!.adminMessageType,
  );

describe('ban', () => {
  it('removes a banned member, who cannot read, send, join or be added until unbanned', async () => {
    const id = await group({ type: 'PUBLIC' });
    const { banMembers } = await app.data(Ban, { id, userIds: ['mem'] }, { as: 'adm' });
    expect(banMembers.memberCount).toBe(2);
    expect(banMembers.bannedUsers.edges.map((e) => e.node.id)).toEqual(['mem']);
    for (const attempt of [
      app.request(MemberState, { id, userId: 'mem' }, { as: 'mem' }),
      app.request(Send, { id, body: 'let me in' }, { as: 'mem' }),
      app.request('mutation ($id: ID!) { joinConversation(conversationId: $id) { id } }', { id }, { as: 'mem' }),
      app.request('mutation ($id: ID!) { addMembers(conversationId: $id, userIds: ["mem"]) { id } }', { id }, { as: 'own' }),
    ]) {
      const result = await attempt;
      expect(errorCodes(result)).toEqual(['FORBIDDEN']);
      expect(result.errors![0]!.message).toMatch(/banned/);
    }
    expect(await adminTypes(id)).toContain('admin_group_ban_members');
    await app.data(Unban, { id, userIds: ['mem'] }, { as: 'adm' });
    expect(
      errorCodes(await app.request('mutation ($id: ID!) { joinConversation(conversationId: $id) { id } }', { id }, { as: 'mem' })),
    ).toEqual([]);
    expect(await adminTypes(id)).toContain('admin_group_unban_members');
  });

  it('never bans the owner; only the owner bans an admin', async () => {
    const id = await group();
    expect(errorCodes(await app.request(Ban, { id, userIds: ['own'] }, { as: 'adm' }))).toEqual(['FORBIDDEN']);
    await app.data('mutation ($id: ID!) { addMembers(conversationId: $id, userIds: ["oth"]) { id } }', { id }, { as: 'own' });
    await app.data('mutation ($id: ID!) { addAdmin(conversationId: $id, userId: "oth") { id } }', { id }, { as: 'own' });
    expect(errorCodes(await app.request(Ban, { id, userIds: ['oth'] }, { as: 'adm' }))).toEqual(['FORBIDDEN']);
    expect((await app.data(Ban, { id, userIds: ['oth'] }, { as: 'own' })).banMembers.memberCount).toBe(3);
    expect(errorCodes(await app.request(MemberState, { id, userId: 'own' }, { as: 'mem' }))).toEqual([]);
    // the banned list is for admins
    const asMember = await app.request('query ($id: ID!) { conversation(id: $id) { bannedUsers { totalCount } } }', { id }, { as: 'mem' });
    expect(errorCodes(asMember)).toEqual(['FORBIDDEN']);
  });

  it('ends the banned user’s subscriptions at once', async () => {
    const id = await group();
    const ws = wsClient(app.url, { authorization: `Bearer ${await app.token('mem')}` });
    const sub = ws.subscribe('subscription ($id: ID!) { messageAdded(conversationId: $id) { body } }', { id });
    await untilLive(sub, (i) => app.data(Send, { id, body: `warm ${i}` }, { as: 'own' }));
    await app.data(Ban, { id, userIds: ['mem'] }, { as: 'own' });
    await sub.waitForEnd(5_000);
    expect(JSON.stringify([sub.results.at(-1), sub.error])).toContain('banned');
    await ws.dispose();
  });
});

describe('mute', () => {
  it('mutes until a time that holds exactly, with no background job', async () => {
    const id = await group();
    const start = new Date('2030-01-01T00:00:00.000Z');
    app.server.runtime.clock.now = () => start;
    const { muteMembers } = await app.data(Mute, { id, userIds: ['mem'], minutes: 5 }, { as: 'adm' });
    const until5 = new Date(start.getTime() + 5 * 60_000).toISOString();
    expect(muteMembers.mutedMembers.edges).toEqual([{ node: { user: { id: 'mem' }, isMuted: true, mutedUntil: until5 } }]);
    const refused = await app.request(Send, { id, body: 'muted' }, { as: 'mem' });
    expect(errorCodes(refused)).toEqual(['FORBIDDEN']);
    expect(refused.errors![0]!.message).toContain(until5);
    // one millisecond before the end: still muted; at the end: free
    app.server.runtime.clock.now = () => new Date(start.getTime() + 5 * 60_000 - 1);
    expect(errorCodes(await app.request(Send, { id, body: 'still muted' }, { as: 'mem' }))).toEqual(['FORBIDDEN']);
    app.server.runtime.clock.now = () => new Date(start.getTime() + 5 * 60_000);
    expect(errorCodes(await app.request(Send, { id, body: 'free again' }, { as: 'mem' }))).toEqual([]);
    expect((await app.data(MemberState, { id, userId: 'mem' }, { as: 'own' })).conversation!.member).toMatchObject({
      isMuted: false,
      mutedUntil: null,
    });
  });

  it('mutes until unmuted with expireInMinutes 0, and unmutes', async () => {
    const id = await group();
    await app.data(Mute, { id, userIds: ['mem'], minutes: 0 }, { as: 'adm' });
    app.server.runtime.clock.now = () => new Date(Date.now() + 10 * 365 * 86_400_000);
    expect(errorCodes(await app.request(Send, { id, body: 'years later' }, { as: 'mem' }))).toEqual(['FORBIDDEN']);
    app.server.runtime.clock.now = () => new Date();
    expect((await app.data(Unmute, { id, userIds: ['mem'] }, { as: 'adm' })).unmuteMembers.mutedMembers.totalCount).toBe(0);
    expect(errorCodes(await app.request(Send, { id, body: 'unmuted' }, { as: 'mem' }))).toEqual([]);
    expect(errorCodes(await app.request(Mute, { id, userIds: ['mem'], minutes: -1 }, { as: 'adm' }))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await app.request(Mute, { id, userIds: ['oth'], minutes: 1 }, { as: 'adm' }))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await app.request(Mute, { id, userIds: ['own'], minutes: 1 }, { as: 'adm' }))).toEqual(['FORBIDDEN']);
  });

  it('mutes everyone but the owner', async () => {
    const id = await group({}, ['adm', 'mem', 'oth']);
    const { muteAllMembers } = await app.data(MuteAll, { id }, { as: 'own' });
    expect(muteAllMembers.mutedMembers.edges.map((e) => e.node.user.id).sort()).toEqual(['adm', 'mem', 'oth']);
    expect(errorCodes(await app.request(Send, { id, body: 'owner speaks' }, { as: 'own' }))).toEqual([]);
    expect(errorCodes(await app.request(Send, { id, body: 'member speaks' }, { as: 'mem' }))).toEqual(['FORBIDDEN']);
  });
});

describe('push, freeze, invitations', () => {
  it('sets a member’s push notifications: the member, an admin, or the API key', async () => {
    const id = await group({ config: { pushNotifications: false } });
    expect((await app.data(MemberState, { id, userId: 'mem' }, { as: 'mem' })).conversation!.member!.pushNotifications).toBe(false);
    expect((await app.data(Push, { id, userId: 'mem', enabled: true }, { as: 'mem' })).setMemberPushNotifications.pushNotifications).toBe(
      true,
    );
    expect((await app.data(Push, { id, userId: 'mem', enabled: false }, { as: 'adm' })).setMemberPushNotifications.pushNotifications).toBe(
      false,
    );
    expect(
      (await app.data(Push, { id, userId: 'mem', enabled: true }, { apiKey: true })).setMemberPushNotifications.pushNotifications,
    ).toBe(true);
    await app.data('mutation ($id: ID!) { addMembers(conversationId: $id, userIds: ["oth"]) { id } }', { id }, { as: 'own' });
    expect(errorCodes(await app.request(Push, { id, userId: 'mem', enabled: false }, { as: 'oth' }))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await app.request(Push, { id, userId: 'new', enabled: false }, { as: 'adm' }))).toEqual(['BAD_USER_INPUT']);
  });

  it('lets only admins send while frozen', async () => {
    const id = await group();
    expect((await app.data(Freeze, { id, frozen: true }, { as: 'adm' })).freezeConversation.isFrozen).toBe(true);
    expect(errorCodes(await app.request(Send, { id, body: 'member' }, { as: 'mem' }))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await app.request(Send, { id, body: 'admin' }, { as: 'adm' }))).toEqual([]);
    await app.data(Freeze, { id, frozen: false }, { as: 'own' });
    expect(errorCodes(await app.request(Send, { id, body: 'member again' }, { as: 'mem' }))).toEqual([]);
    expect(await adminTypes(id)).toEqual(expect.arrayContaining(['admin_group_freeze', 'admin_group_unfreeze']));
  });

  it('shows the invitation code to admins only, and regenerates it', async () => {
    const id = await group();
    const code = (await app.data(MemberState, { id, userId: 'adm' }, { as: 'adm' })).conversation!.invitationCode;
    expect(code).toBeTruthy();
    expect((await app.data(MemberState, { id, userId: 'mem' }, { as: 'mem' })).conversation!.invitationCode).toBeNull();
    const fresh = (await app.data(Regenerate, { id }, { as: 'adm' })).regenerateInvitationCode.invitationCode;
    expect(fresh).not.toBe(code);
    expect(
      errorCodes(
        await app.request(
          'mutation ($id: ID!, $c: String) { joinConversation(conversationId: $id, invitationCode: $c) { id } }',
          { id, c: code },
          { as: 'new' },
        ),
      ),
    ).toEqual(['FORBIDDEN']);
    expect(
      errorCodes(
        await app.request(
          'mutation ($id: ID!, $c: String) { joinConversation(conversationId: $id, invitationCode: $c) { id } }',
          { id, c: fresh },
          { as: 'new' },
        ),
      ),
    ).toEqual([]);
    expect(errorCodes(await app.request(Regenerate, { id }, { as: 'mem' }))).toEqual(['FORBIDDEN']);
  });
});

describe('history hidden before joining', () => {
  it('shows a new member only what came after, in lists, counts, search, lastMessage, unread and replay', async () => {
    const id = await group({ hideMessagesBeforeJoin: true });
    const before = await app.data(Send, { id, body: 'secret before' }, { as: 'own' });
    await app.data('mutation ($id: ID!) { addMembers(conversationId: $id, userIds: ["new"]) { id } }', { id }, { as: 'own' });
    await app.data(Send, { id, body: 'secret after' }, { as: 'own' });
    const seen = await app.data(History, { id }, { as: 'new' });
    const bodies = seen.messages.edges.map((e) => e.node.body);
    expect(bodies).not.toContain('secret before');
    expect(bodies).toContain('secret after');
    expect(seen.search.totalCount).toBe(1);
    expect(seen.messageCount).toBe(bodies.length);
    expect(seen.conversation).toMatchObject({ unreadMessageCount: 1, messageCount: bodies.length, lastMessage: { body: 'secret after' } });
    // a member from the start sees both
    expect((await app.data(History, { id }, { as: 'mem' })).search.totalCount).toBe(2);
    // replay from a cursor before the joining gives only what the member may see
    const ws = wsClient(app.url, { authorization: `Bearer ${await app.token('new')}` });
    const replay = ws.subscribe('subscription ($id: ID!, $after: String) { messageAdded(conversationId: $id, after: $after) { body } }', {
      id,
      after: before.sendMessage.cursor,
    });
    await until(() => replay.results.length >= 1, 10_000, 'the replay');
    // a message sent now comes after everything the replay could give (in seq order): once it is
    // there, nothing more of the history is on its way
    await app.data(Send, { id, body: 'sentinel' }, { as: 'own' });
    const replayed = () =>
      replay.results.map((r) => {
        if (!r.data) throw new Error(`the replay answered an error: ${JSON.stringify(r)}`);
        return (r.data as { messageAdded: { body: string | null } }).messageAdded.body;
      });
    await until(() => replayed().includes('sentinel'), 10_000, 'the sentinel');
    expect(replayed()).not.toContain('secret before');
    expect(replayed()).toContain('secret after');
    expect(replayed().indexOf('secret after')).toBeLessThan(replayed().indexOf('sentinel'));
    await ws.dispose();
  });
});

describe('member cap, slow mode, roles, member lists', () => {
  it('never exceeds maxMemberCount when many joins race', async () => {
    const joiners = Array.from({ length: 30 }, (_, i) => `racer${i}`);
    await prisma.user.createMany({ data: joiners.map((id) => ({ id, displayName: id })) });
    const id = await group({ type: 'PUBLIC', maxMemberCount: 10 }, []);
    const results = await Promise.all(
      joiners.map((user) => app.request('mutation ($id: ID!) { joinConversation(conversationId: $id) { id } }', { id }, { as: user })),
    );
    const joined = results.filter((r) => !r.errors);
    expect(joined).toHaveLength(9);
    expect(results.filter((r) => r.errors).every((r) => errorCodes(r)[0] === 'FORBIDDEN')).toBe(true);
    const conversation = await prisma.conversation.findUniqueOrThrow({ where: { id } });
    expect(conversation.memberCount).toBe(10);
    expect(await prisma.member.count({ where: { conversationId: id, leftAt: null } })).toBe(10);
  });

  it('rate-limits senders in slow mode, admins exempt, with the seconds to wait', async () => {
    const id = await group({ rateLimit: 2, rateLimitWindow: 60 });
    await app.data(Send, { id, body: '1' }, { as: 'mem' });
    await app.data(Send, { id, body: '2' }, { as: 'mem' });
    const limited = await app.request(Send, { id, body: '3' }, { as: 'mem' });
    expect(errorCodes(limited)).toEqual(['RATE_LIMITED']);
    const wait = limited.errors![0]!.extensions!.retryAfterSeconds as number;
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
    for (let i = 0; i < 4; i++) expect(errorCodes(await app.request(Send, { id, body: `admin ${i}` }, { as: 'adm' }))).toEqual([]);
    app.server.runtime.clock.now = () => new Date(Date.now() + 61_000);
    expect(errorCodes(await app.request(Send, { id, body: 'later' }, { as: 'mem' }))).toEqual([]);
  });

  it('has OWNER, ADMIN and MEMBER roles, and transfers ownership', async () => {
    const id = await group();
    const role = async (userId: string) => (await app.data(MemberState, { id, userId }, { as: 'own' })).conversation!.member!.role;
    expect([await role('own'), await role('adm'), await role('mem')]).toEqual(['OWNER', 'ADMIN', 'MEMBER']);
    await app.data('mutation ($id: ID!) { transferOwnership(conversationId: $id, userId: "mem") { id } }', { id }, { as: 'own' });
    expect([await role('own'), await role('mem')]).toEqual(['ADMIN', 'OWNER']);
  });

  it('pages members stably while others join and leave', async () => {
    const id = await group({ type: 'PUBLIC' }, ['adm', 'mem']);
    const extra = Array.from({ length: 6 }, (_, i) => `pager${n}_${i}`);
    await prisma.user.createMany({ data: extra.map((u) => ({ id: u, displayName: u })) });
    for (const u of extra) {
      await app.data('mutation ($id: ID!) { joinConversation(conversationId: $id) { id } }', { id }, { as: u });
      await new Promise((r) => setTimeout(r, 2));
    }
    const page1 = (await app.data(Members, { id, first: 4 }, { as: 'own' })).conversation!.members;
    const firstIds = page1.edges.map((e) => e.node.user.id);
    // someone on the first page leaves, someone not yet seen leaves, a newcomer joins
    await app.data('mutation ($id: ID!) { leaveConversation(conversationId: $id) { id } }', { id }, { as: firstIds[3]! });
    await app.data('mutation ($id: ID!) { leaveConversation(conversationId: $id) { id } }', { id }, { as: extra[4]! });
    await app.data('mutation ($id: ID!) { joinConversation(conversationId: $id) { id } }', { id }, { as: 'new' });
    const page2 = (await app.data(Members, { id, first: 10, after: page1.pageInfo.endCursor }, { as: 'own' })).conversation!.members;
    const rest = page2.edges.map((e) => e.node.user.id);
    expect(rest.filter((u) => firstIds.includes(u))).toEqual([]);
    const everyone = [...firstIds.slice(0, 3), ...rest];
    const active = (await prisma.member.findMany({ where: { conversationId: id, leftAt: null } })).map((m) => m.userId);
    expect(new Set(everyone)).toEqual(new Set(active));
    expect(page2.totalCount).toBe(active.length);
  });
});
