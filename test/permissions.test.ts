// The permission table of API.md, cell by cell: for every kind × action × role, the allowed
// attempt succeeds and the denied one answers FORBIDDEN and changes nothing. The expectations are
// transcribed here from API.md on their own, not read from src/access/permissions.ts, so the two check each other.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, errorCodes, type TestApp } from './helpers/app.ts';
import type { PrismaClient } from '../src/db/client.ts';

/** the test app's own database */
let prisma: PrismaClient;

type Kind = 'oneToOne' | 'privateGroup' | 'publicGroup' | 'open';
type Role = 'owner' | 'admin' | 'member' | 'watcher' | 'other' | 'banned';
type Who = 'nobody' | 'members' | 'admins' | 'every user' | 'members and watchers' | 'with invitation code' | 'its owner';

const kinds: Kind[] = ['oneToOne', 'privateGroup', 'publicGroup', 'open'];
const roles: Role[] = ['owner', 'admin', 'member', 'watcher', 'other', 'banned'];

/** API.md, "Conversation kinds and who may do what": the conversation rows. */
const table: Record<string, Record<Kind, Who>> = {
  read: { oneToOne: 'members', privateGroup: 'members', publicGroup: 'every user', open: 'every user' },
  manageMembers: { oneToOne: 'nobody', privateGroup: 'admins', publicGroup: 'admins', open: 'admins' },
  join: { oneToOne: 'nobody', privateGroup: 'with invitation code', publicGroup: 'every user', open: 'nobody' },
  leave: { oneToOne: 'nobody', privateGroup: 'members', publicGroup: 'members', open: 'members' },
  watch: { oneToOne: 'nobody', privateGroup: 'members', publicGroup: 'members', open: 'every user' },
  manageConversation: { oneToOne: 'nobody', privateGroup: 'admins', publicGroup: 'admins', open: 'admins' },
  // the message rows; "its owner" is checked on a message the conversation's owner sent
  send: { oneToOne: 'members', privateGroup: 'members', publicGroup: 'members', open: 'members and watchers' },
  deleteOwnCopy: { oneToOne: 'members', privateGroup: 'members', publicGroup: 'nobody', open: 'nobody' },
  deleteForEveryone: { oneToOne: 'its owner', privateGroup: 'its owner', publicGroup: 'its owner', open: 'its owner' },
  react: { oneToOne: 'members', privateGroup: 'members', publicGroup: 'members', open: 'members and watchers' },
  pin: { oneToOne: 'members', privateGroup: 'admins', publicGroup: 'admins', open: 'admins' },
  // API.md, the privacy model: "flagging needs the reaction right; editing needs the send right";
  // typing is a send too (on a message of another user, on the actor's own, in the conversation)
  flag: { oneToOne: 'members', privateGroup: 'members', publicGroup: 'members', open: 'members and watchers' },
  edit: { oneToOne: 'members', privateGroup: 'members', publicGroup: 'members', open: 'members and watchers' },
  typing: { oneToOne: 'members', privateGroup: 'members', publicGroup: 'members', open: 'members and watchers' },
  // "ban / unban, mute / unmute members, mute all, freeze", one operation each
  ban: { oneToOne: 'nobody', privateGroup: 'admins', publicGroup: 'admins', open: 'admins' },
  mute: { oneToOne: 'nobody', privateGroup: 'admins', publicGroup: 'admins', open: 'admins' },
  muteAll: { oneToOne: 'nobody', privateGroup: 'admins', publicGroup: 'admins', open: 'admins' },
  freeze: { oneToOne: 'nobody', privateGroup: 'admins', publicGroup: 'admins', open: 'admins' },
};

const messageActions = new Set(['send', 'deleteOwnCopy', 'deleteForEveryone', 'react', 'pin', 'flag', 'edit', 'typing']);

function allowed(who: Who, role: Role): boolean {
  if (role === 'banned') return false;
  const member = role === 'owner' || role === 'admin' || role === 'member';
  switch (who) {
    case 'nobody':
      return false;
    case 'members':
      return member;
    case 'admins':
      return role === 'owner' || role === 'admin';
    case 'every user':
    case 'with invitation code': // attempted with the code; without it, see the extra test below
      return true;
    case 'members and watchers':
      return member || role === 'watcher';
    case 'its owner':
      // the message attempted on was sent by the conversation's owner
      return role === 'owner';
  }
}

interface World {
  id: string;
  actor: string;
  /** a user who is no member, for addMembers */
  spare: string;
  invitationCode: string | null;
  /** a message of the conversation's owner, for the message rows */
  messageId: string | null;
  /** a plain member other than the actor (where there is one), for the moderation rows */
  target: string;
  /** a message of someone other than the actor, for flagging */
  othersMessageId: string | null;
  /** a message of the actor's own, for editing */
  ownMessageId: string | null;
}

