/* eslint-disable @typescript-eslint/no-explicit-any -- these tests read GraphQL answers loosely */
// The before-send hook on a real HTTP receiver: it sees each message a user sends, broadcasts or
// edits, signed like a webhook; it allows, rejects (FORBIDDEN with its reason, nothing written),
// replaces fields, or fails (no answer in time, a bad answer), and onFailure decides then.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Webhook as Verifier } from 'standardwebhooks';
import { errorCodes, startApp, type TestApp } from './helpers/app.ts';
import { startReceiver, type Receiver } from './helpers/receiver.ts';

let app: TestApp;
let hook: Receiver;
let conversationId: string;

const SetHook = `mutation ($url: String!, $timeoutMs: Int, $onFailure: BeforeSendFallback, $secret: String) {
  setBeforeSendHook(url: $url, timeoutMs: $timeoutMs, onFailure: $onFailure, secret: $secret) { url secret timeoutMs onFailure }
}`;
const Send = 'mutation ($input: SendMessageInput!) { sendMessage(input: $input) { id body metaData } }';
const Count = 'query ($c: ID!) { messages(conversationId: $c, first: 100) { totalCount } }';

beforeAll(async () => {
  app = await startApp();
  hook = await startReceiver();
  await app.users('ann', 'bob');
  const { createConversation } = await app.data<any, object>(
    'mutation { createConversation(input: { title: "T", memberIds: ["bob"] }) { id } }',
    {},
    { as: 'ann' },
  );
  conversationId = createConversation.id;
});

afterAll(async () => {
  await hook.close();
  await app.stop();
});

beforeEach(async () => {
  hook.received.length = 0;
  await app.data('mutation { removeBeforeSendHook }', {}, { apiKey: true });
});

async function setHook(variables: Record<string, unknown> = {}) {
  const { setBeforeSendHook } = await app.data<any, object>(SetHook, { url: `${hook.url}/check`, ...variables }, { apiKey: true });
  return setBeforeSendHook as { url: string; secret: string; timeoutMs: number; onFailure: string };
}

const count = async () => (await app.data<any, object>(Count, { c: conversationId }, { as: 'ann' })).messages.totalCount as number;

describe('configuration', () => {
  it('belongs to the API key, with checked settings and defaults', async () => {
    expect(errorCodes(await app.request(SetHook, { url: `${hook.url}/x` }, { as: 'ann' }))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await app.request('{ beforeSendHook { url } }', {}, { as: 'ann' }))).toEqual(['FORBIDDEN']);
    for (const variables of [
      { url: 'nope' },
      { url: `${hook.url}/x`, timeoutMs: 10 },
      { url: `${hook.url}/x`, timeoutMs: 60_000 },
      { url: `${hook.url}/x`, secret: 'abc' },
    ]) {
      expect(errorCodes(await app.request(SetHook, variables, { apiKey: true }))).toEqual(['BAD_USER_INPUT']);
    }
    const set = await setHook();
    expect(set).toMatchObject({ timeoutMs: 2000, onFailure: 'ALLOW' });
    expect(set.secret).toMatch(/^whsec_/);
    expect((await app.data<any, object>('{ beforeSendHook { url } }', {}, { apiKey: true })).beforeSendHook.url).toBe(`${hook.url}/check`);
    expect((await app.data<any, object>('mutation { removeBeforeSendHook }', {}, { apiKey: true })).removeBeforeSendHook).toBe(true);
    expect((await app.data<any, object>('{ beforeSendHook { url } }', {}, { apiKey: true })).beforeSendHook).toBeNull();
  });
});

