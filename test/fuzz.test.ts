// Fuzzing: about 10,000 generated operations with hostile values (huge and odd unicode strings,
// wrong types, nulls, deep nesting, unknown ids) and malformed HTTP bodies. Every answer must be a
// client error or a success: no 5xx, no INTERNAL_SERVER_ERROR, nothing that looks like a stack or
// SQL. Afterwards the database invariants still hold.
import { afterAll, beforeAll, expect, it } from 'vitest';
import fc from 'fast-check';
import { startApp, type TestApp } from './helpers/app.ts';
import type { PrismaClient } from '../src/db/client.ts';

/** the test app's own database */
let prisma: PrismaClient;

let app: TestApp;
const users = ['ann', 'bob', 'cat'];
const ids: string[] = [];
const messageIds: string[] = [];

beforeAll(async () => {
  app = await startApp();
  prisma = app.server.database.prisma;
  await app.listen();
  await app.users(...users);
  for (const [title, type] of [
    ['Fuzz group', 'PRIVATE'],
    ['Fuzz public', 'PUBLIC'],
    ['Fuzz open', 'OPEN'],
  ] as const) {
    const created = (await app.data(
      'mutation ($t: String!, $k: ConversationType!) { createConversation(input: { title: $t, type: $k, memberIds: ["bob", "cat"] }) { id } }',
      { t: title, k: type },
      { as: 'ann' },
    )) as { createConversation: { id: string } };
    ids.push(created.createConversation.id);
  }
  const sent = (await app.data(
    'mutation ($c: ID!) { sendMessage(input: { conversationId: $c, body: "seed" }) { id } }',
    { c: ids[0] },
    { as: 'ann' },
  )) as {
    sendMessage: { id: string };
  };
  messageIds.push(sent.sendMessage.id);
});
afterAll(() => app.stop());

// hostile values
const hugeString = fc.integer({ min: 10_000, max: 200_000 }).map((n) => 'é𝄞\u0000'.repeat(Math.ceil(n / 4)).slice(0, n));
const oddString = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\uFFFF',
    '\uD800',
    '💬'.repeat(300),
    "'; DROP TABLE messages; --",
    '%00',
    '../../etc/passwd',
    '${jndi:x}',
    'null',
  ),
  hugeString,
);
const deep = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.integer(),
    oddString,
    fc.array(tie('node'), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 8 }), tie('node'), { maxKeys: 3 }),
  ),
})).node;
const nested = (depth: number): unknown => (depth === 0 ? 'bottom' : { a: nested(depth - 1) });
const anyValue = fc.oneof(
  oddString,
  fc.constant(null),
  fc.integer(),
  fc.constantFrom(Number.MAX_SAFE_INTEGER, -1, 0, 2 ** 31, 1e308, -0),
  fc.double(),
  fc.boolean(),
  fc.array(oddString, { maxLength: 5 }),
  deep,
  fc.integer({ min: 50, max: 300 }).map(nested),
);
const idLike = fc.oneof(
  fc.constantFrom(...users),
  fc.constant('nobody'),
  fc.integer({ min: 0, max: 2 }).map((i) => ids[i] ?? 'x'),
  fc.constant(null),
  anyValue,
);
const conversationId = fc.oneof(
  fc.integer({ min: 0, max: 2 }).map((i) => ids[i] ?? 'x'),
  idLike,
);
const messageId = fc.oneof(
  fc.constant(null).map(() => messageIds[messageIds.length - 1] ?? 'm'),
  idLike,
);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

interface Operation {
  query: string;
  variables: unknown;
  as: string | null;
}

