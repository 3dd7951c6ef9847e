// Two servers in one process own what they opened: their database, pub/sub, clock and live state.
// (Before each server had its own runtime, the second one started silently took over the first
// one's database.)
import { afterAll, beforeAll, expect, it } from 'vitest';
import { errorCodes, startApp, type TestApp } from './helpers/app.ts';

let first: TestApp;
let second: TestApp;

beforeAll(async () => {
  first = await startApp();
  second = await startApp();
});
afterAll(async () => {
  await first.stop();
  await second.stop();
});

it('keeps each server on its own database', async () => {
  await first.users('only-in-first');
  await second.users('only-in-second');
  const ask = (app: TestApp, id: string) =>
    app.data<{ user: { id: string } | null }, unknown>('query ($id: ID!) { user(id: $id) { id } }', { id }, { as: 'only-in-first' });
  expect((await ask(first, 'only-in-first')).user).toEqual({ id: 'only-in-first' });
  expect(
    (await first.data<{ user: unknown }, unknown>('{ user(id: "only-in-second") { id } }', {}, { as: 'only-in-first' })).user,
  ).toBeNull();
  expect(
    (await second.data<{ user: unknown }, unknown>('{ user(id: "only-in-first") { id } }', {}, { as: 'only-in-second' })).user,
  ).toBeNull();
  expect(first.server.runtime.db).not.toBe(second.server.runtime.db);
  expect(first.server.runtime.live.feeds).not.toBe(second.server.runtime.live.feeds);
});

it('keeps each server on its own clock', async () => {
  await first.users('ann', 'bob');
  await second.users('ann', 'bob');
  const muted = async (app: TestApp) => {
    const created = await app.data<{ createConversation: { id: string } }, unknown>(
      'mutation { createConversation(input: { title: "Clock", memberIds: ["bob"] }) { id } }',
      {},
      { as: 'ann' },
    );
    const id = created.createConversation.id;
    await app.data(
      'mutation ($id: ID!) { muteMembers(conversationId: $id, userIds: ["bob"], expireInMinutes: 5) { id } }',
      { id },
      { as: 'ann' },
    );
    return id;
  };
  const a = await muted(first);
  const b = await muted(second);
  // ten minutes on, on the first server only: bob's mute there has ended
  const later = new Date(Date.now() + 10 * 60_000);
  first.server.runtime.clock.now = () => later;
  const send = (app: TestApp, id: string) =>
    app.request('mutation ($id: ID!) { sendMessage(input: { conversationId: $id, body: "hi" }) { id } }', { id }, { as: 'bob' });
  expect(errorCodes(await send(first, a))).toEqual([]);
  expect(errorCodes(await send(second, b))).toEqual(['FORBIDDEN']);
});
