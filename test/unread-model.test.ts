// A property test: random sequences of send / read / clear / delete / leave / join / recipients /
// hide for several users, after which every user's visible messages, unread counts and deleted flag
// must equal those of a small reference model. Runs: PROPERTY_RUNS (default 1000).
import { afterAll, beforeAll, expect, it } from 'vitest';
import fc from 'fast-check';
import { graphql } from './gql/index.js';
import { errorCodes, startApp, type TestApp } from './helpers/app.ts';
import type { PrismaClient } from '../src/db/client.ts';

/** the test app's own database */
let prisma: PrismaClient;

const runs = Number(process.env.PROPERTY_RUNS ?? 1000);

type Op =
  | { kind: 'send'; user: number; recipients: number[] | null; quiet: boolean }
  | { kind: 'read' | 'clear' | 'delete'; user: number }
  | { kind: 'leave' | 'join'; user: number }
  | { kind: 'hide'; user: number; pick: number };

const user = fc.integer({ min: 0, max: 3 });
const notOwner = fc.integer({ min: 1, max: 3 });
const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('send' as const),
      user,
      recipients: fc.option(fc.subarray([0, 1, 2, 3], { minLength: 1 }), { nil: null }),
      quiet: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
    }),
    weight: 6,
  },
  { arbitrary: fc.record({ kind: fc.constantFrom('read' as const, 'clear' as const, 'delete' as const), user }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constantFrom('leave' as const, 'join' as const), user: notOwner }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('hide' as const), user, pick: fc.nat() }), weight: 1 },
);

/** The reference model: what each user should see, computed the plain way. */
interface ModelMessage {
  seq: number;
  owner: number;
  recipients: number[];
  countsUnread: boolean;
}
interface ModelUser {
  active: boolean;
  leftSeq: number | null;
  cleared: number;
  lastRead: number;
  deleted: boolean;
  hidden: Set<number>;
}

class Model {
  lastSeq = 0;
  messages: ModelMessage[] = [];
  users: ModelUser[] = [0, 1, 2, 3].map(() => ({
    active: true,
    leftSeq: null,
    cleared: 0,
    lastRead: 0,
    deleted: false,
    hidden: new Set(),
  }));

  post(owner: number, recipients: number[], countsUnread: boolean) {
    const message = { seq: ++this.lastSeq, owner, recipients, countsUnread };
    this.messages.push(message);
    this.users.forEach((u, i) => {
      if (u.active && (recipients.length === 0 || i === owner || recipients.includes(i))) u.deleted = false;
    });
  }

  visible(i: number): number[] {
    const u = this.users[i]!;
    return this.messages
      .filter((m) => m.seq > u.cleared && (u.leftSeq === null || m.seq <= u.leftSeq))
      .filter((m) => m.recipients.length === 0 || m.owner === i || m.recipients.includes(i))
      .filter((m) => !u.hidden.has(m.seq))
      .map((m) => m.seq);
  }

  unread(i: number): number {
    const u = this.users[i]!;
    const visible = new Set(this.visible(i));
    return this.messages.filter((m) => visible.has(m.seq) && m.seq > u.lastRead && m.countsUnread && m.owner !== i).length;
  }
}

const State = graphql(`
  query ModelState($id: ID!) {
    messages(conversationId: $id, orderBy: CREATED_AT_ASC, first: 100) {
      edges {
        node {
          id
          seq
        }
      }
    }
    conversation(id: $id) {
      unreadMessageCount
      isDeleted
    }
    unreadMessageCount
  }
`);

let app: TestApp;
let run = 0;

beforeAll(async () => {
  app = await startApp();
  prisma = app.server.database.prisma;
});
afterAll(() => app.stop());