let app: TestApp;
let next = 0;
const covered: string[] = [];

beforeAll(async () => {
  app = await startApp();
  prisma = app.server.database.prisma;
});
afterAll(async () => {
  const total = Object.keys(table).length * kinds.length * roles.length;
  console.log(`permission cells covered (every row of the table): ${covered.length} of ${total}`);
  expect(covered.length).toBe(total);
  await app.stop();
});

async function makeUsers(count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => `p${++next}`);
  await prisma.user.createMany({ data: ids.map((id) => ({ id, displayName: id })) });
  return ids;
}

/** A conversation of `kind` in which `actor` holds `role`. */
async function world(kind: Kind, role: Role, withMessage = false): Promise<World> {
  const [owner, admin, member, actor, spare] = (await makeUsers(5)) as [string, string, string, string, string];
  const input =
    kind === 'oneToOne'
      ? { isGroup: false, memberIds: [member] }
      : {
          title: `${kind} ${role}`,
          type: kind === 'privateGroup' ? ('PRIVATE' as const) : kind === 'publicGroup' ? ('PUBLIC' as const) : ('OPEN' as const),
          memberIds: [admin, member],
        };
  const created = (await app.data(
    'mutation ($input: CreateConversationInput!) { createConversation(input: $input) { id invitationCode } }',
    { input },
    { as: role === 'owner' ? actor : owner },
  )) as { createConversation: { id: string; invitationCode: string | null } };
  const { id, invitationCode } = created.createConversation;
  const w: World = { id, actor, spare, invitationCode, messageId: null, target: member, othersMessageId: null, ownMessageId: null };
  if (withMessage) {
    await prisma.conversation.update({ where: { id }, data: { pinMessages: true, typingEvents: true } });
    const send = async (as: string, body: string) =>
      (
        (await app.data(
          'mutation ($id: ID!, $b: String) { sendMessage(input: { conversationId: $id, body: $b }) { id } }',
          { id, b: body },
          { as },
        )) as {
          sendMessage: { id: string };
        }
      ).sendMessage.id;
    const ownerId = role === 'owner' ? actor : owner;
    w.messageId = await send(ownerId, 'from the owner');
    w.othersMessageId = role === 'owner' ? await send(member, 'from a member') : w.messageId;
  }
  switch (role) {
    case 'owner':
      break;
    case 'admin':
      if (kind === 'oneToOne') {
        // a 1-to-1 has no admins through the API; the table still says what one may do
        await prisma.member.create({ data: { conversationId: id, userId: actor, role: 'ADMIN' } });
      } else {
        await app.data(
          'mutation ($id: ID!, $u: [ID!]!) { addMembers(conversationId: $id, userIds: $u) { id } }',
          { id, u: [actor] },
          { as: owner },
        );
        await app.data(
          'mutation ($id: ID!, $u: ID!) { addAdmin(conversationId: $id, userId: $u) { id } }',
          { id, u: actor },
          { as: owner },
        );
      }
      break;
    case 'member':
      if (kind === 'oneToOne') w.actor = member;
      else
        await app.data(
          'mutation ($id: ID!, $u: [ID!]!) { addMembers(conversationId: $id, userIds: $u) { id } }',
          { id, u: [actor] },
          { as: owner },
        );
      break;
    case 'watcher':
      if (kind === 'open') {
        await app.data('mutation ($id: ID!) { startWatching(conversationId: $id) { id } }', { id }, { as: actor });
      } else {
        // watching without being a member is only reachable in open conversations
        await prisma.watcher.create({ data: { conversationId: id, userId: actor, expiresAt: new Date(Date.now() + 3_600_000) } });
      }
      break;
    case 'other':
      break;
    case 'banned':
      await prisma.ban.create({ data: { conversationId: id, userId: actor } });
      break;
  }
  if (withMessage) {
    // the actor's own message, written as if sent before their standing changed
    const { lastSeq } = await prisma.conversation.update({ where: { id }, data: { lastSeq: { increment: 1 } } });
    w.ownMessageId = `own-${w.id}`;
    await prisma.message.create({ data: { id: w.ownMessageId, conversationId: id, seq: lastSeq, ownerId: w.actor, body: 'mine' } });
  }
  return w;
}

