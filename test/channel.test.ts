// The live side's one building block (src/live/channel.ts): values reach one consumer in order, a
// coalescing channel wakes once for many pushes, a bounded one ends with its overflow value, and
// return() ends a waiting consumer at once.
import { describe, expect, it } from 'vitest';
import { Channel, mapStream, stoppable } from '../src/live/channel.ts';

describe('Channel', () => {
  it('hands pushed values to the consumer in order, waiting for them when there are none', async () => {
    const channel = new Channel<number>();
    channel.push(1);
    const waiting = (async () => [await channel.next(), await channel.next()])();
    channel.push(2);
    expect((await waiting).map((r) => r.value)).toEqual([1, 2]);
  });

  it('coalesces: any number of pushes before a take count once', async () => {
    const channel = new Channel<void>({ coalesce: true });
    for (let i = 0; i < 5; i++) channel.push();
    expect(await channel.next()).toEqual({ value: undefined, done: false });
    let woke = false;
    void channel.next().then(() => (woke = true));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(woke).toBe(false);
    channel.push();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(woke).toBe(true);
  });

  it('ends with its overflow value when the consumer falls behind the limit', async () => {
    const ends: string[] = [];
    const channel = new Channel<string>({ limit: 2, overflow: () => 'behind', onEnd: () => ends.push('ended') });
    expect([channel.push('a'), channel.push('b'), channel.push('c')]).toEqual([true, true, false]);
    expect(channel.push('d')).toBe(false);
    const taken: (string | undefined)[] = [];
    for await (const value of channel) taken.push(value);
    expect(taken).toEqual(['behind']);
    expect(ends).toEqual(['ended']);
  });

  it('delivers what is buffered after close(), then ends; end() drops it', async () => {
    const closed = new Channel<number>();
    closed.push(1);
    closed.push(2);
    closed.close();
    expect(closed.push(3)).toBe(false);
    const got: number[] = [];
    for await (const value of closed) got.push(value);
    expect(got).toEqual([1, 2]);
    const ended = new Channel<number>();
    ended.push(1);
    ended.end();
    expect(await ended.next()).toEqual({ value: undefined, done: true });
  });

  it('ends a waiting consumer at once on return(), and runs onEnd once', async () => {
    let ends = 0;
    const channel = new Channel<number>({ onEnd: () => ends++ });
    const waiting = channel.next();
    await channel.return();
    expect(await waiting).toEqual({ value: undefined, done: true });
    channel.end();
    expect(ends).toBe(1);
  });
});

describe('helpers', () => {
  it('stoppable ends a generator that waits inside, not at a yield', async () => {
    const wake = new Channel<void>({ coalesce: true });
    let finished = false;
    const generator = (async function* () {
      try {
        yield 1;
        await wake.next(); // waits here, not at a yield
        yield 2;
      } finally {
        finished = true;
      }
    })();
    const stream = stoppable(generator, wake);
    expect((await stream.next()).value).toBe(1);
    const pending = stream.next();
    await stream.return!();
    await pending;
    expect(finished).toBe(true);
  });

  it('mapStream skips what maps to null and passes return() to the source', async () => {
    const source = new Channel<number>();
    const mapped = mapStream(source, (v) => (v % 2 ? v * 10 : null));
    for (const v of [1, 2, 3]) source.push(v);
    expect((await mapped.next()).value).toBe(10);
    expect((await mapped.next()).value).toBe(30);
    await mapped.return!();
    expect(source.ended).toBe(true);
  });
});
