// A subscription over one topic: every event is checked against the subscriber's rights when it is
// delivered, with fresh loaders, and a subscriber that falls too far behind is ended rather than
// buffered without bound.
import type { Context } from '../../context.ts';
import { renewLoaders } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { endable, pump } from './listen.ts';

/** How many undelivered events one subscription may hold. */
export const maxPendingEvents = 256;

/**
 * Yields what `deliver` makes of each event: a payload, null to skip it, or an Error to deliver
 * once and end. The source is pulled eagerly, so it is listening before this returns.
 */
export function eventStream<E, P>(
  ctx: Context,
  viewer: string,
  sources: (AsyncIterable<E> | ((push: (event: E) => void) => () => void))[],
  deliver: (event: E) => Promise<P | null | Error>,
): AsyncIterable<P | Error> {
  const pending: E[] = [];
  let overflow = false;
  let ended = false;
  let wake = null as (() => void) | null;
  const signal = () => wake?.();
  const push = (event: E) => {
    if (ended) return;
    if (pending.length >= maxPendingEvents) overflow = true;
    else pending.push(event);
    signal();
  };
  const stops = sources.map((source) => (typeof source === 'function' ? source(push) : pump(source, push, () => {
    ended = true;
    signal();
  })));

  const stream = (async function* () {
    try {
      while (true) {
        while (pending.length === 0 && !overflow && !ended) {
          await new Promise<void>((resolve) => {
            wake = () => {
              wake = null;
              resolve();
            };
          });
        }
        if (overflow) {
          yield new AppError('RATE_LIMITED', `You fell more than ${maxPendingEvents} events behind; subscribe again.`, {
            retryAfterSeconds: 1,
          });
          return;
        }
        const event = pending.shift();
        if (event === undefined) return;
        // fresh loaders for every event: nothing delivered comes from an earlier event's cache
        renewLoaders(ctx);
        const payload = await deliver(event);
        if (payload === null) continue;
        yield payload;
        if (payload instanceof Error) return;
      }
    } finally {
      ended = true;
      for (const stop of stops) stop();
    }
  })();
  return endable(stream, () => {
    ended = true;
    signal();
  });
}
