// The app's own authority (the API key without x-user-id) and the reference documents' fields
// (issue 16): every moderation action with the key alone, in conversations where the app has no
// member row; x-user-id still binds the key to that user's rights; conversation-wide mute; slow
// mode state; memberInfo, lastSentAt, updatedAt, profileUrl; privateTag/privateData never reach a
// user; default pages of 50 and skip offsets; sendMessage with type FORWARD.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes, startApp, type TestApp } from './helpers/app.ts';
import { subscribeInProcess, type InProcessSubscription } from './helpers/subscribe.ts';
import type { PrismaClient } from '../src/db/client.ts';

let app: TestApp;
let prisma: PrismaClient;
const asApp = { apiKey: true } as const;
const as = (user: string) => ({ as: user });

beforeAll(async () => {
  app = await startApp();
  prisma = app.server.database.prisma;
  await app.users('ann', 'bob', 'cat', 'dan', 'eve', 'fay');
});
afterAll(() => app?.stop());

const Create = `mutation ($input: CreateConversationInput!) {
  createConversation(input: $input) { id memberCount owner { id } isDistinct messageAutoDeleteEnabled privateTag privateData }
}`;
const Send = `mutation ($input: SendMessageInput!) {
  sendMessage(input: $input) { id type body createdAt owner { id } forwardedFrom { id } attachments { type } }
}`;
const Members = `query ($id: ID!) {
  conversation(id: $id) {
    members(first: 100) { edges { node { user { id } role memberInfo lastSentAt lastActivityAt updatedAt joinedAt } } }
  }
}`;

type Created = { createConversation: { id: string; owner: { id: string } | null; memberCount: number } };

async function group(input: Record<string, unknown>, options: { apiKey?: boolean; as?: string } = asApp): Promise<string> {
  const data = await app.data<Created, unknown>(Create, { input: { title: 'Team', ...input } }, options);
  return data.createConversation.id;
}

async function send(user: string, conversationId: string, body: string): Promise<{ id: string; createdAt: string }> {
  const data = await app.data<{ sendMessage: { id: string; createdAt: string } }, unknown>(
    Send,
    { input: { conversationId, body } },
    as(user),
  );
  return data.sendMessage;
}

async function drain(subscription: InProcessSubscription, ms = 300): Promise<unknown[]> {
  const results: unknown[] = [];
  for (;;) {
    const next = await subscription.next(ms).catch(() => null);
    if (!next) return results;
    results.push(next);
  }
}

