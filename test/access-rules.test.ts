// Every rule of the access module, run down both of its forms: evaluate() in TypeScript and the SQL
// compileSql() makes of it, on the same rows, case by case. The permission table is walked cell by
// cell (every kind, standing and fact); the window, visibility, unread and send rules on thousands
// of generated rows, NULLs and edge values included. A drift between the two forms fails here.
import { afterAll, beforeAll, expect, it } from 'vitest';
import fc from 'fast-check';
import { Prisma, type Conversation, type Member, type Message } from '../src/generated/prisma/client.ts';
import { models, type ModelName } from '../src/generated/columns.ts';
import { compiledRule, compileSql, evaluate, type Expr } from '../src/access/expr.ts';
import { actions, canRule, isActiveMember, isAdmin, isOwner } from '../src/access/permissions.ts';
import {
  isConversationMutedNow,
  isFormerPrivateMember,
  isMutedNow,
  mayRead,
  messageUnread,
  messageVisible,
  readStart,
  seesDetails,
  sendChecks,
  windowAfter,
  windowUpTo,
} from '../src/access/rules.ts';
import { openTestDatabase } from './helpers/database.ts';
import type { Database } from '../src/db/client.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

interface Case {
  c: Conversation;
  mb: Member | null;
  m: Message;
  params: Record<string, unknown>;
}

const pgTypes: Record<string, string> = {
  String: 'text',
  Int: 'int',
  Boolean: 'boolean',
  DateTime: 'timestamp(3)',
  Json: 'jsonb',
  ConversationType: '"ConversationType"',
  MemberRole: '"MemberRole"',
  MessageType: '"MessageType"',
};

/** A row of `model` as a SELECT of typed literals with the table's column names; null: no row (a LEFT JOIN miss). */
function rowSql(model: ModelName, row: object | null): Prisma.Sql {
  const fields = models[model].fields as Record<string, { column: string; type: string; isList: boolean }>;
  const columns = Object.entries(fields).map(([key, f]) => {
    let value = row ? (row as Record<string, unknown>)[key] : null;
    if (f.type === 'Json' && value !== null && value !== undefined) value = JSON.stringify(value);
    const type = `${pgTypes[f.type]}${f.isList ? '[]' : ''}`;
    return Prisma.sql`${value ?? null}::${Prisma.raw(type)} AS ${Prisma.raw(`"${f.column}"`)}`;
  });
  return Prisma.sql`(SELECT ${Prisma.join(columns, ', ')} ${row ? Prisma.empty : Prisma.sql`WHERE FALSE`})`;
}

const paramTypes: Record<string, string> = {
  viewerId: 'text',
  banned: 'boolean',
  watching: 'boolean',
  readerSince: 'int',
  ownsMessage: 'boolean',
  hasInvitationCode: 'boolean',
  now: 'timestamp(3)',
  recentCount: 'int',
  after: 'int',
  upTo: 'int',
  hidden: 'boolean',
  isApp: 'boolean',
};

/** Both forms of `rule` on every case: [TypeScript, SQL] per case. */
async function bothForms(rule: Expr, cases: Case[]): Promise<[unknown, unknown][]> {
  const results: [unknown, unknown][] = [];
  for (let start = 0; start < cases.length; start += 150) {
    const chunk = cases.slice(start, start + 150);
    const selects = chunk.map((k, i) => {
      const params = Object.fromEntries(
        Object.entries(paramTypes).map(([name, type]) => [name, Prisma.sql`${(k.params[name] ?? null) as never}::${Prisma.raw(type)}`]),
      );
      const compiled = compileSql(rule, {
        tables: { c: { model: 'Conversation', alias: 'c' }, mb: { model: 'Member', alias: 'mb' }, m: { model: 'Message', alias: 'm' } },
        params,
      });
      return Prisma.sql`SELECT ${i}::int AS i, (${compiled})::text AS v
        FROM ${rowSql('Conversation', k.c)} c LEFT JOIN ${rowSql('Member', k.mb)} mb ON TRUE CROSS JOIN ${rowSql('Message', k.m)} m`;
    });
    const rows = await database.select<{ i: number; v: string | null }>(Prisma.sql`${Prisma.join(selects, ' UNION ALL ')}`);
    const byIndex = new Map(rows.map((r) => [r.i, r.v]));
    chunk.forEach((k, i) => {
      const given = { tables: { c: k.c, mb: k.mb, m: k.m }, params: k.params };
      const ts = evaluate(rule, given);
      // the compiled TypeScript form answers as the interpreted one, case for case
      expect(compiledRule(rule)(given)).toEqual(ts);
      results.push([ts, byIndex.get(i) ?? null]);
    });
  }
  return results;
}