const operations: fc.Arbitrary<Operation>[] = [
  fc.record({
    query: fc.constant('mutation ($input: SendMessageInput!) { sendMessage(input: $input) { id seq body attachments { __typename } } }'),
    variables: fc.record({
      input: fc.oneof(
        fc.record({
          conversationId,
          body: maybe(oddString),
          parentId: maybe(messageId),
          recipientIds: maybe(fc.array(idLike, { maxLength: 4 })),
          metaData: maybe(anyValue),
          customType: maybe(oddString),
          mentionedUsers: maybe(fc.array(fc.record({ userId: idLike, wordCount: anyValue, order: anyValue }), { maxLength: 3 })),
          attachments: maybe(
            fc.array(
              fc.record({
                type: fc.oneof(fc.constantFrom('image', 'location', 'gif', 'file', 'custom'), oddString),
                fileUrl: maybe(oddString),
                latitude: maybe(anyValue),
                longitude: maybe(anyValue),
                size: maybe(anyValue),
                extra: maybe(anyValue),
              }),
              { maxLength: 3 },
            ),
          ),
        }),
        anyValue,
      ),
    }),
    as: fc.constantFrom('ann', 'bob', 'cat', null),
  }),
  fc.record({
    query: fc.constant('mutation ($input: CreateConversationInput!) { createConversation(input: $input) { id title memberCount } }'),
    variables: fc.record({
      input: fc.oneof(
        fc.record({
          title: maybe(oddString),
          type: maybe(fc.oneof(fc.constantFrom('PRIVATE', 'PUBLIC', 'OPEN'), oddString)),
          memberIds: maybe(fc.array(idLike, { maxLength: 6 })),
          metaData: maybe(anyValue),
          tags: maybe(fc.array(oddString, { maxLength: 4 })),
          maxMemberCount: maybe(anyValue),
          id: maybe(oddString),
        }),
        anyValue,
      ),
    }),
    as: fc.constantFrom('ann', 'bob', 'cat'),
  }),
  fc.record({
    query: fc.constant(
      'query ($first: Int, $after: String, $filter: ConversationFilter) { conversations(first: $first, after: $after, filter: $filter) { totalCount edges { cursor node { id unreadMessageCount lastMessage { body } } } } }',
    ),
    variables: fc.record({
      first: maybe(anyValue),
      after: maybe(oddString),
      filter: maybe(
        fc.oneof(fc.record({ search: maybe(oddString), tags: maybe(fc.array(oddString)), ids: maybe(fc.array(idLike)) }), anyValue),
      ),
    }),
    as: fc.constantFrom('ann', 'bob', null),
  }),
  fc.record({
    query: fc.constant(
      'query ($c: ID!, $first: Int, $after: String, $filter: MessageFilter) { messages(conversationId: $c, first: $first, after: $after, filter: $filter) { edges { node { id body reactionCounts { type count } } } } messageCount(conversationId: $c, filter: $filter) }',
    ),
    variables: fc.record({
      c: conversationId,
      first: maybe(anyValue),
      after: maybe(oddString),
      filter: maybe(fc.oneof(fc.record({ search: maybe(oddString), customTypes: maybe(fc.array(oddString)) }), anyValue)),
    }),
    as: fc.constantFrom('ann', 'bob', 'cat'),
  }),
  fc.record({
    query: fc.constantFrom(
      'mutation ($m: ID!, $t: String!) { addReaction(messageId: $m, type: $t) { id } }',
      'mutation ($m: ID!, $t: String!) { removeReaction(messageId: $m, type: $t) { id } }',
    ),
    variables: fc.record({ m: messageId, t: oddString }),
    as: fc.constantFrom('ann', 'bob', 'cat'),
  }),
  fc.record({
    query: fc.constantFrom(
      'mutation ($c: ID!, $u: [ID!]!) { addMembers(conversationId: $c, userIds: $u) { id memberCount } }',
      'mutation ($c: ID!, $u: [ID!]!) { removeMembers(conversationId: $c, userIds: $u) { id memberCount } }',
      'mutation ($c: ID!, $u: [ID!]!) { muteMembers(conversationId: $c, userIds: $u, expireInMinutes: 1) { id } }',
      'mutation ($c: ID!, $u: [ID!]!) { banMembers(conversationId: $c, userIds: $u) { id } }',
      'mutation ($c: ID!, $u: [ID!]!) { unbanMembers(conversationId: $c, userIds: $u) { id } }',
    ),
    variables: fc.record({ c: conversationId, u: fc.oneof(fc.array(idLike, { maxLength: 4 }), anyValue) }),
    as: fc.constantFrom('ann', 'bob'),
  }),
  fc.record({
    query: fc.constantFrom(
      'mutation ($c: ID!) { joinConversation(conversationId: $c) { id } }',
      'mutation ($c: ID!) { leaveConversation(conversationId: $c) { id } }',
      'mutation ($c: ID!) { markConversationRead(conversationId: $c) { id } }',
      'mutation ($c: ID!) { clearConversation(conversationId: $c) { id } }',
      'mutation ($c: ID!) { deleteConversation(conversationId: $c) { id } }',
      'mutation ($c: ID!) { startWatching(conversationId: $c) { id } }',
    ),
    variables: fc.record({ c: conversationId }),
    as: fc.constantFrom('ann', 'bob', 'cat'),
  }),
  fc.record({
    query: fc.constantFrom(
      'mutation ($m: ID!, $b: String) { editMessage(messageId: $m, body: $b) { id body } }',
      'mutation ($m: ID!) { pinMessage(messageId: $m) { id } }',
      'mutation ($m: ID!) { deleteMessagesForEveryone(messageIds: [$m]) }',
    ),
    variables: fc.record({ m: messageId, b: maybe(oddString) }),
    as: fc.constantFrom('ann', 'bob'),
  }),
  // documents themselves hostile
  fc.record({
    query: fc.oneof(
      oddString,
      fc.integer({ min: 1, max: 5000 }).map((n) => `{ viewer ${'{ id '.repeat(n)}${'}'.repeat(n)} }`),
      fc.integer({ min: 1, max: 2000 }).map((n) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: viewer { id }`).join(' ')} }`),
      fc.constantFrom(
        '{ __schema { types { name } } }',
        'subscription { messageAdded(conversationId: "x") { id } }',
        'query { viewer { id @skip } }',
        'fragment F on User { ...F } { viewer { ...F } }',
      ),
    ),
    variables: fc.oneof(fc.constant(undefined), anyValue),
    as: fc.constantFrom('ann', null),
  }),
];