describe('the API key alone acts as the app', () => {
  it('creates conversations for its members: the first owns it, or ownerId', async () => {
    const first = await app.data<Created, unknown>(Create, { input: { title: 'A', memberIds: ['ann', 'bob'] } }, asApp);
    expect(first.createConversation.owner?.id).toBe('ann');
    expect(first.createConversation.memberCount).toBe(2); // the app is not a member
    const owned = await app.data<Created, unknown>(Create, { input: { title: 'B', memberIds: ['ann'], ownerId: 'bob' } }, asApp);
    expect(owned.createConversation.owner?.id).toBe('bob');
    expect(owned.createConversation.memberCount).toBe(2);

    const none = await app.request(Create, { input: { title: 'C' } }, asApp);
    expect(errorCodes(none)).toEqual(['BAD_USER_INPUT']);
    const unknownOwner = await app.request(Create, { input: { title: 'C', ownerId: 'nobody-here' } }, asApp);
    expect(errorCodes(unknownOwner)).toEqual(['BAD_USER_INPUT']);
    // a user always owns what they create
    const userTries = await app.request(Create, { input: { title: 'C', ownerId: 'bob' } }, as('ann'));
    expect(errorCodes(userTries)).toEqual(['FORBIDDEN']);
  });

  it('walks every moderation action in a private group where it has no member row', async () => {
    const id = await group({ memberIds: ['ann', 'bob', 'cat', 'dan'], config: { pinMessages: true } });
    const events = await subscribeInProcess(
      app,
      'ann',
      `subscription ($id: ID!) { conversationEvents(conversationId: $id) {
        __typename
        ... on MembersBanned { actor { id } actorKind users { id } }
        ... on MembersMuted { actor { id } actorKind }
        ... on ConversationUpdated { actor { id } actorKind conversation { isMuted isFrozen } }
        ... on MessageDeleted { actorKind }
      } }`,
      { id },
    );
    const bobs = await send('bob', id, 'hello');
    const steps: [string, string, Record<string, unknown>][] = [
      ['updateConversation', 'mutation ($id: ID!) { updateConversation(id: $id, input: { title: "Renamed" }) { title } }', { id }],
      ['addMembers', 'mutation ($id: ID!) { addMembers(conversationId: $id, userIds: ["eve"]) { memberCount } }', { id }],
      ['removeMembers', 'mutation ($id: ID!) { removeMembers(conversationId: $id, userIds: ["eve"]) { memberCount } }', { id }],
      ['addAdmin', 'mutation ($id: ID!) { addAdmin(conversationId: $id, userId: "bob") { id } }', { id }],
      ['removeAdmin', 'mutation ($id: ID!) { removeAdmin(conversationId: $id, userId: "bob") { id } }', { id }],
      ['banMembers', 'mutation ($id: ID!) { banMembers(conversationId: $id, userIds: ["cat"]) { memberCount } }', { id }],
      ['unbanMembers', 'mutation ($id: ID!) { unbanMembers(conversationId: $id, userIds: ["cat"]) { memberCount } }', { id }],
      ['muteMembers', 'mutation ($id: ID!) { muteMembers(conversationId: $id, userIds: ["dan"], expireInMinutes: 5) { id } }', { id }],
      ['unmuteMembers', 'mutation ($id: ID!) { unmuteMembers(conversationId: $id, userIds: ["dan"]) { id } }', { id }],
      ['muteAllMembers', 'mutation ($id: ID!) { muteAllMembers(conversationId: $id) { id } }', { id }],
      ['unmuteMembers', 'mutation ($id: ID!) { unmuteMembers(conversationId: $id, userIds: ["bob", "dan"]) { id } }', { id }],
      ['freezeConversation', 'mutation ($id: ID!) { freezeConversation(conversationId: $id, frozen: true) { isFrozen } }', { id }],
      ['freezeConversation', 'mutation ($id: ID!) { freezeConversation(conversationId: $id, frozen: false) { isFrozen } }', { id }],
      ['muteConversation', 'mutation ($id: ID!) { muteConversation(conversationId: $id, expireInMinutes: 10) { isMuted } }', { id }],
      ['unmuteConversation', 'mutation ($id: ID!) { unmuteConversation(conversationId: $id) { isMuted } }', { id }],
      ['pinMessage', 'mutation ($m: ID!) { pinMessage(messageId: $m) { pinnedAt } }', { m: bobs.id }],
      ['unpinMessage', 'mutation ($m: ID!) { unpinMessage(messageId: $m) { pinnedAt } }', { m: bobs.id }],
      [
        'setMemberInfo',
        'mutation ($id: ID!) { setMemberInfo(conversationId: $id, userId: "dan", memberInfo: { seat: 4 }) { memberInfo } }',
        { id },
      ],
      [
        'setMemberPushNotifications',
        'mutation ($id: ID!) { setMemberPushNotifications(conversationId: $id, userId: "dan", enabled: false) { pushNotifications } }',
        { id },
      ],
      ['regenerateInvitationCode', 'mutation ($id: ID!) { regenerateInvitationCode(conversationId: $id) { id } }', { id }],
      [
        'sendMessage (ADMIN)',
        'mutation ($id: ID!) { sendMessage(input: { conversationId: $id, body: "Maintenance at noon" }) { type owner { id } } }',
        { id },
      ],
      ['deleteMessagesForEveryone', 'mutation ($m: ID!) { deleteMessagesForEveryone(messageIds: [$m]) { id } }', { m: bobs.id }],
      ['transferOwnership', 'mutation ($id: ID!) { transferOwnership(conversationId: $id, userId: "bob") { owner { id } } }', { id }],
    ];
    for (const [name, document, variables] of steps) {
      const result = await app.request(document, variables, asApp);
      expect(
        result.errors?.map((e) => e.message),
        name,
      ).toBeUndefined();
    }

    // reads any conversation, members and messages included
    const read = await app.data<
      {
        conversation: { title: string; owner: { id: string }; isMember: boolean };
        messages: { edges: { node: { type: string; body: string | null; owner: { id: string } | null; isDeleted: boolean } }[] };
      },
      unknown
    >(
      'query ($id: ID!) { conversation(id: $id) { title owner { id } isMember } messages(conversationId: $id, first: 100) { edges { node { type body owner { id } isDeleted } } } }',
      { id },
      asApp,
    );
    expect(read.conversation).toMatchObject({ title: 'Renamed', owner: { id: 'bob' }, isMember: false });
    const admin = read.messages.edges.find((e) => e.node.body === 'Maintenance at noon')!.node;
    expect(admin).toMatchObject({ type: 'ADMIN', owner: null });
    // bob's message, recalled by the app
    expect(read.messages.edges.filter((e) => e.node.isDeleted)).toHaveLength(1);
    const members = await app.data<
      { conversation: { members: { edges: { node: { user: { id: string }; role: string; memberInfo: unknown } }[] } } },
      unknown
    >(Members, { id }, asApp);
    const roles = Object.fromEntries(members.conversation.members.edges.map((e) => [e.node.user.id, e.node.role]));
    // the previous owner stays an admin; cat, banned then unbanned, is no longer a member
    expect(roles).toEqual({ ann: 'ADMIN', bob: 'OWNER', dan: 'MEMBER' });
    expect(members.conversation.members.edges.find((e) => e.node.user.id === 'dan')!.node.memberInfo).toEqual({ seat: 4 });

    // ADMIN messages name the app: subType app, no subId
    const change = await app.data<{ messages: { edges: { node: { attachments: { metaData: Record<string, unknown> }[] } }[] } }, unknown>(
      'query ($id: ID!) { messages(conversationId: $id, first: 1, filter: { types: [ADMIN] }) { edges { node { attachments { ... on AdminAttachment { metaData } } } } } }',
      { id },
      as('ann'),
    );
    expect(change.messages.edges[0]!.node.attachments[0]!.metaData).toMatchObject({ subType: 'app' });

    // events name the app as the actor: actor null, actorKind APP
    const seen = (await drain(events)) as { data?: { conversationEvents: Record<string, unknown> } }[];
    await events.stop();
    const byType = (type: string) => seen.map((r) => r.data?.conversationEvents).filter((e) => e?.__typename === type);
    expect(byType('MembersBanned')[0]).toMatchObject({ actor: null, actorKind: 'APP', users: [{ id: 'cat' }] });
    expect(byType('MembersMuted')[0]).toMatchObject({ actor: null, actorKind: 'APP' });
    // title, freeze twice, mute, unmute (each shown as the conversation is when delivered)
    expect(byType('ConversationUpdated').length).toBeGreaterThanOrEqual(5);
    expect(byType('ConversationUpdated').every((e) => e!.actorKind === 'APP')).toBe(true);
  });

  it('does not do what only a member does, and the key with x-user-id is that user, bound by their rights', async () => {
    const id = await group({ memberIds: ['ann', 'dan'] });
    const message = await send('ann', id, 'hi');
    const react = await app.request('mutation ($m: ID!) { addReaction(messageId: $m, type: "like") { id } }', { m: message.id }, asApp);
    expect(errorCodes(react)).toEqual(['FORBIDDEN']);
    const join = await app.request('mutation ($id: ID!) { leaveConversation(conversationId: $id) { id } }', { id }, asApp);
    expect(errorCodes(join)).toEqual(['FORBIDDEN']);

    // dan, a plain member, through the API key: his rights, not the app's
    const asDan = { apiKey: true, as: 'dan' };
    const ban = await app.request('mutation ($id: ID!) { banMembers(conversationId: $id, userIds: ["ann"]) { id } }', { id }, asDan);
    expect(errorCodes(ban)).toEqual(['FORBIDDEN']);
    const mute = await app.request('mutation ($id: ID!) { muteConversation(conversationId: $id) { id } }', { id }, asDan);
    expect(errorCodes(mute)).toEqual(['FORBIDDEN']);
    const tag = await app.request('mutation ($id: ID!) { updateConversation(id: $id, input: { privateTag: "x" }) { id } }', { id }, asDan);
    expect(errorCodes(tag)).toEqual(['FORBIDDEN']);
    const sent = await app.data<{ sendMessage: { type: string; owner: { id: string } } }, unknown>(
      Send,
      { input: { conversationId: id, body: 'as dan' } },
      asDan,
    );
    expect(sent.sendMessage).toMatchObject({ type: 'NORMAL', owner: { id: 'dan' } });
    // an outsider through the key reads nothing
    const outsider = await app.request(
      'query ($id: ID!) { messages(conversationId: $id) { edges { node { id } } } }',
      { id },
      { apiKey: true, as: 'fay' },
    );
    expect(errorCodes(outsider)).toEqual(['FORBIDDEN']);
  });

  it('spends the API key budget (RATE_LIMIT_API_KEY_MUTATIONS)', async () => {
    const limited = await startApp({ rateLimits: { ...app.config.rateLimits, apiKeyMutations: 2, windowSeconds: 60 } });
    try {
      await limited.users('ann'); // one mutation
      const id = (await limited.data<Created, unknown>(Create, { input: { title: 'L', memberIds: ['ann'] } }, asApp)).createConversation.id;
      const third = await limited.request(
        'mutation ($id: ID!) { freezeConversation(conversationId: $id, frozen: true) { id } }',
        { id },
        asApp,
      );
      expect(errorCodes(third)).toEqual(['RATE_LIMITED']);
    } finally {
      await limited.stop();
    }
  });
});

