// Concurrent senders: seq stays contiguous with no gap, and every unread count stays exact.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startApp, type TestApp } from './helpers/app.ts';
import type { PrismaClient } from '../src/db/client.ts';

/** the test app's own database */
let prisma: PrismaClient;

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
  prisma = app.server.database.prisma;
});
afterAll(() => app.stop());

it('keeps seq contiguous and unread counts exact with 20 concurrent senders', async () => {
  const senders = Array.from({ length: 20 }, (_, i) => `sender${i}`);
  await prisma.user.createMany({ data: [...senders, 'reader'].map((id) => ({ id, displayName: id })) });
  const { createConversation } = (await app.data(
    'mutation ($input: CreateConversationInput!) { createConversation(input: $input) { id } }',
    { input: { title: 'Busy', memberIds: [...senders.slice(1), 'reader'] } },
    { as: senders[0] },
  )) as { createConversation: { id: string } };
  const id = createConversation.id;
  const perSender = 3;
  const send = (as: string, i: number) =>
    app.data(
      'mutation ($input: SendMessageInput!) { sendMessage(input: $input) { seq } }',
      { input: { conversationId: id, body: `${as} ${i}` } },
      { as },
    );
  // everyone sends at once, while the reader marks the conversation read in the middle
  const results = await Promise.all([
    ...senders.flatMap((s) => Array.from({ length: perSender }, (_, i) => send(s, i))),
    app.data('mutation ($id: ID!) { markConversationRead(conversationId: $id) { id } }', { id }, { as: 'reader' }),
  ]);
  expect(results).toHaveLength(senders.length * perSender + 1);

  const seqs = (await prisma.message.findMany({ where: { conversationId: id }, select: { seq: true }, orderBy: { seq: 'asc' } })).map(
    (m) => m.seq,
  );
  const total = senders.length * perSender + 1; // and the ADMIN message of creation
  expect(seqs).toEqual(Array.from({ length: total }, (_, i) => i + 1));
  expect((await prisma.conversation.findUniqueOrThrow({ where: { id } })).lastSeq).toBe(total);

  for (const member of [...senders, 'reader']) {
    const { conversation } = (await app.data(
      'query ($id: ID!) { conversation(id: $id) { unreadMessageCount } }',
      { id },
      { as: member },
    )) as {
      conversation: { unreadMessageCount: number };
    };
    const position = await prisma.member.findFirstOrThrow({ where: { conversationId: id, userId: member } });
    const expected = await prisma.message.count({
      where: { conversationId: id, seq: { gt: position.lastReadSeq }, countsUnread: true, ownerId: { not: member } },
    });
    expect(conversation.unreadMessageCount, member).toBe(expected);
    if (member !== 'reader') expect(expected).toBe((senders.length - 1) * perSender);
  }
});
