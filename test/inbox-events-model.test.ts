/* eslint-disable @typescript-eslint/no-explicit-any -- these tests read GraphQL answers loosely */
// viewerEvents is enough for an inbox: after random operations by several users (sends, edits,
// recalls, deleted copies, reads, clears, mutes, renames, members added and removed, deleted
// conversations), an inbox kept only from each user's viewerEvents equals a fresh inbox query.
import { afterAll, beforeAll, expect, it } from 'vitest';
import fc from 'fast-check';
import { startApp, type TestApp } from './helpers/app.ts';
import { until, untilLive, wsClient, type WsClient } from './helpers/ws.ts';

const runs = Number(process.env.INBOX_RUNS ?? 12);
const users = ['ann', 'bob', 'cat', 'dan'] as const;
type User = (typeof users)[number];

let app: TestApp;
const sockets: WsClient[] = [];

/** What an inbox shows of one conversation. */
interface Row {
  id: string;
  title: string | null;
  mute: boolean | null;
  unreadMessageCount: number | null;
  lastMessage: { id: string; body: string | null; isDeleted: boolean } | null;
}

const row = 'id title mute unreadMessageCount lastMessage { id body isDeleted }';
const Events = `subscription {
  viewerEvents {
    __typename
    ... on ConversationAdded { conversation { ${row} } viewer { unreadMessageCount } }
    ... on ConversationRemoved { conversationId keptConversation { ${row} } viewer { unreadMessageCount } }
    ... on NewMessage { conversation { ${row} } viewer { unreadMessageCount } }
    ... on UnreadCountChanged { conversation { ${row} } viewer { unreadMessageCount } }
    ... on ConversationChanged { conversation { ${row} } viewer { unreadMessageCount } }
  }
}`;

/** A client's cache, kept only from events. */
class Inbox {
  readonly rows = new Map<string, Row>();
  total = 0;
  events = 0;
  /** the row of the latest ConversationChanged event of each conversation (for settle()) */
  readonly changed = new Map<string, Row>();
  apply(event: {
    __typename: string;
    conversation?: Row;
    keptConversation?: Row | null;
    conversationId?: string;
    viewer: { unreadMessageCount: number };
  }) {
    this.events++;
    // a removal leaves the copy a former member keeps (conversation), or nothing
    const row = event.__typename === 'ConversationRemoved' ? event.keptConversation : event.conversation;
    if (row) this.rows.set(row.id, row);
    else this.rows.delete(event.conversationId!);
    if (event.__typename === 'ConversationChanged' && row) this.changed.set(row.id, row);
    this.total = event.viewer.unreadMessageCount;
  }
}

const inboxes = new Map<User, Inbox>();
/** a conversation of each user's own, for the sentinels of settle() */
const notes = new Map<User, string>();
/** errors a subscription answered with (none expected) */
const errors: string[] = [];

beforeAll(async () => {
  app = await startApp();
  await app.listen();
  await app.users(...users);
  for (const user of users) {
    const inbox = new Inbox();
    inboxes.set(user, inbox);
    const socket = wsClient(app.url, { authorization: `Bearer ${await app.token(user)}` });
    sockets.push(socket);
    const sub = socket.subscribe(Events);
    sub.onResult = (result) => {
      if (result.errors) errors.push(JSON.stringify(result.errors));
      inbox.apply((result.data as { viewerEvents: Parameters<Inbox['apply']>[0] }).viewerEvents);
    };
  }
  // subscriptions are live once they see something: each user starts conversations of their own until one shows
  for (const user of users) {
    await untilLive(
      () => {
        expect(errors).toEqual([]);
        return inboxes.get(user)!.events > 0;
      },
      async () => {
        const { createConversation } = await app.data<any, object>(
          'mutation { createConversation(input: { title: "Notes", memberIds: [] }) { id } }',
          {},
          { as: user },
        );
        if (!notes.has(user)) notes.set(user, createConversation.id);
      },
      { pauseMs: 100, what: `${user}'s viewerEvents` },
    );
  }
  // as a client does: the inbox from one query, then kept from the events
  await settle();
  for (const user of users) {
    const { rows, total } = await fresh(user);
    const inbox = inboxes.get(user)!;
    inbox.rows.clear();
    for (const [id, r] of rows) inbox.rows.set(id, r);
    inbox.total = total;
  }
}, 60_000);