describe('conversation-wide mute', () => {
  const Mute = 'mutation ($id: ID!, $m: Int) { muteConversation(conversationId: $id, expireInMinutes: $m) { isMuted mutedUntil } }';
  const State = 'query ($id: ID!) { conversation(id: $id) { isMuted mutedUntil } }';

  it('lets only admins send while it lasts, ends by itself at mutedUntil, and is told as an event', async () => {
    const id = await group({ memberIds: ['ann', 'bob'] });
    expect(errorCodes(await app.request(Mute, { id, m: 1 }, as('bob')))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await app.request(Mute, { id, m: -1 }, as('ann')))).toEqual(['BAD_USER_INPUT']);

    const events = await subscribeInProcess(
      app,
      'bob',
      'subscription ($id: ID!) { conversationEvents(conversationId: $id) { __typename ... on ConversationUpdated { actor { id } actorKind conversation { isMuted } } } }',
      { id },
    );
    const muted = await app.data<{ muteConversation: { isMuted: boolean; mutedUntil: string } }, unknown>(Mute, { id, m: 30 }, as('ann'));
    expect(muted.muteConversation.isMuted).toBe(true);
    const until = new Date(muted.muteConversation.mutedUntil).getTime();
    expect(Math.abs(until - Date.now() - 30 * 60_000)).toBeLessThan(60_000);
    const event = (await events.next(5_000)) as { data: { conversationEvents: unknown } };
    expect(event.data.conversationEvents).toEqual({
      __typename: 'ConversationUpdated',
      actor: { id: 'ann' },
      actorKind: 'USER',
      conversation: { isMuted: true },
    });
    await events.stop();

    const refused = await app.request(Send, { input: { conversationId: id, body: 'let me talk' } }, as('bob'));
    expect(errorCodes(refused)).toEqual(['FORBIDDEN']);
    expect(refused.errors![0]!.message).toContain('muted until');
    expect(await app.request(Send, { input: { conversationId: id, body: 'admins talk' } }, as('ann'))).not.toHaveProperty('errors');
    const typing = await app.request('mutation ($id: ID!) { sendTypingEvent(conversationId: $id, isTyping: true) }', { id }, as('bob'));
    expect(errorCodes(typing)).toEqual(['FORBIDDEN']);

    // the end passes: the mute is over without anyone acting
    await prisma.conversation.update({ where: { id }, data: { mutedUntil: new Date(Date.now() - 1000) } });
    expect((await app.data<{ conversation: unknown }, unknown>(State, { id }, as('bob'))).conversation).toEqual({
      isMuted: false,
      mutedUntil: null,
    });
    await send('bob', id, 'free again');

    // until unmuted, then unmuted
    await app.data(Mute, { id }, asApp);
    expect((await app.data<{ conversation: unknown }, unknown>(State, { id }, as('bob'))).conversation).toEqual({
      isMuted: true,
      mutedUntil: null,
    });
    expect(errorCodes(await app.request(Send, { input: { conversationId: id, body: 'x' } }, as('bob')))).toEqual(['FORBIDDEN']);
    await app.data('mutation ($id: ID!) { unmuteConversation(conversationId: $id) { isMuted } }', { id }, as('ann'));
    await send('bob', id, 'and again');
  });
});

