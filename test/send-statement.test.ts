// The send statement's text is kept per shape (src/sql/send.ts): a send binds its own values to the
// text the first send of its shape built. That is right only while the shape names every choice
// the text makes. Any input the builder takes is drawn here; every build of one shape must give
// the same text, and its values must fill its placeholders.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sendStatement, sendStatementShape, type NewMessage } from '../src/sql/send.ts';
import type { Outbox } from '../src/db/transaction.ts';

const id = fc.string({ minLength: 1, maxLength: 12 });
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
const json = fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.string(), fc.integer(), fc.boolean()), { maxKeys: 3 });

const newMessage: fc.Arbitrary<NewMessage> = fc.record(
  {
    id,
    type: fc.constantFrom('NORMAL', 'FILE', 'ADMIN' as const),
    customType: maybe(fc.string()),
    body: maybe(fc.string()),
    ownerId: maybe(id),
    parentId: maybe(id),
    showInConversation: fc.boolean(),
    recipientIds: fc.array(id, { maxLength: 3 }),
    mentionedUsers: fc.array(fc.record({ userId: id, wordCount: fc.nat(), order: fc.nat() }), { maxLength: 2 }),
    attachments: fc.array(fc.record({ type: fc.constantFrom('image', 'file'), url: fc.string() }), { maxLength: 2 }),
    metaData: maybe(json),
    encrypted: fc.boolean(),
    forwardedFromId: maybe(id),
    updateUnreadCount: fc.boolean(),
    sendPushNotification: fc.boolean(),
    createdAt: fc.date({ noInvalidDate: true }),
    inputHash: maybe(fc.string()),
  },
  { requiredKeys: ['type', 'ownerId'] },
) as fc.Arbitrary<NewMessage>;

const call = fc.record({
  conversationId: id,
  data: newMessage,
  sender: maybe(id),
  inTransaction: fc.boolean(),
  now: fc.date({ noInvalidDate: true }),
});

const fakeOutbox = {} as Outbox;

describe('the send statement kept per shape', () => {
  it('has one text per shape, whatever the message, and values for each of its placeholders', () => {
    const texts = new Map<string, string>();
    for (const c of fc.sample(call, { numRuns: 600, seed: 20261130 })) {
      const statement = sendStatement(c.conversationId, c.data, {
        now: c.now,
        sender: c.sender,
        outbox: c.inTransaction ? fakeOutbox : undefined,
      });
      const everyone = (c.data.recipientIds ?? []).length === 0;
      const shape = sendStatementShape(c.sender, everyone);
      const kept = texts.get(shape);
      if (kept === undefined) texts.set(shape, statement.text);
      else expect(statement.text).toBe(kept);
      const placeholders = new Set([...statement.text.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
      expect(placeholders.size).toBe(statement.values.length);
      expect(Math.max(...placeholders)).toBe(statement.values.length);
    }
    // all four shapes were drawn: a sender or the server, for everyone or some
    expect([...texts.keys()].sort()).toEqual(['false:false', 'false:true', 'true:false', 'true:true']);
  });

  it('tells the shapes apart: each gives a different text', () => {
    const data: NewMessage = { type: 'NORMAL', ownerId: 'u1', body: 'hi' };
    const now = new Date('2026-11-30T00:00:00Z');
    const texts = [
      sendStatement('c1', data, { now, sender: 'u1' }),
      sendStatement('c1', data, { now, sender: null }),
      sendStatement('c1', { ...data, recipientIds: ['u2'] }, { now, sender: 'u1' }),
      sendStatement('c1', { ...data, recipientIds: ['u2'] }, { now, sender: null }),
    ].map((s) => s.text);
    expect(new Set(texts).size).toBe(4);
  });
});