afterAll(async () => {
  for (const socket of sockets) await socket.dispose();
  await app.stop();
});

type Op =
  | { kind: 'send' | 'edit' | 'recall' | 'hide' | 'read' | 'clear' | 'deleteCopy'; user: User; c: number }
  | { kind: 'mute'; user: User; c: number; on: boolean }
  | { kind: 'rename'; c: number; title: string }
  | { kind: 'add' | 'remove'; c: number; target: User };

const userArb = fc.constantFrom(...users);
const conversationArb = fc.integer({ min: 0, max: 3 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('send' as const), user: userArb, c: conversationArb }) },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constantFrom('edit' as const, 'recall' as const, 'hide' as const, 'read' as const, 'clear' as const, 'deleteCopy' as const),
      user: userArb,
      c: conversationArb,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('mute' as const), user: userArb, c: conversationArb, on: fc.boolean() }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('rename' as const), c: conversationArb, title: fc.constantFrom('Alpha', 'Beta', 'Gamma') }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constantFrom('add' as const, 'remove' as const),
      c: conversationArb,
      target: fc.constantFrom('cat', 'dan') as fc.Arbitrary<User>,
    }),
  },
);

/** The newest message of `user` in a conversation, if any (what edit, recall and hide act on). */
async function newestOwn(user: User, conversationId: string): Promise<string | null> {
  const result = await app.request<any, object>(
    'query ($c: ID!) { messages(conversationId: $c, first: 20) { edges { node { id isDeleted owner { id } } } } }',
    { c: conversationId },
    { as: user },
  );
  const edges = (result.data?.messages?.edges ?? []) as { node: { id: string; isDeleted: boolean; owner: { id: string } | null } }[];
  return edges.find((e) => e.node.owner?.id === user && !e.node.isDeleted)?.node.id ?? null;
}

async function perform(op: Op, conversations: string[]): Promise<void> {
  const c = conversations[op.c]!;
  const as = 'user' in op ? op.user : 'ann';
  switch (op.kind) {
    case 'send':
      await app.request('mutation ($c: ID!) { sendMessage(input: { conversationId: $c, body: "hi" }) { id } }', { c }, { as });
      return;
    case 'edit': {
      const id = await newestOwn(op.user, c);
      if (id) await app.request('mutation ($id: ID!) { editMessage(messageId: $id, input: { body: "edited" }) { id } }', { id }, { as });
      return;
    }
    case 'recall': {
      const id = await newestOwn(op.user, c);
      if (id) await app.request('mutation ($id: ID!) { deleteMessagesForEveryone(messageIds: [$id]) { id } }', { id }, { as });
      return;
    }
    case 'hide': {
      const id = await newestOwn(op.user, c);
      if (id) await app.request('mutation ($id: ID!) { deleteMessages(messageIds: [$id]) }', { id }, { as });
      return;
    }
    case 'read':
      await app.request('mutation ($c: ID!) { markConversationRead(conversationId: $c) { id } }', { c }, { as });
      return;
    case 'clear':
      await app.request('mutation ($c: ID!) { clearConversation(conversationId: $c) { id } }', { c }, { as });
      return;
    case 'deleteCopy':
      await app.request('mutation ($c: ID!) { deleteConversation(conversationId: $c) { id } }', { c }, { as });
      return;
    case 'mute':
      await app.request(
        'mutation ($c: ID!, $m: Boolean!) { updateConversationSettings(conversationId: $c, mute: $m) { id } }',
        { c, m: op.on },
        { as },
      );
      return;
    case 'rename':
      await app.request(
        'mutation ($c: ID!, $t: String) { updateConversation(id: $c, input: { title: $t }) { id } }',
        { c, t: op.title },
        { as: 'ann' },
      );
      return;
    case 'add':
    case 'remove':
      await app.request(
        `mutation ($c: ID!, $u: [ID!]!) { ${op.kind === 'add' ? 'addMembers' : 'removeMembers'}(conversationId: $c, userIds: $u) { id } }`,
        { c, u: [op.target] },
        { as: 'ann' },
      );
      return;
  }
}