describe('the reference fields', () => {
  it('slow mode: isRateLimited and rateLimitedUntil for the viewer, never for admins', async () => {
    const id = await group({ memberIds: ['bob'], rateLimit: 1, rateLimitWindow: 60 }, as('ann'));
    const State = 'query ($id: ID!) { conversation(id: $id) { isRateLimited rateLimitedUntil } }';
    expect((await app.data<{ conversation: unknown }, unknown>(State, { id }, as('bob'))).conversation).toEqual({
      isRateLimited: false,
      rateLimitedUntil: null,
    });
    const sent = await send('bob', id, 'one');
    const state = (
      await app.data<{ conversation: { isRateLimited: boolean; rateLimitedUntil: string } }, unknown>(State, { id }, as('bob'))
    ).conversation;
    expect(state.isRateLimited).toBe(true);
    expect(new Date(state.rateLimitedUntil).getTime()).toBe(new Date(sent.createdAt).getTime() + 60_000);
    // the send path agrees
    expect(errorCodes(await app.request(Send, { input: { conversationId: id, body: 'two' } }, as('bob')))).toEqual(['RATE_LIMITED']);
    // the inbox reads the same, batched
    const listed = await app.data<{ conversations: { edges: { node: { id: string; isRateLimited: boolean } }[] } }, unknown>(
      '{ conversations(first: 50) { edges { node { id isRateLimited } } } }',
      {},
      as('bob'),
    );
    expect(listed.conversations.edges.find((e) => e.node.id === id)!.node.isRateLimited).toBe(true);
    await send('ann', id, 'admin');
    await send('ann', id, 'admin again');
    expect((await app.data<{ conversation: unknown }, unknown>(State, { id }, as('ann'))).conversation).toEqual({
      isRateLimited: false,
      rateLimitedUntil: null,
    });
  });

  it('isDistinct, messageAutoDeleteEnabled and lastActivityAt', async () => {
    const distinct = await app.data<{ createConversation: { isDistinct: boolean; messageAutoDeleteEnabled: boolean } }, unknown>(
      Create,
      { input: { title: 'D', memberIds: ['bob', 'cat'], isDistinct: true, flagLimit: 3 } },
      as('ann'),
    );
    expect(distinct.createConversation).toMatchObject({ isDistinct: true, messageAutoDeleteEnabled: true });
    const plain = await app.data<{ createConversation: { id: string; isDistinct: boolean; messageAutoDeleteEnabled: boolean } }, unknown>(
      Create,
      { input: { title: 'P', memberIds: ['bob'] } },
      as('ann'),
    );
    expect(plain.createConversation).toMatchObject({ isDistinct: false, messageAutoDeleteEnabled: false });
    const id = plain.createConversation.id;
    const before = (
      await app.data<{ conversation: { lastActivityAt: string } }, unknown>(
        'query ($id: ID!) { conversation(id: $id) { lastActivityAt } }',
        { id },
        as('bob'),
      )
    ).conversation.lastActivityAt;
    const sent = await send('bob', id, 'activity');
    const after = (
      await app.data<{ conversation: { lastActivityAt: string } }, unknown>(
        'query ($id: ID!) { conversation(id: $id) { lastActivityAt } }',
        { id },
        as('bob'),
      )
    ).conversation.lastActivityAt;
    expect(new Date(after).getTime()).toBeGreaterThanOrEqual(new Date(sent.createdAt).getTime());
    expect(new Date(after).getTime()).toBeGreaterThan(new Date(before).getTime());
  });

  it('members: lastSentAt, lastActivityAt, updatedAt and memberInfo (admins and the app set it; it is told as an event)', async () => {
    const id = await group({ memberIds: ['bob', 'cat'] }, as('ann'));
    const sent = await send('bob', id, 'mine');
    type Row = {
      user: { id: string };
      lastSentAt: string | null;
      lastActivityAt: string;
      updatedAt: string;
      joinedAt: string;
      memberInfo: unknown;
    };
    const read = async () =>
      Object.fromEntries(
        (
          await app.data<{ conversation: { members: { edges: { node: Row }[] } } }, unknown>(Members, { id }, as('cat'))
        ).conversation.members.edges.map((e) => [e.node.user.id, e.node]),
      );
    const first = await read();
    expect(first.bob!.lastSentAt).toBe(sent.createdAt);
    expect(first.bob!.lastActivityAt).toBe(sent.createdAt);
    expect(first.cat!.lastSentAt).toBeNull();
    expect(first.cat!.lastActivityAt).toBe(first.cat!.joinedAt);

    const events = await subscribeInProcess(
      app,
      'cat',
      'subscription ($id: ID!) { conversationEvents(conversationId: $id) { __typename ... on MemberInfoChanged { actor { id } users { id } } } }',
      { id },
    );
    const SetInfo =
      'mutation ($id: ID!, $u: ID!, $info: JSON) { setMemberInfo(conversationId: $id, userId: $u, memberInfo: $info) { memberInfo updatedAt } }';
    expect(errorCodes(await app.request(SetInfo, { id, u: 'cat', info: { nick: 'x' } }, as('bob')))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await app.request(SetInfo, { id, u: 'cat', info: ['not', 'an', 'object'] }, as('ann')))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await app.request(SetInfo, { id, u: 'eve', info: { nick: 'x' } }, as('ann')))).toEqual(['BAD_USER_INPUT']);
    const set = await app.data<{ setMemberInfo: { memberInfo: unknown; updatedAt: string } }, unknown>(
      SetInfo,
      { id, u: 'cat', info: { nick: 'Kit' } },
      as('ann'),
    );
    expect(set.setMemberInfo.memberInfo).toEqual({ nick: 'Kit' });
    expect(new Date(set.setMemberInfo.updatedAt).getTime()).toBeGreaterThan(new Date(first.cat!.updatedAt).getTime());
    await app.data(SetInfo, { id, u: 'bob', info: { nick: 'Bobby' } }, asApp);
    const second = await read();
    expect(second.cat!.memberInfo).toEqual({ nick: 'Kit' });
    expect(second.bob!.memberInfo).toEqual({ nick: 'Bobby' });
    const event = (await events.next(5_000)) as { data: { conversationEvents: unknown } };
    expect(event.data.conversationEvents).toEqual({ __typename: 'MemberInfoChanged', actor: { id: 'ann' }, users: [{ id: 'cat' }] });
    await events.stop();
    // null clears it
    await app.data(SetInfo, { id, u: 'cat', info: null }, as('ann'));
    expect((await read()).cat!.memberInfo).toBeNull();
  });

  it('profileUrl on users, set by upsertUser, checked as a URL', async () => {
    const Upsert = 'mutation ($input: UpsertUserInput!) { upsertUser(input: $input) { profileUrl } }';
    const set = await app.data<{ upsertUser: { profileUrl: string } }, unknown>(
      Upsert,
      { input: { id: 'ann', profileUrl: 'https://example.com/u/ann' } },
      asApp,
    );
    expect(set.upsertUser.profileUrl).toBe('https://example.com/u/ann');
    expect(errorCodes(await app.request(Upsert, { input: { id: 'ann', profileUrl: 'javascript:alert(1)' } }, asApp))).toEqual([
      'BAD_USER_INPUT',
    ]);
    const read = await app.data<{ user: { profileUrl: string } }, unknown>('{ user(id: "ann") { profileUrl } }', {}, as('bob'));
    expect(read.user.profileUrl).toBe('https://example.com/u/ann');
  });
});