/** Everything an attempt could change. */
async function snapshot(id: string) {
  const [conversation, members, watchers, bans, messages, reactions, hidden] = await Promise.all([
    prisma.conversation.findUnique({ where: { id } }),
    prisma.member.findMany({ where: { conversationId: id }, orderBy: { userId: 'asc' } }),
    prisma.watcher.findMany({ where: { conversationId: id }, orderBy: { userId: 'asc' }, select: { userId: true, connectionId: true } }),
    prisma.ban.findMany({ where: { conversationId: id }, orderBy: { userId: 'asc' } }),
    prisma.message.findMany({ where: { conversationId: id }, orderBy: { seq: 'asc' } }),
    prisma.reaction.count({ where: { message: { conversationId: id } } }),
    prisma.hiddenMessage.count({ where: { conversationId: id } }),
  ]);
  return JSON.stringify({ conversation, members, watchers, bans, messages, reactions, hidden });
}

/** The operation for each action, and what success must have changed. */
const attempts: Record<
  string,
  { run(w: World): Promise<{ errors?: readonly { extensions?: Record<string, unknown> }[] }>; effect(w: World): Promise<void> }
> = {
  read: {
    run: (w) =>
      app.request(
        'query ($id: ID!) { conversation(id: $id) { id } messages(conversationId: $id) { totalCount } }',
        { id: w.id },
        { as: w.actor },
      ),
    effect: async () => undefined,
  },
  manageMembers: {
    run: (w) =>
      app.request(
        'mutation ($id: ID!, $u: [ID!]!) { addMembers(conversationId: $id, userIds: $u) { id } }',
        { id: w.id, u: [w.spare] },
        { as: w.actor },
      ),
    effect: async (w) => {
      expect(await prisma.member.findFirst({ where: { conversationId: w.id, userId: w.spare, leftAt: null } })).not.toBeNull();
    },
  },
  join: {
    run: (w) =>
      app.request(
        'mutation ($id: ID!, $c: String) { joinConversation(conversationId: $id, invitationCode: $c) { id } }',
        { id: w.id, c: w.invitationCode },
        { as: w.actor },
      ),
    effect: async (w) => {
      expect(await prisma.member.findFirst({ where: { conversationId: w.id, userId: w.actor, leftAt: null } })).not.toBeNull();
    },
  },
  leave: {
    run: (w) => app.request('mutation ($id: ID!) { leaveConversation(conversationId: $id) { id } }', { id: w.id }, { as: w.actor }),
    effect: async (w) => {
      expect(await prisma.member.findFirst({ where: { conversationId: w.id, userId: w.actor, leftAt: null } })).toBeNull();
    },
  },
  watch: {
    run: (w) => app.request('mutation ($id: ID!) { startWatching(conversationId: $id) { id } }', { id: w.id }, { as: w.actor }),
    effect: async (w) => {
      expect(await prisma.watcher.count({ where: { conversationId: w.id, userId: w.actor } })).toBeGreaterThan(0);
    },
  },
  manageConversation: {
    run: (w) =>
      app.request('mutation ($id: ID!) { updateConversation(id: $id, input: { title: "Changed" }) { id } }', { id: w.id }, { as: w.actor }),
    effect: async (w) => {
      expect((await prisma.conversation.findUnique({ where: { id: w.id } }))!.title).toBe('Changed');
    },
  },
};

Object.assign(attempts, {
  send: {
    run: (w: World) =>
      app.request(
        'mutation ($id: ID!) { sendMessage(input: { conversationId: $id, body: "attempt" }) { id } }',
        { id: w.id },
        { as: w.actor },
      ),
    effect: async (w: World) => {
      expect(await prisma.message.count({ where: { conversationId: w.id, ownerId: w.actor, body: 'attempt' } })).toBe(1);
    },
  },
  deleteOwnCopy: {
    run: (w: World) => app.request('mutation ($m: [ID!]!) { deleteMessages(messageIds: $m) }', { m: [w.messageId] }, { as: w.actor }),
    effect: async (w: World) => {
      expect(await prisma.hiddenMessage.count({ where: { messageId: w.messageId!, userId: w.actor } })).toBe(1);
    },
  },
  deleteForEveryone: {
    run: (w: World) =>
      app.request('mutation ($m: [ID!]!) { deleteMessagesForEveryone(messageIds: $m) { id } }', { m: [w.messageId] }, { as: w.actor }),
    effect: async (w: World) => {
      expect((await prisma.message.findUnique({ where: { id: w.messageId! } }))!.deletedAt).not.toBeNull();
    },
  },
  react: {
    run: (w: World) =>
      app.request('mutation ($m: ID!) { addReaction(messageId: $m, type: "like") { id } }', { m: w.messageId }, { as: w.actor }),
    effect: async (w: World) => {
      expect(await prisma.reaction.count({ where: { messageId: w.messageId!, userId: w.actor } })).toBe(1);
    },
  },
  pin: {
    run: (w: World) => app.request('mutation ($m: ID!) { pinMessage(messageId: $m) { id } }', { m: w.messageId }, { as: w.actor }),
    effect: async (w: World) => {
      expect((await prisma.message.findUnique({ where: { id: w.messageId! } }))!.pinnedAt).not.toBeNull();
    },
  },
});

