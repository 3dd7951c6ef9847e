// A subscription over pub/sub topics: every event is checked against the subscriber's rights when
// it is delivered, with fresh loaders, and a subscriber that falls too far behind is ended rather
// than buffered without bound.
import type { Context } from '../context.ts';
import { renewLoaders } from '../loaders.ts';
import { AppError } from '../errors.ts';
import { Channel, mapStream } from './channel.ts';

/** How many undelivered events one subscription may hold. */
const maxPendingEvents = 256;

const behind = () =>
  new AppError('RATE_LIMITED', `You fell more than ${maxPendingEvents} events behind; subscribe again.`, { retryAfterSeconds: 1 });

/**
 * Delivers what `deliver` makes of each event: a payload, null to skip it, or an Error to deliver
 * once and end. `sources` start listening (each returns its stop) before this returns.
 */
export function eventStream<E, P>(
  ctx: Context,
  sources: ((push: (event: E) => void) => () => void)[],
  deliver: (event: E) => Promise<P | null | Error>,
): AsyncIterableIterator<P | Error> {
  const stops: (() => void)[] = [];
  const events = new Channel<E | Error>({
    limit: maxPendingEvents,
    overflow: behind,
    onEnd: () => {
      for (const stop of stops) stop();
    },
  });
  for (const source of sources) stops.push(source((event) => events.push(event)));
  let last = false;
  return mapStream(events, async (event) => {
    if (last) return null;
    if (event instanceof Error) {
      last = true;
      events.close();
      return event;
    }
    // fresh loaders for every event: nothing delivered comes from an earlier event's cache
    renewLoaders(ctx);
    const payload = await deliver(event);
    if (payload instanceof Error) {
      last = true;
      events.end();
    }
    return payload;
  });
}
