// A live topic folded into "the highest seq announced so far". A subscriber that reads from the
// database after each wake-up needs nothing more, so a slow subscriber holds one number, not a
// queue of events, however fast messages arrive.

export interface SeqSignal {
  /** Resolves with the highest announced seq once it is above `seq`; null once closed. */
  wait(seq: number): Promise<number | null>;
  close(): void;
}

export function listenForSeq(source: AsyncIterable<{ seq: number }>): SeqSignal {
  const iterator = source[Symbol.asyncIterator]();
  let latest = -1;
  let closed = false;
  let wake = null as (() => void) | null;

  // pulling the first event starts the underlying listener now, before any replay is read
  void (async () => {
    try {
      while (!closed) {
        const next = await iterator.next();
        if (next.done) break;
        if (next.value.seq > latest) latest = next.value.seq;
        wake?.();
      }
    } finally {
      closed = true;
      wake?.();
    }
  })();

  return {
    async wait(seq) {
      while (!closed && latest <= seq) {
        await new Promise<void>((resolve) => {
          wake = () => {
            wake = null;
            resolve();
          };
        });
      }
      return closed ? null : latest;
    },
    close() {
      if (closed) return;
      closed = true;
      wake?.();
      void iterator.return?.();
    },
  };
}