async function apply(op: Op, model: Model, names: string[], conversationId: string, code: string) {
  const name = names[op.user]!;
  const u = model.users[op.user]!;
  const expectOk = async (ok: boolean, result: { errors?: readonly unknown[] }) => {
    if (ok) expect(result.errors, JSON.stringify({ op, errors: result.errors })).toBeUndefined();
    else expect(errorCodes(result as never), JSON.stringify(op)).toEqual(['FORBIDDEN']);
    return ok;
  };
  switch (op.kind) {
    case 'send': {
      const recipients = (op.recipients ?? []).filter((r) => r !== op.user && model.users[r]!.active);
      const result = await app.request(
        'mutation ($input: SendMessageInput!) { sendMessage(input: $input) { seq } }',
        {
          input: {
            conversationId,
            body: `m${model.lastSeq + 1}`,
            recipientIds: recipients.map((r) => names[r]),
            events: { updateUnreadCount: !op.quiet },
          },
        },
        { as: name },
      );
      if (await expectOk(u.active, result)) model.post(op.user, recipients, !op.quiet);
      return;
    }
    case 'read': {
      const result = await app.request(
        'mutation ($id: ID!) { markConversationRead(conversationId: $id) { id } }',
        { id: conversationId },
        { as: name },
      );
      await expectOk(true, result);
      u.lastRead = Math.max(u.lastRead, Math.min(model.lastSeq, u.leftSeq ?? Infinity));
      return;
    }
    case 'clear':
    case 'delete': {
      const mutation = op.kind === 'clear' ? 'clearConversation' : 'deleteConversation';
      const result = await app.request(
        `mutation ($id: ID!) { ${mutation}(conversationId: $id) { id } }`,
        { id: conversationId },
        { as: name },
      );
      await expectOk(true, result);
      u.cleared = model.lastSeq;
      if (op.kind === 'delete') u.deleted = true;
      return;
    }
    case 'leave': {
      const result = await app.request(
        'mutation ($id: ID!) { leaveConversation(conversationId: $id) { id } }',
        { id: conversationId },
        { as: name },
      );
      if (await expectOk(u.active, result)) {
        u.active = false;
        u.leftSeq = model.lastSeq;
        model.post(op.user, [], false); // admin_group_leave, after the leaver's last seq
      }
      return;
    }
    case 'join': {
      const result = await app.request(
        'mutation ($id: ID!, $code: String) { joinConversation(conversationId: $id, invitationCode: $code) { id } }',
        { id: conversationId, code },
        { as: name },
      );
      await expectOk(true, result);
      if (!u.active) {
        u.active = true;
        u.leftSeq = null;
        model.post(op.user, [], false); // admin_group_join
      }
      return;
    }
    case 'hide': {
      const visible = model.visible(op.user);
      if (visible.length === 0) return;
      const seq = visible[op.pick % visible.length]!;
      const message = await prisma.message.findUniqueOrThrow({ where: { conversationId_seq: { conversationId, seq } } });
      const result = await app.request('mutation ($ids: [ID!]!) { deleteMessages(messageIds: $ids) }', { ids: [message.id] }, { as: name });
      if (await expectOk(u.active, result)) u.hidden.add(seq);
      return;
    }
  }
}

it(`keeps every user's messages and unread counts equal to the model (${runs} runs)`, async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(opArbitrary, { minLength: 1, maxLength: 14 }), async (ops) => {
      const names = [0, 1, 2, 3].map((i) => `r${++run}u${i}`);
      await prisma.user.createMany({ data: names.map((id) => ({ id, displayName: id })) });
      const created = (await app.data(
        'mutation ($input: CreateConversationInput!) { createConversation(input: $input) { id invitationCode } }',
        { input: { title: 'Model', memberIds: names.slice(1) } },
        { as: names[0] },
      )) as { createConversation: { id: string; invitationCode: string } };
      const { id, invitationCode } = created.createConversation;
      const model = new Model();
      model.post(0, [], false); // admin_group_create
      for (const op of ops) await apply(op, model, names, id, invitationCode);
      let total = 0;
      for (let i = 0; i < 4; i++) {
        const state = await app.data(State, { id }, { as: names[i] });
        const context = JSON.stringify({ user: i, ops });
        expect(
          state.messages.edges.map((e) => e.node.seq),
          context,
        ).toEqual(model.visible(i));
        expect(state.conversation!.unreadMessageCount, context).toBe(model.unread(i));
        expect(state.unreadMessageCount, context).toBe(model.unread(i));
        expect(state.conversation!.isDeleted, context).toBe(model.users[i]!.deleted);
        total += state.conversation!.unreadMessageCount;
      }
      expect(total).toBeGreaterThanOrEqual(0);
    }),
    { numRuns: runs },
  );
}, 1_800_000);