/** A TypeScript value as PostgreSQL prints it as text. */
function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return String(value);
}

async function expectAgree(name: string, rule: Expr, cases: Case[]) {
  const results = await bothForms(rule, cases);
  results.forEach(([ts, sql], i) => {
    if (asText(ts) !== sql) {
      throw new Error(`${name} disagrees on case ${i}: TypeScript ${asText(ts)}, SQL ${sql}\n${JSON.stringify(cases[i], null, 1)}`);
    }
  });
}

const t0 = new Date('2026-01-01T00:00:00.000Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

function conversation(over: Partial<Conversation>): Conversation {
  return {
    id: 'c1',
    type: 'PRIVATE',
    isGroup: true,
    title: 't',
    profileImageUrl: null,
    customType: null,
    ownerId: 'u0',
    typingEvents: true,
    readEvents: true,
    pushNotifications: true,
    pinMessages: false,
    metaData: null,
    tags: [],
    category: null,
    subcategory: null,
    distinctKey: null,
    isFrozen: false,
    invitationCode: null,
    hideMessagesBeforeJoin: false,
    maxMemberCount: null,
    rateLimit: null,
    rateLimitWindow: null,
    flagLimit: null,
    lastSeq: 10,
    memberCount: 2,
    lastMessageAt: null,
    inputHash: null,
    createdAt: t0,
    updatedAt: t0,
    ...over,
  } as Conversation;
}

function member(over: Partial<Member>): Member {
  return {
    id: 'mb1',
    conversationId: 'c1',
    userId: 'v',
    role: 'MEMBER',
    joinedAt: t0,
    joinSeq: 0,
    leftAt: null,
    leftSeq: null,
    lastReadAt: null,
    lastReadSeq: 0,
    mute: false,
    mutedAt: null,
    mutedUntil: null,
    pushNotifications: null,
    clearedAt: null,
    clearedSeq: 0,
    deletedAt: null,
    lastActivityAt: null,
    ...over,
  } as Member;
}

function message(over: Partial<Message>): Message {
  return {
    id: 'm1',
    conversationId: 'c1',
    seq: 5,
    type: 'NORMAL',
    customType: null,
    body: 'b',
    ownerId: 'o',
    parentId: null,
    replyCount: 0,
    showInConversation: true,
    recipientIds: [],
    mentionedUsers: [],
    mentionedUserIds: [],
    attachments: [],
    attachmentTypes: [],
    metaData: null,
    encrypted: false,
    pinnedAt: null,
    pinnedById: null,
    forwardedFromId: null,
    deletedAt: null,
    editedAt: null,
    flagCount: 0,
    reactionCounts: {},
    countsUnread: true,
    trackReads: true,
    sendPush: true,
    inputHash: null,
    createdAt: t0,
    updatedAt: t0,
    ...over,
  } as Message;
}

const seq = fc.integer({ min: 0, max: 12 });
const caseArbitrary: fc.Arbitrary<Case> = fc
  .record({
    type: fc.constantFrom('PRIVATE', 'PUBLIC', 'OPEN'),
    isGroup: fc.boolean(),
    hide: fc.boolean(),
    frozen: fc.boolean(),
    rateLimit: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
    lastSeq: seq,
    hasMember: fc.boolean(),
    role: fc.constantFrom('OWNER', 'ADMIN', 'MEMBER'),
    joinSeq: seq,
    left: fc.option(seq, { nil: null }),
    cleared: seq,
    lastRead: seq,
    muted: fc.option(fc.option(fc.integer({ min: -5, max: 5 }), { nil: null }), { nil: undefined }),
    banned: fc.boolean(),
    watching: fc.boolean(),
    readerSince: fc.option(seq, { nil: null }),
    messageSeq: seq,
    owner: fc.constantFrom('v', 'o', null),
    recipients: fc.constantFrom([], ['v'], ['x'], ['x', 'v']),
    hidden: fc.boolean(),
    countsUnread: fc.boolean(),
    recalled: fc.boolean(),
    ownsMessage: fc.boolean(),
    hasInvitationCode: fc.boolean(),
    recentCount: fc.integer({ min: 0, max: 4 }),
    // the app (the API key alone): no member row, no user id
    isApp: fc.boolean(),
    conversationMuted: fc.option(fc.option(fc.integer({ min: -5, max: 5 }), { nil: null }), { nil: undefined }),
    windowUpTo: fc.option(seq, { nil: null }),
    after: seq,
  })
  .map((g) => ({
    c: conversation({
      type: g.type as Conversation['type'],
      isGroup: g.type === 'PRIVATE' ? g.isGroup : true,
      hideMessagesBeforeJoin: g.hide,
      isFrozen: g.frozen,
      rateLimit: g.rateLimit,
      rateLimitWindow: g.rateLimit === null ? null : 60,
      lastSeq: g.lastSeq,
      mutedAt: g.conversationMuted === undefined ? null : at(-10),
      mutedUntil: g.conversationMuted === undefined || g.conversationMuted === null ? null : at(g.conversationMuted),
    }),
    mb:
      g.hasMember && !g.isApp
        ? member({
            role: g.role as Member['role'],
            joinSeq: g.joinSeq,
            leftAt: g.left === null ? null : at(g.left),
            leftSeq: g.left,
            clearedSeq: g.cleared,
            lastReadSeq: g.lastRead,
            mutedAt: g.muted === undefined ? null : at(-10),
            mutedUntil: g.muted === undefined || g.muted === null ? null : at(g.muted),
          })
        : null,
    m: message({
      seq: g.messageSeq,
      ownerId: g.owner,
      recipientIds: [...g.recipients],
      countsUnread: g.countsUnread,
      deletedAt: g.recalled ? at(1) : null,
    }),
    params: {
      viewerId: g.isApp ? null : 'v',
      isApp: g.isApp,
      banned: g.isApp ? false : g.banned,
      watching: g.watching,
      readerSince: g.readerSince,
      ownsMessage: g.ownsMessage,
      hasInvitationCode: g.hasInvitationCode,
      now: t0,
      recentCount: g.recentCount,
      after: g.after,
      upTo: g.windowUpTo,
      hidden: g.hidden,
    },
  }));

const cases = fc.sample(caseArbitrary, { numRuns: 1500, seed: 20261129 });

it('runs every cell of the permission table down both forms', async () => {
  const grid: Case[] = [];
  for (const [type, isGroup] of [
    ['PRIVATE', false],
    ['PRIVATE', true],
    ['PUBLIC', true],
    ['OPEN', true],
  ] as const) {
    for (const standing of ['none', 'OWNER', 'ADMIN', 'MEMBER', 'left', 'app'] as const) {
      for (const banned of [false, true]) {
        for (const watching of [false, true]) {
          for (const owns of [false, true]) {
            grid.push({
              c: conversation({ type, isGroup }),
              mb:
                standing === 'none' || standing === 'app'
                  ? null
                  : member({
                      role: standing === 'left' ? 'MEMBER' : standing,
                      leftAt: standing === 'left' ? t0 : null,
                      leftSeq: standing === 'left' ? 3 : null,
                    }),
              m: message({}),
              params: {
                viewerId: standing === 'app' ? null : 'v',
                isApp: standing === 'app',
                banned,
                watching,
                readerSince: null,
                ownsMessage: owns,
                hasInvitationCode: owns,
                now: t0,
                recentCount: 0,
              },
            });
          }
        }
      }
    }
  }
  for (const action of actions) await expectAgree(`can(${action})`, canRule(action), grid);
  for (const [name, rule] of Object.entries({ isActiveMember, isAdmin, isOwner })) await expectAgree(name, rule, grid);
});

it('runs the window, visibility and unread rules down both forms', async () => {
  const rules: Record<string, Expr> = {
    mayRead,
    seesDetails,
    isFormerPrivateMember,
    readStart,
    windowAfter,
    windowUpTo,
    messageVisible,
    messageUnread,
    isMutedNow,
    isConversationMutedNow,
  };
  for (const [name, rule] of Object.entries(rules)) await expectAgree(name, rule, cases);
});

it('runs every check of the send right down both forms', async () => {
  for (const check of sendChecks) await expectAgree(`send: ${check.refusal}`, check.rule, cases);
});

it('evaluates with SQL NULL semantics', () => {
  // a NULL comparison is unknown, NOT unknown is unknown, and only true holds
  const rows = { tables: { c: conversation({ rateLimit: null }) }, params: {} };
  const compare: Expr = { op: 'cmp', cmp: '<', a: { op: 'col', table: 'c', field: 'rateLimit' }, b: { op: 'lit', value: 3 } };
  expect(evaluate(compare, rows)).toBeNull();
  expect(evaluate({ op: 'not', arg: compare }, rows)).toBeNull();
  expect(evaluate({ op: 'or', args: [compare, { op: 'lit', value: true }] }, rows)).toBe(true);
  expect(evaluate({ op: 'and', args: [compare, { op: 'lit', value: false }] }, rows)).toBe(false);
});