describe('a send', () => {
  it('is shown to the hook, signed, and goes when it allows', async () => {
    const { secret } = await setHook();
    hook.answer = () => ({ body: { action: 'allow' } });
    const { sendMessage } = await app.data<any, object>(
      Send,
      { input: { conversationId, body: 'hello', metaData: { a: 1 } } },
      { as: 'bob' },
    );
    expect(sendMessage.body).toBe('hello');
    expect(hook.received).toHaveLength(1);
    const request = new Verifier(secret).verify(
      hook.received[0]!.body.toString(),
      hook.received[0]!.headers as Record<string, string>,
    ) as any;
    expect(request).toMatchObject({
      type: 'message.before_send',
      data: { action: 'send', senderId: 'bob', conversationId, message: { type: 'NORMAL', body: 'hello', metaData: { a: 1 } } },
    });
  });

  it('is refused with the reason when the hook rejects, and nothing is written', async () => {
    await setHook();
    hook.answer = () => ({ body: { action: 'reject', reason: 'No links, please.' } });
    const before = await count();
    const result = await app.request(Send, { input: { conversationId, body: 'buy at http://spam' } }, { as: 'bob' });
    expect(errorCodes(result)).toEqual(['FORBIDDEN']);
    expect(result.errors![0]!.message).toBe('The message was refused: No links, please.');
    expect(result.errors![0]!.extensions!.reason).toBe('No links, please.');
    expect(await count()).toBe(before);
  });

  it('goes with the fields the hook replaces, checked like the sender’s own', async () => {
    await setHook();
    hook.answer = () => ({ body: { action: 'replace', message: { body: 'hello ****', metaData: { moderated: true } } } });
    const { sendMessage } = await app.data<any, object>(Send, { input: { conversationId, body: 'hello darn' } }, { as: 'bob' });
    expect(sendMessage).toMatchObject({ body: 'hello ****', metaData: { moderated: true } });
    // a replacement that is no valid message is the hook's failure (onFailure ALLOW: sent as it was)
    hook.answer = () => ({ body: { action: 'replace', message: { body: 'x'.repeat(20_000) } } });
    const kept = await app.data<any, object>(Send, { input: { conversationId, body: 'as sent' } }, { as: 'bob' });
    expect(kept.sendMessage.body).toBe('as sent');
  });

  it('follows onFailure when the hook does not answer in time or answers nonsense', async () => {
    await setHook({ timeoutMs: 200, onFailure: 'ALLOW' });
    // the hook rejects, but only after 10 s: a send that waited for the answer would be refused,
    // so one that goes was sent when the 200 ms were up (a bound on the time would fail on a
    // loaded machine)
    hook.answer = () => ({ delayMs: 10_000, body: { action: 'reject' } });
    const started = Date.now();
    const allowed = await app.data<any, object>(Send, { input: { conversationId, body: 'slow hook, allowed' } }, { as: 'bob' });
    expect(allowed.sendMessage.body).toBe('slow hook, allowed');
    // the hook was asked, and waited for until the time was up
    expect(hook.received).toHaveLength(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);

    await setHook({ timeoutMs: 200, onFailure: 'REFUSE' });
    const before = await count();
    const refused = await app.request(Send, { input: { conversationId, body: 'slow hook, refused' } }, { as: 'bob' });
    expect(errorCodes(refused)).toEqual(['FORBIDDEN']);
    expect(refused.errors![0]!.message).toMatch(/could not be checked/);
    hook.answer = () => ({ status: 200, body: 'not json' });
    expect(errorCodes(await app.request(Send, { input: { conversationId, body: 'nonsense' } }, { as: 'bob' }))).toEqual(['FORBIDDEN']);
    hook.answer = () => ({ status: 500, body: { action: 'allow' } });
    expect(errorCodes(await app.request(Send, { input: { conversationId, body: 'error' } }, { as: 'bob' }))).toEqual(['FORBIDDEN']);
    expect(await count()).toBe(before);
  });

  it('is not asked again for an idempotent retry, and not at all without a hook', async () => {
    await setHook();
    hook.answer = () => ({ body: { action: 'allow' } });
    const input = { id: 'client-id-before-send-1', conversationId, body: 'once' };
    await app.data(Send, { input }, { as: 'bob' });
    await app.data(Send, { input }, { as: 'bob' });
    expect(hook.received).toHaveLength(1);
    await app.data('mutation { removeBeforeSendHook }', {}, { apiKey: true });
    await app.data(Send, { input: { conversationId, body: 'no hook' } }, { as: 'bob' });
    expect(hook.received).toHaveLength(1);
  });
});

describe('a broadcast and an edit', () => {
  it('are shown to the hook too, and its answer applies', async () => {
    await setHook();
    hook.answer = (r) => {
      const data = (r.json as any).data;
      if (data.action === 'broadcast') return { body: { action: 'reject', reason: 'no broadcasts' } };
      if (data.action === 'edit') return { body: { action: 'replace', message: { body: `${data.message.body} (edited, checked)` } } };
      return { body: { action: 'allow' } };
    };
    const broadcast = await app.request(
      'mutation ($c: ID!) { broadcastMessage(input: { conversationIds: [$c], body: "all" }) { id } }',
      { c: conversationId },
      { as: 'bob' },
    );
    expect(errorCodes(broadcast)).toEqual(['FORBIDDEN']);
    expect(broadcast.errors![0]!.message).toBe('The message was refused: no broadcasts');
    const { sendMessage } = await app.data<any, object>(Send, { input: { conversationId, body: 'first' } }, { as: 'bob' });
    const { editMessage } = await app.data<any, object>(
      'mutation ($id: ID!) { editMessage(messageId: $id, input: { body: "second" }) { body } }',
      { id: sendMessage.id },
      { as: 'bob' },
    );
    expect(editMessage.body).toBe('second (edited, checked)');
    const edit = hook.received.map((r) => (r.json as any).data).find((d) => d.action === 'edit');
    expect(edit).toMatchObject({ senderId: 'bob', conversationId, messageId: sendMessage.id, message: { body: 'second' } });
  });
});