describe('privateTag and privateData belong to the app', () => {
  it('are written and read by the API key alone, and never reach a user: answers, payloads and events', async () => {
    const secret = 'zq9-secret';
    const created = await app.data<{ createConversation: { id: string; privateTag: string; privateData: unknown } }, unknown>(
      Create,
      { input: { title: 'Secretive', memberIds: ['ann', 'bob'], privateTag: `tag-${secret}`, privateData: { note: `data-${secret}` } } },
      asApp,
    );
    const id = created.createConversation.id;
    expect(created.createConversation).toMatchObject({ privateTag: `tag-${secret}`, privateData: { note: `data-${secret}` } });

    // users may not set them, and a refused change leaves nothing behind
    const userSets = await app.request(
      'mutation ($id: ID!) { updateConversation(id: $id, input: { privateTag: "mine", title: "Mine" }) { id } }',
      { id },
      as('ann'),
    );
    expect(errorCodes(userSets)).toEqual(['FORBIDDEN']);
    const userCreates = await app.request(Create, { input: { title: 'X', privateData: { a: 1 } } }, as('ann'));
    expect(errorCodes(userCreates)).toEqual(['FORBIDDEN']);
    const kept = await app.data<{ conversation: { title: string; privateTag: string } }, unknown>(
      'query ($id: ID!) { conversation(id: $id) { title privateTag } }',
      { id },
      asApp,
    );
    expect(kept.conversation).toEqual({ title: 'Secretive', privateTag: `tag-${secret}` });

    const fields = 'id title privateTag privateData';
    const subscriptions = await Promise.all([
      subscribeInProcess(
        app,
        'ann',
        `subscription ($id: ID!) { conversationEvents(conversationId: $id) { __typename ... on ConversationUpdated { conversation { ${fields} } } } }`,
        { id },
      ),
      subscribeInProcess(
        app,
        'ann',
        `subscription { viewerEvents { __typename ... on NewMessage { conversation { ${fields} } } ... on ConversationChanged { conversation { ${fields} } } } }`,
      ),
      subscribeInProcess(app, 'bob', `subscription ($id: ID!) { messageAdded(conversationId: $id) { body conversation { ${fields} } } }`, {
        id,
      }),
    ]);
    // the app changes its data and posts; ann renames; bob writes
    await app.data(
      'mutation ($id: ID!) { updateConversation(id: $id, input: { privateData: { note: "v2-zq9-secret" } }) { id } }',
      { id },
      asApp,
    );
    await app.data('mutation ($id: ID!) { sendMessage(input: { conversationId: $id, body: "from the app" }) { id } }', { id }, asApp);
    const answers: unknown[] = [];
    answers.push(
      await app.data(`mutation ($id: ID!) { updateConversation(id: $id, input: { title: "Renamed" }) { ${fields} } }`, { id }, as('ann')),
    );
    answers.push(
      await app.data(
        `mutation ($id: ID!) { sendMessage(input: { conversationId: $id, body: "hi" }) { conversation { ${fields} } } }`,
        { id },
        as('bob'),
      ),
    );
    answers.push(await app.data(`query ($id: ID!) { conversation(id: $id) { ${fields} } }`, { id }, as('ann')));
    answers.push(await app.data(`{ conversations(first: 50) { edges { node { ${fields} } } } }`, {}, as('ann')));
    answers.push(
      await app.data(
        `query ($id: ID!) { messages(conversationId: $id, first: 10) { edges { node { conversation { ${fields} } } } } }`,
        { id },
        as('bob'),
      ),
    );
    answers.push(await app.data(`query ($id: ID!) { conversation(id: $id) { ${fields} } }`, { id }, { apiKey: true, as: 'ann' }));
    // a former member's copy
    await app.data('mutation ($id: ID!) { removeMembers(conversationId: $id, userIds: ["bob"]) { id } }', { id }, asApp);
    answers.push(
      await app.data(`{ conversations(first: 50, filter: { includeDeleted: true }) { edges { node { ${fields} } } } }`, {}, as('bob')),
    );
    const events: unknown[] = [];
    for (const subscription of subscriptions) {
      events.push(...(await drain(subscription)));
      await subscription.stop();
    }
    expect(events.length).toBeGreaterThanOrEqual(5);
    for (const seen of [...answers, ...events]) {
      expect(JSON.stringify(seen)).not.toContain(secret);
      expect(JSON.stringify(seen)).not.toContain('zq9');
    }
    // the nulls are there, in place of the values
    expect(answers[2]).toEqual({ conversation: { id, title: 'Renamed', privateTag: null, privateData: null } });
    const mine = await app.data<{ conversation: { privateData: unknown } }, unknown>(
      'query ($id: ID!) { conversation(id: $id) { privateData } }',
      { id },
      asApp,
    );
    expect(mine.conversation.privateData).toEqual({ note: 'v2-zq9-secret' });
  });
});

