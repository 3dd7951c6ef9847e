// The pub/sub's listeners (src/live/pubsub.ts): in memory always, and over the machine's Redis when
// REDIS_URL is set (the suite's second run): each listener hears its topic (and id) in order until
// stopped, and one that throws is logged without stopping the publisher or the others.
import { PassThrough } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.ts';
import { openPubSub, type PubSubHandle } from '../src/live/pubsub.ts';

const kinds = [
  { kind: 'memory', url: undefined },
  ...(process.env.REDIS_URL ? [{ kind: 'redis', url: process.env.REDIS_URL }] : []),
] as const;

let open: PubSubHandle[] = [];
afterEach(async () => {
  await Promise.all(open.map((h) => h.close()));
  open = [];
});

async function opened(url: string | undefined) {
  const lines: string[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString().trim().split('\n')));
  const handle = await openPubSub(createLogger('debug', stream), url, `pubsub-test-${randomUUID()}:`);
  open.push(handle);
  return { pubsub: handle.pubsub, lines };
}

/** Waits until `check` holds (Redis hands events over asynchronously). */
async function until(check: () => boolean) {
  await expect.poll(check, { timeout: 5_000, interval: 5 }).toBe(true);
}

/** Redis answers one connection's commands in order: a probe heard means the listeners before it took. */
async function listening(pubsub: PubSubHandle['pubsub']) {
  let heard = false;
  const stop = pubsub.listen('app:setting', () => (heard = true));
  await until(() => {
    if (!heard) pubsub.publish('app:setting', 'probe');
    return heard;
  });
  stop();
}

describe.each(kinds)('pub/sub ($kind)', ({ url }) => {
  it('hands each listener its topic and id, in order, until stopped', async () => {
    const { pubsub } = await opened(url);
    const one: number[] = [];
    const other: number[] = [];
    const all: string[] = [];
    const stopOne = pubsub.listen('message:added', 'c1', (e) => one.push(e.seq));
    pubsub.listen('message:added', 'c2', (e) => other.push(e.seq));
    pubsub.listen('inbox:event', (n) => all.push(n.conversationId));
    await listening(pubsub);
    for (const seq of [1, 2, 3]) pubsub.publish('message:added', 'c1', { messageId: `m${seq}`, seq });
    pubsub.publish('message:added', 'c2', { messageId: 'x', seq: 9 });
    pubsub.publish('inbox:event', { conversationId: 'c1', audience: null, event: { kind: 'conversationRead', conversationId: 'c1' } });
    await until(() => one.length === 3 && other.length === 1 && all.length === 1);
    expect(one).toEqual([1, 2, 3]);
    expect(other).toEqual([9]);
    expect(all).toEqual(['c1']);

    stopOne();
    pubsub.publish('message:added', 'c1', { messageId: 'm4', seq: 4 });
    pubsub.publish('message:added', 'c2', { messageId: 'y', seq: 10 });
    await until(() => other.length === 2);
    expect(one).toEqual([1, 2, 3]);
  });

  it('logs a listener that throws, and goes on with the others and later events', async () => {
    const { pubsub, lines } = await opened(url);
    const heard: string[] = [];
    pubsub.listen('app:setting', (key) => {
      if (key === 'bad') throw new Error('listener broke');
    });
    pubsub.listen('app:setting', (key) => heard.push(key));
    await listening(pubsub);
    expect(() => pubsub.publish('app:setting', 'bad')).not.toThrow();
    pubsub.publish('app:setting', 'good');
    await until(() => heard.includes('good'));
    expect(heard.filter((k) => k !== 'probe')).toEqual(['bad', 'good']);
    await until(() => lines.some((l) => l.includes('a pub/sub listener failed')));
    expect(lines.find((l) => l.includes('a pub/sub listener failed'))).toContain('listener broke');
  });

  it('calls a listener of a topic without payload', async () => {
    const { pubsub } = await opened(url);
    let wakes = 0;
    pubsub.listen('outbox:wake', () => (wakes += 1));
    await listening(pubsub);
    pubsub.publish('outbox:wake');
    await until(() => wakes === 1);
  });
});

it('in memory, hands the publisher’s own object to listeners, synchronously', async () => {
  const { pubsub } = await opened(undefined);
  const event = { messageId: 'm', seq: 1 };
  let got: unknown = null;
  pubsub.listen('message:added', 'c', (e) => (got = e));
  pubsub.publish('message:added', 'c', event);
  expect(got).toBe(event);
});