Object.assign(attempts, {
  flag: {
    run: (w: World) =>
      app.request('mutation ($m: ID!) { flagMessage(messageId: $m, reason: "spam") { id } }', { m: w.othersMessageId }, { as: w.actor }),
    effect: async (w: World) => {
      expect(await prisma.flag.count({ where: { messageId: w.othersMessageId!, userId: w.actor } })).toBe(1);
    },
  },
  edit: {
    run: (w: World) =>
      app.request(
        'mutation ($m: ID!) { editMessage(messageId: $m, input: { body: "edited" }) { id } }',
        { m: w.ownMessageId },
        { as: w.actor },
      ),
    effect: async (w: World) => {
      expect((await prisma.message.findUnique({ where: { id: w.ownMessageId! } }))!.body).toBe('edited');
    },
  },
  typing: {
    run: (w: World) =>
      app.request('mutation ($id: ID!) { sendTypingEvent(conversationId: $id, isTyping: true) }', { id: w.id }, { as: w.actor }),
    effect: async () => undefined,
  },
});

Object.assign(attempts, {
  ban: {
    run: (w: World) =>
      app.request(
        'mutation ($id: ID!, $u: [ID!]!) { banMembers(conversationId: $id, userIds: $u) { id } }',
        { id: w.id, u: [w.target] },
        { as: w.actor },
      ),
    effect: async (w: World) => {
      expect(await prisma.ban.count({ where: { conversationId: w.id, userId: w.target } })).toBe(1);
    },
  },
  mute: {
    run: (w: World) =>
      app.request(
        'mutation ($id: ID!, $u: [ID!]!) { muteMembers(conversationId: $id, userIds: $u, expireInMinutes: 10) { id } }',
        { id: w.id, u: [w.target] },
        { as: w.actor },
      ),
    effect: async (w: World) => {
      expect((await prisma.member.findFirst({ where: { conversationId: w.id, userId: w.target } }))!.mutedAt).not.toBeNull();
    },
  },
  muteAll: {
    run: (w: World) => app.request('mutation ($id: ID!) { muteAllMembers(conversationId: $id) { id } }', { id: w.id }, { as: w.actor }),
    effect: async (w: World) => {
      expect((await prisma.member.findFirst({ where: { conversationId: w.id, userId: w.target } }))!.mutedAt).not.toBeNull();
    },
  },
  freeze: {
    run: (w: World) =>
      app.request('mutation ($id: ID!) { freezeConversation(conversationId: $id, frozen: true) { id } }', { id: w.id }, { as: w.actor }),
    effect: async (w: World) => {
      expect((await prisma.conversation.findUnique({ where: { id: w.id } }))!.isFrozen).toBe(true);
    },
  },
});

describe.each(Object.keys(table))('%s', (action) => {
  describe.each(kinds)('in a %s', (kind) => {
    it.each(roles)(`by %s`, async (role) => {
      const w = await world(kind, role, messageActions.has(action));
      const expected = allowed(table[action]![kind], role);
      const before = await snapshot(w.id);
      const result = await attempts[action]!.run(w);
      if (expected) {
        expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
        await attempts[action]!.effect(w);
      } else {
        const codes = errorCodes(result as never);
        expect(codes.length).toBeGreaterThan(0);
        expect(new Set(codes)).toEqual(new Set(['FORBIDDEN']));
        expect(await snapshot(w.id)).toBe(before);
      }
      covered.push(`${action}/${kind}/${role}`);
    });
  });
});

describe('join without the invitation code', () => {
  it.each(roles.filter((r) => r !== 'owner' && r !== 'admin' && r !== 'member'))('is refused to %s in a private group', async (role) => {
    const w = await world('privateGroup', role);
    const before = await snapshot(w.id);
    const result = await app.request('mutation ($id: ID!) { joinConversation(conversationId: $id) { id } }', { id: w.id }, { as: w.actor });
    expect(errorCodes(result)).toEqual(['FORBIDDEN']);
    expect(await snapshot(w.id)).toBe(before);
  });

  it('tells a banned user why', async () => {
    const w = await world('publicGroup', 'banned');
    const result = await app.request('mutation ($id: ID!) { joinConversation(conversationId: $id) { id } }', { id: w.id }, { as: w.actor });
    expect(result.errors![0]!.message).toMatch(/banned/);
  });
});