describe('pages', () => {
  it('default to 50 for messages and members, 25 for conversations; skip gives page numbers within bounds', async () => {
    const many = Array.from({ length: 55 }, (_, i) => `p${i}`);
    for (const id of many) {
      await app.data('mutation ($input: UpsertUserInput!) { upsertUser(input: $input) { id } }', { input: { id } }, asApp);
    }
    const id = await group({ memberIds: ['ann', ...many] });
    for (let i = 0; i < 60; i++) await app.data(Send, { input: { conversationId: id, body: `m${i}` } }, asApp);
    const page = await app.data<
      {
        messages: { edges: { node: { body: string } }[]; pageInfo: { hasNextPage: boolean } };
        conversation: { members: { edges: unknown[] } };
      },
      unknown
    >(
      'query ($id: ID!) { messages(conversationId: $id) { edges { node { body } } pageInfo { hasNextPage } } conversation(id: $id) { members { edges { cursor } } } }',
      { id },
      as('ann'),
    );
    expect(page.messages.edges).toHaveLength(50);
    expect(page.messages.pageInfo.hasNextPage).toBe(true);
    expect(page.conversation.members.edges).toHaveLength(50);

    const Skip =
      'query ($id: ID!, $skip: Int, $first: Int) { messages(conversationId: $id, skip: $skip, first: $first) { edges { node { body } } pageInfo { hasPreviousPage } } }';
    const all = await app.data<{ messages: { edges: { node: { body: string } }[] } }, unknown>(Skip, { id, first: 100 }, as('ann'));
    const third = await app.data<{ messages: { edges: { node: { body: string } }[]; pageInfo: { hasPreviousPage: boolean } } }, unknown>(
      Skip,
      { id, skip: 10, first: 5 },
      as('ann'),
    );
    expect(third.messages.edges.map((e) => e.node.body)).toEqual(all.messages.edges.slice(10, 15).map((e) => e.node.body));
    expect(third.messages.pageInfo.hasPreviousPage).toBe(true);
    expect(errorCodes(await app.request(Skip, { id, skip: 10_001 }, as('ann')))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await app.request(Skip, { id, skip: -1 }, as('ann')))).toEqual(['BAD_USER_INPUT']);

    // conversations: 25 by default, skip alongside
    for (let i = 0; i < 26; i++) await group({ memberIds: ['fay'], title: `f${i}` });
    const Inbox = 'query ($skip: Int, $first: Int) { conversations(skip: $skip, first: $first) { edges { node { id } } } }';
    const inbox = await app.data<{ conversations: { edges: { node: { id: string } }[] } }, unknown>(Inbox, {}, as('fay'));
    expect(inbox.conversations.edges).toHaveLength(25);
    const two = await app.data<{ conversations: { edges: { node: { id: string } }[] } }, unknown>(Inbox, { first: 2 }, as('fay'));
    const second = await app.data<{ conversations: { edges: { node: { id: string } }[] } }, unknown>(
      Inbox,
      { skip: 1, first: 1 },
      as('fay'),
    );
    expect(second.conversations.edges[0]!.node.id).toBe(two.conversations.edges[1]!.node.id);
  });

  it('costs each list by its own default page', async () => {
    // a node costs 3 (edges, node, id): conversations 1 + 25 × 3 = 76, messages 1 + 50 × 3 = 151
    const small = await startApp({ operationLimits: { ...app.config.operationLimits, cost: 100 } });
    try {
      await small.users('ann');
      const id = (await small.data<Created, unknown>(Create, { input: { title: 'c', memberIds: ['ann'] } }, asApp)).createConversation.id;
      expect(await small.request('{ conversations { edges { node { id } } } }', {}, as('ann'))).not.toHaveProperty('errors');
      const messages = await small.request(
        'query ($id: ID!) { messages(conversationId: $id) { edges { node { id } } } }',
        { id },
        as('ann'),
      );
      expect(errorCodes(messages)).toEqual(['BAD_USER_INPUT']);
      expect(messages.errors![0]!.message).toContain('costs 151');
    } finally {
      await small.stop();
    }
  });
});

