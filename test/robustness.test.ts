// Live connections under abuse: dead peers (no pong), slow consumers, too many subscriptions.
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startApp, type TestApp } from './helpers/app.ts';
import { until, untilLive, wsClient } from './helpers/ws.ts';
import { testConfig } from '../src/config.ts';
import { closeCodes } from '../src/transport/ws.ts';
import type { PrismaClient } from '../src/db/client.ts';

/** the test app's own database */
let prisma: PrismaClient;

let app: TestApp;
let conversationId: string;

beforeAll(async () => {
  app = await startApp({
    live: { ...testConfig().live, pingIntervalSeconds: 1, maxBufferedBytes: 16 * 1024, maxSubscriptionsPerConnection: 3 },
  });
  prisma = app.server.database.prisma;
  await app.listen();
  await app.users('ann', 'bob', 'cat');
  const created = (await app.data(
    'mutation { createConversation(input: { title: "Robust", memberIds: ["bob", "cat"] }) { id } }',
    undefined,
    { as: 'ann' },
  )) as { createConversation: { id: string } };
  conversationId = created.createConversation.id;
});
afterAll(() => app.stop());

/** A graphql-transport-ws client by hand, to misbehave on purpose. */
async function rawSocket(user: string, options: { autoPong?: boolean } = {}) {
  const socket = new WebSocket(app.url.replace(/^http/, 'ws'), 'graphql-transport-ws', { autoPong: options.autoPong ?? true });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  const messages: { type: string; id?: string; payload?: unknown }[] = [];
  socket.on('message', (data) => messages.push(JSON.parse(String(data))));
  await new Promise((resolve) => socket.once('open', resolve));
  socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${await app.token(user)}` } }));
  await until(() => messages.some((m) => m.type === 'connection_ack'), 5_000, 'connection_ack');
  const subscribe = (id: string, query: string, variables: Record<string, unknown>) =>
    socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query, variables } }));
  return { socket, closed, messages, subscribe };
}

const added = 'subscription ($id: ID!) { messageAdded(conversationId: $id) { seq body } }';

it('closes a socket that stops answering pings', async () => {
  const peer = await rawSocket('bob', { autoPong: false });
  const started = Date.now();
  const { code } = await peer.closed;
  expect([closeCodes.noPong, 1006]).toContain(code);
  expect(Date.now() - started).toBeLessThan(6_000);
});

it('keeps an answering socket open', async () => {
  const peer = await rawSocket('bob');
  await new Promise((r) => setTimeout(r, 3_500));
  expect(peer.socket.readyState).toBe(WebSocket.OPEN);
  peer.socket.close();
});

it('does not let a slow consumer delay the others, and closes it', async () => {
  const slow = await rawSocket('cat');
  slow.subscribe('1', added, { id: conversationId });
  const fast = wsClient(app.url, { authorization: `Bearer ${await app.token('bob')}` });
  const fastSub = fast.subscribe(added, { id: conversationId });
  // both live: wait for a first message on each
  let lastWarmUp = 0;
  await untilLive(
    () => fastSub.results.length > 0 && slow.messages.some((m) => m.type === 'next'),
    async () => {
      const { sendMessage } = await app.data<{ sendMessage: { seq: number } }, object>(
        'mutation ($input: SendMessageInput!) { sendMessage(input: $input) { seq } }',
        { input: { conversationId, body: 'warm-up' } },
        { as: 'ann' },
      );
      lastWarmUp = sendMessage.seq;
    },
    { what: 'both subscriptions', watching: [fastSub] },
  );
  // every warm-up message has reached the fast one, so that what it gets next is the burst's
  await until(
    () => fastSub.results.some((r) => (r.data as { messageAdded: { seq: number } }).messageAdded.seq >= lastWarmUp),
    10_000,
    'the last warm-up message',
  );
  // the slow consumer stops reading
  (slow.socket as unknown as { _socket: { pause(): void } })._socket.pause();
  const before = fastSub.results.length;
  const big = 'x'.repeat(8_000);
  const count = 150;
  const started = Date.now();
  for (let i = 0; i < count; i++) {
    await app.data(
      'mutation ($input: SendMessageInput!) { sendMessage(input: $input) { id } }',
      { input: { conversationId, body: `${i} ${big}` } },
      { as: 'ann' },
    );
  }
  await fastSub.waitFor(before + count, 20_000);
  const elapsed = Date.now() - started;
  // the server gave up on the slow socket: its connection is gone from the registry
  await until(async () => (await prisma.connection.count({ where: { userId: 'cat' } })) === 0, 15_000, 'the slow socket to be closed');
  (slow.socket as unknown as { _socket: { resume(): void } })._socket.resume();
  const { code } = await slow.closed;
  expect([closeCodes.slowConsumer, closeCodes.noPong, 1006]).toContain(code);
  expect(fastSub.results.slice(before).map((r) => (r.data as { messageAdded: { body: string } }).messageAdded.body.split(' ')[0])).toEqual(
    Array.from({ length: count }, (_, i) => String(i)),
  );
  expect(elapsed).toBeLessThan(20_000);
  fastSub.stop();
  await fast.dispose();
}, 60_000);

it('caps subscriptions per connection', async () => {
  const peer = await rawSocket('bob');
  for (const id of ['a', 'b', 'c', 'd']) peer.subscribe(id, added, { id: conversationId });
  await until(() => peer.messages.some((m) => m.type === 'error' && m.id === 'd'), 5_000, 'the fourth to be refused');
  const refused = peer.messages.find((m) => m.type === 'error' && m.id === 'd')!;
  expect(JSON.stringify(refused.payload)).toContain('RATE_LIMITED');
  expect(peer.messages.some((m) => m.type === 'error' && m.id !== 'd')).toBe(false);
  // completing one frees a place
  peer.socket.send(JSON.stringify({ id: 'a', type: 'complete' }));
  await new Promise((r) => setTimeout(r, 100));
  peer.subscribe('e', added, { id: conversationId });
  await new Promise((r) => setTimeout(r, 300));
  expect(peer.messages.some((m) => m.type === 'error' && m.id === 'e')).toBe(false);
  peer.socket.close();
});
