// The one building block of the live side: a Channel carries values from whoever pushes them to
// one consumer that awaits them, with wake-ups, a bounded buffer and ending in one place. Every
// stream is built on it: a feed's "new messages" signal and a subscriber's wake-up are coalescing
// channels (any number of pushes before the next take count once), an event stream is a bounded
// channel that ends with an error when its consumer falls too far behind, and a consumer's
// return() ends a stream at once, even while it waits.

interface ChannelOptions<T> {
  /** pushes before the next take count once (a wake-up, not a queue) */
  coalesce?: boolean;
  /** values held at most; the push past it ends the channel with `overflow()` as its last value */
  limit?: number;
  overflow?: () => T;
  /** runs once when the channel ends, however it ends */
  onEnd?: () => void;
}

const done: IteratorResult<never> = { value: undefined, done: true };

export class Channel<T> implements AsyncIterableIterator<T> {
  readonly #buffer: T[] = [];
  readonly #options: ChannelOptions<T>;
  #waiting: ((result: IteratorResult<T>) => void) | null = null;
  /** no more pushes; what is buffered is still taken */
  #closing = false;
  #ended = false;

  constructor(options: ChannelOptions<T> = {}) {
    this.#options = options;
  }

  get ended(): boolean {
    return this.#ended;
  }

  /** Hands a value to the consumer (or keeps it until taken); false once the channel is closed. */
  push(value: T): boolean {
    if (this.#closing || this.#ended) return false;
    if (this.#waiting) {
      const resolve = this.#waiting;
      this.#waiting = null;
      resolve({ value, done: false });
      return true;
    }
    if (this.#options.coalesce && this.#buffer.length > 0) return true;
    const limit = this.#options.limit ?? Number.POSITIVE_INFINITY;
    if (this.#buffer.length >= limit) {
      this.#buffer.length = 0;
      if (this.#options.overflow) this.#buffer.push(this.#options.overflow());
      this.close();
      return false;
    }
    this.#buffer.push(value);
    return true;
  }

  /** No more pushes: the consumer takes what is buffered, then the channel ends. */
  close(): void {
    if (this.#closing || this.#ended) return;
    this.#closing = true;
    if (this.#buffer.length === 0) this.#finish();
  }

  /** Ends now: a waiting take resolves done and buffered values are dropped. */
  end(): void {
    this.#buffer.length = 0;
    this.#closing = true;
    this.#finish();
  }

  #finish(): void {
    if (this.#ended) return;
    this.#ended = true;
    const resolve = this.#waiting;
    this.#waiting = null;
    resolve?.(done);
    this.#options.onEnd?.();
  }

  next(): Promise<IteratorResult<T>> {
    if (this.#buffer.length > 0) {
      const value = this.#buffer.shift() as T;
      if (this.#closing && this.#buffer.length === 0) this.#finish();
      return Promise.resolve({ value, done: false });
    }
    if (this.#ended) return Promise.resolve(done);
    if (this.#waiting) throw new Error('a Channel has one consumer');
    return new Promise((resolve) => (this.#waiting = resolve));
  }

  return(): Promise<IteratorResult<T>> {
    this.end();
    return Promise.resolve(done);
  }

  throw(error?: unknown): Promise<IteratorResult<T>> {
    this.end();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

/**
 * A stream that can also hand values straight to its consumer: `[pushTo](sink)` asks it to call
 * `sink` with each value it has at once, in order, instead of resolving a pending next() with it
 * (at fan-out, a promise and a resume per value and subscriber). A value goes one way, never both;
 * errors and the end still come through next().
 * `admit(value)` records in the subscriber's context that the value passed the access rules
 * (access/views.ts markSeen), which the schema's guard asks of whatever it executes. It is called
 * with the value just handed over and no other. A pushed value is not yet recorded: the consumer
 * admits it before executing anything with that context, and only then. At fan-out one
 * subscriber's execution serves them all, and recording each delivery in each subscriber's set
 * cost more than any other step of it (one WeakSet entry per subscriber and message, read by no
 * one).
 */
export const pushTo = Symbol('pushTo');
export interface Pushable<T> {
  [pushTo](sink: (value: T, admit: (value: T) => void) => void): void;
}

/**
 * A stream made by an async generator that waits on `wake`: return() ends `wake` first, so a
 * generator waiting inside (not at a yield) finishes now instead of at its next value.
 */
export function stoppable<T>(generator: AsyncGenerator<T>, wake: { end(): void }): AsyncIterableIterator<T> {
  return {
    next: () => generator.next(),
    return: (value?: unknown) => {
      wake.end();
      return generator.return(value as T);
    },
    throw: (error?: unknown) => {
      wake.end();
      return generator.throw(error);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/**
 * Maps a stream: `map` turns each value into the value to deliver, or null to skip it. Not a
 * generator, so the consumer's return() reaches the source at once.
 */
export function mapStream<T, R>(source: AsyncIterator<T>, map: (value: T) => Promise<R | null> | R | null): AsyncIterableIterator<R> {
  return {
    async next() {
      for (;;) {
        const next = await source.next();
        if (next.done) return done;
        const value = await map(next.value);
        if (value !== null) return { value, done: false };
      }
    },
    async return() {
      await source.return?.();
      return done;
    },
    async throw(error?: unknown) {
      await source.return?.();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