describe('sendMessage with type FORWARD', () => {
  it('forwards a message the sender can read, copying its content when none is given', async () => {
    const source = await group({ memberIds: ['ann', 'bob'] });
    const target = await group({ memberIds: ['ann', 'cat'] });
    const original = await send('bob', source, 'worth sharing');

    const forwarded = await app.data<{ sendMessage: { type: string; body: string; forwardedFrom: { id: string } } }, unknown>(
      Send,
      { input: { conversationId: target, type: 'FORWARD', forwardedFromId: original.id } },
      as('ann'),
    );
    expect(forwarded.sendMessage).toEqual(expect.objectContaining({ type: 'FORWARD', body: 'worth sharing' }));
    // with its own words: a comment on what it forwards
    const commented = await app.data<{ sendMessage: { type: string; body: string } }, unknown>(
      Send,
      { input: { conversationId: target, forwardedFromId: original.id, body: 'look at this' } },
      as('ann'),
    );
    expect(commented.sendMessage).toEqual(expect.objectContaining({ type: 'FORWARD', body: 'look at this' }));
    // cat sees the copy, not the original (she is not in the source)
    const catSees = await app.data<{ messages: { edges: { node: { body: string; forwardedFrom: unknown } }[] } }, unknown>(
      'query ($id: ID!) { messages(conversationId: $id, first: 1, orderBy: CREATED_AT_ASC, filter: { types: [FORWARD] }) { edges { node { body forwardedFrom { id } } } } }',
      { id: target },
      as('cat'),
    );
    expect(catSees.messages.edges[0]!.node).toEqual({ body: 'worth sharing', forwardedFrom: null });
  });

  it('refuses with BAD_USER_INPUT what it cannot forward, and writes nothing', async () => {
    const source = await group({ memberIds: ['ann', 'bob'] });
    const target = await group({ memberIds: ['ann', 'cat', 'dan'] });
    const secret = await send('bob', source, 'not for cat');
    const recalled = await send('bob', source, 'oops');
    await app.data('mutation ($m: ID!) { deleteMessagesForEveryone(messageIds: [$m]) { id } }', { m: recalled.id }, as('bob'));
    const admin = (
      await app.data<{ sendMessage: { id: string } }, unknown>(
        'mutation ($id: ID!) { sendMessage(input: { conversationId: $id, body: "notice" }) { id } }',
        { id: source },
        asApp,
      )
    ).sendMessage.id;
    const count = () => prisma.message.count({ where: { conversationId: target } });
    const before = await count();
    const tries: [string, string, Record<string, unknown>][] = [
      ['cat', 'no id', { type: 'FORWARD' }],
      ['cat', 'not hers to read', { forwardedFromId: secret.id }],
      ['cat', 'no such message', { forwardedFromId: 'no-such-message' }],
      ['ann', 'recalled', { forwardedFromId: recalled.id }],
      ['ann', 'ADMIN', { forwardedFromId: admin }],
      ['ann', 'another type', { type: 'NORMAL', forwardedFromId: secret.id, body: 'x' }],
    ];
    for (const [user, why, input] of tries) {
      const result = await app.request(Send, { input: { conversationId: target, ...input } }, as(user));
      expect(errorCodes(result), why).toEqual(['BAD_USER_INPUT']);
      expect(result.errors![0]!.extensions?.field, why).toBe('forwardedFromId');
    }
    // a former member cannot forward from what they left (the copy would be today's row)
    await app.data('mutation ($id: ID!) { leaveConversation(conversationId: $id) { id } }', { id: source }, as('ann'));
    const own = await group({ memberIds: ['ann'] });
    const former = await app.request(Send, { input: { conversationId: own, forwardedFromId: secret.id } }, as('ann'));
    expect(errorCodes(former)).toEqual(['BAD_USER_INPUT']);
    expect(await count()).toBe(before);
  });
});