/** What a fresh inbox query shows a user (every page). */
async function fresh(user: User): Promise<{ rows: Map<string, Row>; total: number }> {
  const rows = new Map<string, Row>();
  let after: string | null = null;
  let total = 0;
  for (;;) {
    const data: any = await app.data<any, object>(
      `query ($after: String) { viewer { unreadMessageCount } conversations(first: 100, after: $after) { edges { node { ${row} } } pageInfo { hasNextPage endCursor } } }`,
      { after },
      { as: user },
    );
    total = data.viewer.unreadMessageCount;
    for (const edge of data.conversations.edges as { node: Row }[]) rows.set(edge.node.id, edge.node);
    if (!data.conversations.pageInfo.hasNextPage) return { rows, total };
    after = data.conversations.pageInfo.endCursor;
  }
}

let sentinels = 0;

/**
 * Waits until every event published so far has reached every inbox. A user's events come two
 * ways, each in the order they were published: routed to the members ('inbox:event': new
 * messages, edits, recalls, renames) and to the user alone ('viewer:event': added, removed, their
 * own copy's changes). So each user renames their own conversation (routed: its ADMIN message,
 * then the ConversationChanged) and, once that ConversationChanged shows, mutes or unmutes it
 * (their own: the next ConversationChanged of that conversation). When both have arrived, so has
 * everything published before them. The sentinels change that conversation's row, in the inbox
 * and in a fresh query alike.
 */
async function settle(): Promise<void> {
  await Promise.all(
    users.map(async (user) => {
      const id = notes.get(user)!;
      const inbox = inboxes.get(user)!;
      const title = `Notes ${++sentinels}`;
      await app.data(
        'mutation ($c: ID!, $t: String) { updateConversation(id: $c, input: { title: $t }) { id } }',
        { c: id, t: title },
        { as: user },
      );
      await until(() => inbox.changed.get(id)?.title === title, 30_000, `${user}'s rename to arrive`);
      const mute = !inbox.changed.get(id)!.mute;
      await app.data(
        'mutation ($c: ID!, $m: Boolean!) { updateConversationSettings(conversationId: $c, mute: $m) { id } }',
        { c: id, m: mute },
        { as: user },
      );
      await until(() => inbox.changed.get(id)?.mute === mute, 30_000, `${user}'s ${mute ? 'mute' : 'unmute'} to arrive`);
    }),
  );
  expect(errors).toEqual([]);
}

it(`keeps every user's inbox from viewerEvents alone equal to a fresh inbox query (${runs} runs)`, async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(opArb, { minLength: 5, maxLength: 25 }), async (ops) => {
      const conversations: string[] = [];
      for (const input of [
        '{ title: "Private A", memberIds: ["bob", "cat"] }',
        '{ title: "Private B", memberIds: ["bob", "dan"], hideMessagesBeforeJoin: true }',
        '{ title: "Public", type: PUBLIC, memberIds: ["bob", "cat"] }',
        '{ isGroup: false, memberIds: ["bob"] }',
      ]) {
        const created = await app.data<any, object>(`mutation { createConversation(input: ${input}) { id } }`, {}, { as: 'ann' });
        conversations.push(created.createConversation.id);
      }
      for (const op of ops) await perform(op, conversations);
      await settle();
      for (const user of users) {
        const inbox = inboxes.get(user)!;
        const expected = await fresh(user);
        if (process.env.INBOX_DEBUG) {
          const prisma = app.server.database.prisma;
          for (const id of new Set([...inbox.rows.keys(), ...expected.rows.keys()])) {
            if (JSON.stringify(inbox.rows.get(id)) === JSON.stringify(expected.rows.get(id))) continue;
            const facts = [
              await prisma.conversation.findUnique({ where: { id }, select: { title: true, type: true, isGroup: true } }),
              await prisma.member.findMany({ where: { conversationId: id }, select: { userId: true, leftAt: true, deletedAt: true } }),
            ];
            const line = [
              'DEBUG',
              user,
              id,
              JSON.stringify(facts),
              'events:',
              JSON.stringify(inbox.rows.get(id)),
              'fresh:',
              JSON.stringify(expected.rows.get(id)),
            ];
            (await import('node:fs')).appendFileSync('/tmp/inbox-debug.txt', `${line.join(' ')}\n`);
          }
        }
        expect(Object.fromEntries(inbox.rows), `${user}'s inbox after ${JSON.stringify(ops)}`).toEqual(Object.fromEntries(expected.rows));
        expect(inbox.total, `${user}'s total`).toBe(expected.total);
      }
    }),
    { numRuns: runs, endOnFailure: true },
  );
}, 600_000);