const leak =
  /\bat [\w.<>]+ \(|node_modules|\.ts:\d+|\.js:\d+|\bSELECT\b|\bINSERT\b|\bUPDATE\b.*\bSET\b|prisma|postgres|pglite|ECONN|TypeError|ReferenceError/i;

function checkResponse(status: number, text: string, what: string): string[] {
  const problems: string[] = [];
  if (status >= 500) problems.push(`${what}: status ${status}: ${text.slice(0, 300)}`);
  let body: { errors?: { message?: string; extensions?: Record<string, unknown> }[] } | undefined;
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    if (status < 400) problems.push(`${what}: a success that is not JSON`);
    return problems;
  }
  for (const error of body?.errors ?? []) {
    const shown = JSON.stringify(error);
    if (error.extensions?.code === 'INTERNAL_SERVER_ERROR') problems.push(`${what}: internal error ${shown.slice(0, 300)}`);
    if (leak.test(error.message ?? '') || 'stack' in (error.extensions ?? {}) || 'originalError' in (error.extensions ?? {})) {
      problems.push(`${what}: leaks internals: ${shown.slice(0, 300)}`);
    }
  }
  return problems;
}

it('answers 10,000 hostile operations with client errors only, and keeps the invariants', async () => {
  const problems: string[] = [];
  let sent = 0;
  const tokens = new Map<string, string>();
  for (const user of users) tokens.set(user, await app.token(user));
  await fc.assert(
    fc.asyncProperty(fc.array(fc.oneof(...operations), { minLength: 50, maxLength: 50 }), async (batch) => {
      for (const op of batch) {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (op.as) headers.authorization = `Bearer ${tokens.get(op.as)}`;
        const response = await app.server.yoga.fetch('http://parley.test/graphql', {
          method: 'POST',
          headers,
          body: JSON.stringify({ query: op.query, variables: op.variables }),
        });
        const text = await response.text();
        sent++;
        problems.push(...checkResponse(response.status, text, op.query.slice(0, 60)));
        const id = /"sendMessage":\{"id":"([^"]+)"/.exec(text)?.[1];
        if (id) messageIds.push(id);
      }
      return true;
    }),
    { numRuns: 200, seed: Number(process.env.FUZZ_SEED ?? 20261122) },
  );
  // every kind of problem once
  expect([...new Set(problems.map((p) => p.replace(/"[^"]{20,}"/g, '"…"')))].slice(0, 20)).toEqual([]);
  expect(sent).toBe(10_000);
}, 600_000);

it('answers malformed HTTP bodies with 4xx and no internals', async () => {
  const bodies = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.constantFrom(
      '{',
      '{"query":',
      '[]',
      '[1,2]',
      'null',
      '"query"',
      '{"query": 5}',
      '{"query": null}',
      '{"query": "{ viewer { id } }", "variables": "x"}',
      '{"query": "{ __typename }", "extensions": 7}',
      '{"query":"{ __typename }","operationName":[]}',
    ),
    fc.integer({ min: 1000, max: 100_000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`),
    fc.integer({ min: 1000, max: 100_000 }).map((n) => `{"query": "{ __typename }", "variables": ${'{"a":'.repeat(n)}1${'}'.repeat(n)}}`),
  );
  const contentTypes = fc.constantFrom(
    'application/json',
    'text/plain',
    'application/graphql+json',
    'multipart/form-data; boundary=x',
    'application/x-www-form-urlencoded',
  );
  const problems: string[] = [];
  await fc.assert(
    fc.asyncProperty(bodies, contentTypes, async (body, contentType) => {
      const response = await fetch(app.url, { method: 'POST', headers: { 'content-type': contentType }, body });
      const text = await response.text();
      problems.push(...checkResponse(response.status, text, `body ${body.slice(0, 40)}`));
      return true;
    }),
    { numRuns: 300, seed: 7 },
  );
  expect(problems).toEqual([]);
}, 300_000);

it('keeps the database invariants after the fuzzing', async () => {
  // per-conversation seq is contiguous and ends at last_seq
  const gaps = await prisma.$queryRaw<{ id: string }[]>`
    SELECT c.id FROM conversations c
      LEFT JOIN (SELECT conversation_id, count(*)::int AS n, coalesce(max(seq), 0) AS top, count(DISTINCT seq)::int AS distinct_seqs
                   FROM messages GROUP BY conversation_id) m ON m.conversation_id = c.id
     WHERE coalesce(m.n, 0) <> c.last_seq OR coalesce(m.top, 0) <> c.last_seq OR coalesce(m.distinct_seqs, 0) <> coalesce(m.n, 0)`;
  expect(gaps).toEqual([]);
  // counters equal recounts
  const memberCounts = await prisma.$queryRaw<{ id: string }[]>`
    SELECT c.id FROM conversations c
     WHERE c.member_count <> (SELECT count(*) FROM members mb WHERE mb.conversation_id = c.id AND mb.left_at IS NULL)`;
  expect(memberCounts).toEqual([]);
  const replyCounts = await prisma.$queryRaw<{ id: string }[]>`
    SELECT p.id FROM messages p
     WHERE p.reply_count <> (SELECT count(*) FROM messages r WHERE r.parent_id = p.id)`;
  expect(replyCounts).toEqual([]);
  const reactionCounts = await prisma.$queryRaw<{ id: string }[]>`
    SELECT m.id FROM messages m
     WHERE m.reaction_counts <> coalesce((SELECT jsonb_object_agg(type, n) FROM (SELECT type, count(*)::int AS n FROM reactions r WHERE r.message_id = m.id GROUP BY type) t), '{}'::jsonb)`;
  expect(reactionCounts).toEqual([]);
  // no orphans
  const orphans = await prisma.$queryRaw<{ n: number }[]>`
    SELECT ((SELECT count(*) FROM members mb LEFT JOIN users u ON u.id = mb.user_id WHERE u.id IS NULL)
          + (SELECT count(*) FROM messages m LEFT JOIN conversations c ON c.id = m.conversation_id WHERE c.id IS NULL)
          + (SELECT count(*) FROM reactions r LEFT JOIN messages m ON m.id = r.message_id WHERE m.id IS NULL))::int AS n`;
  expect(orphans[0]!.n).toBe(0);
  // and the fuzzing did write things, so the checks above looked at something
  expect(await prisma.message.count()).toBeGreaterThan(50);
});