describe("the app's permission cells", () => {
  type Kind = 'oneToOne' | 'privateGroup' | 'publicGroup' | 'open';
  // API.md's table, read for the app: the owner's authority wherever the kind lets anyone act, never
  // what only a person does (transcribed here, not read from src/access/permissions.ts)
  const nobodyIn1to1 = new Set(['manageMembers', 'manageConversation', 'moderate']);
  const appActions = ['read', 'send', 'manageMembers', 'manageConversation', 'moderate', 'pin', 'deleteForEveryone'];
  const personActions = ['join', 'leave', 'watch', 'react', 'typing', 'deleteOwnCopy'];

  async function world(kind: Kind) {
    const input =
      kind === 'oneToOne'
        ? { isGroup: false, memberIds: ['bob'] }
        : {
            title: kind,
            type: kind === 'privateGroup' ? 'PRIVATE' : kind === 'publicGroup' ? 'PUBLIC' : 'OPEN',
            memberIds: ['bob', 'cat'],
          };
    const id = await group(input, as('ann'));
    // pinning is a config flag too; the cell is about who may pin where it is on
    await prisma.conversation.update({ where: { id }, data: { pinMessages: true } });
    const message = (await send('bob', id, 'hello')).id;
    return { id, message };
  }

  const attempt = (action: string, w: { id: string; message: string }) => {
    // each action's document takes the conversation as $id, or the message as $m
    const onConversation: Record<string, string> = {
      read: 'query ($id: ID!) { conversation(id: $id) { id } messages(conversationId: $id) { totalCount } }',
      send: 'mutation ($id: ID!) { sendMessage(input: { conversationId: $id, body: "notice" }) { id } }',
      manageMembers: 'mutation ($id: ID!) { addMembers(conversationId: $id, userIds: ["dan"]) { id } }',
      manageConversation: 'mutation ($id: ID!) { updateConversation(id: $id, input: { customType: "changed" }) { id } }',
      moderate: 'mutation ($id: ID!) { muteMembers(conversationId: $id, userIds: ["bob"]) { id } }',
      join: 'mutation ($id: ID!) { joinConversation(conversationId: $id) { id } }',
      leave: 'mutation ($id: ID!) { leaveConversation(conversationId: $id) { id } }',
      watch: 'mutation ($id: ID!) { startWatching(conversationId: $id) { id } }',
      typing: 'mutation ($id: ID!) { sendTypingEvent(conversationId: $id, isTyping: true) }',
    };
    const onMessage: Record<string, string> = {
      pin: 'mutation ($m: ID!) { pinMessage(messageId: $m) { id } }',
      deleteForEveryone: 'mutation ($m: ID!) { deleteMessagesForEveryone(messageIds: [$m]) { id } }',
      react: 'mutation ($m: ID!) { addReaction(messageId: $m, type: "like") { id } }',
      deleteOwnCopy: 'mutation ($m: ID!) { deleteMessages(messageIds: [$m]) }',
    };
    const [document, variables] =
      action in onConversation ? [onConversation[action]!, { id: w.id }] : [onMessage[action]!, { m: w.message }];
    if (!document) throw new Error(`no document for ${action}`);
    return app.request(document, variables, asApp);
  };

  for (const kind of ['oneToOne', 'privateGroup', 'publicGroup', 'open'] as Kind[]) {
    it(`in a ${kind}`, async () => {
      for (const action of [...appActions, ...personActions]) {
        const w = await world(kind);
        const allowed = appActions.includes(action) && !(kind === 'oneToOne' && nobodyIn1to1.has(action));
        const answer = await attempt(action, w);
        expect(errorCodes(answer), `${action} in a ${kind}`).toEqual(allowed ? [] : ['FORBIDDEN']);
      }
    });
  }
});
