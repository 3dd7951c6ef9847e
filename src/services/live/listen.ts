// Live topics folded into what a subscriber needs next, so a slow subscriber holds a number and a
// flag, not a queue of events, however fast they arrive.

export interface Wakeup {
  /** the highest seq announced so far (-1: none) */
  latest: number;
  /** something other than a new message happened that may change the subscriber's rights */
  poked: boolean;
}

export interface SeqSignal {
  /** Resolves once a seq above `seq` was announced, or a poke came; null once closed. */
  wait(seq: number): Promise<Wakeup | null>;
  close(): void;
}

/**
 * Pulls a source in the background, calling `onValue` for each value; returns its stop. `onEnd`
 * runs when the source ends by itself, not after a stop.
 */
export function pump<T>(source: AsyncIterable<T>, onValue: (value: T) => void, onEnd: () => void): () => void {
  const iterator = source[Symbol.asyncIterator]();
  let stopped = false;
  // pulling the first value starts the underlying listener now, before any replay is read
  void (async () => {
    try {
      while (!stopped) {
        const next = await iterator.next();
        if (next.done) break;
        onValue(next.value);
      }
    } finally {
      if (!stopped) onEnd();
    }
  })();
  return () => {
    stopped = true;
    void iterator.return?.();
  };
}

/**
 * Folds `seqs` (message announcements) into the highest seq seen, and `pokes` (any other events)
 * into a flag. `isPoke` picks the events of `pokes` that matter.
 */
export function listenForSeq<P, S extends { seq: number } = { seq: number }>(
  seqs: AsyncIterable<S>,
  pokes?: { source: AsyncIterable<P>; isPoke: (event: P) => boolean },
  /** sees every announcement as it arrives (metrics) */
  onAnnouncement?: (event: S) => void,
): SeqSignal {
  let latest = -1;
  let poked = false;
  let closed = false;
  let wake = null as (() => void) | null;
  const signal = () => wake?.();
  const end = () => {
    closed = true;
    signal();
  };
  const stops = [
    pump(seqs, (e) => {
      onAnnouncement?.(e);
      if (e.seq > latest) latest = e.seq;
      signal();
    }, end),
  ];
  if (pokes) {
    stops.push(
      pump(pokes.source, (e) => {
        if (!pokes.isPoke(e)) return;
        poked = true;
        signal();
      }, end),
    );
  }
  return {
    async wait(seq) {
      while (!closed && latest <= seq && !poked) {
        await new Promise<void>((resolve) => {
          wake = () => {
            wake = null;
            resolve();
          };
        });
      }
      if (closed) return null;
      const result = { latest, poked };
      poked = false;
      return result;
    },
    close() {
      if (closed) return;
      closed = true;
      for (const stop of stops) stop();
      signal();
    },
  };
}

/**
 * An async generator that a consumer can end at once. Calling return() on a generator that is
 * waiting inside (not at a yield) only takes effect when it next yields; `wakeUp` makes that wait
 * end now, so an unsubscribed stream lets go of its listeners immediately.
 */
export function endable<T>(generator: AsyncGenerator<T>, wakeUp: () => void): AsyncIterableIterator<T> {
  return {
    next: () => generator.next(),
    return: (value?: unknown) => {
      wakeUp();
      return generator.return(value as T);
    },
    throw: (error?: unknown) => {
      wakeUp();
      return generator.throw(error);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
