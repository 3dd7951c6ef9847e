// The fan-out path of graphql-ws: for a subscription whose results are shared between subscribers
// (plugins/shared-subscriptions.ts), each event's result is serialised once and written to every
// socket as is, instead of passing each subscriber's copy through the envelop and graphql-ws
// pipelines. A stream that can push (live/channel.ts `pushTo`) hands its events here as they come,
// without a promise per event and subscriber; the others are pulled. Errors, and the end of the
// stream, still go through graphql-ws.
import { createSourceEventStream, execute, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { WebSocket } from 'ws';
import { masked } from '../plugins/errors.ts';
import type { Serialised, SharedResults } from '../plugins/shared-subscriptions.ts';
import { pushTo, type Pushable } from '../live/channel.ts';

interface DirectTarget {
  socket: WebSocket;
  /** the graphql-ws operation id */
  id: string;
  /** masks unexpected errors, as the server does for every result */
  mask: (error: unknown) => Error;
  /** a socket holding more unsent bytes than this is closed (slow consumer) */
  maxBufferedBytes: number;
  onSlowConsumer: () => void;
  /** the server's shared executions */
  shared: SharedResults;
}

const isEvent = (payload: unknown): payload is object => payload !== null && typeof payload === 'object' && !(payload instanceof Error);

/** graphql-ws's `subscribe` for a shareable operation on one socket. */
export async function subscribeDirect(args: ExecutionArgs, target: DirectTarget) {
  const source = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in Object(source))) return source as ExecutionResult;
  const iterator = (source as AsyncIterable<unknown>)[Symbol.asyncIterator]() as AsyncIterator<unknown> & Partial<Pushable<unknown>>;
  const key = target.shared.key(args);
  const prefix = `{"id":${JSON.stringify(target.id)},"type":"next","payload":`;
  const { socket } = target;
  const done: IteratorResult<ExecutionResult> = { value: undefined, done: true };
  let finished = false;
  /** why the stream ends with an error (a shared execution that failed), thrown to graphql-ws */
  let failure: { error: unknown } | null = null;
  const finish = async () => {
    if (finished) return;
    finished = true;
    queue.length = 0;
    settleDrained();
    await iterator.return?.();
  };

  // Results to write, in the order of their events; only the first may still be executing.
  const queue: Serialised[] = [];
  let waitingOn: Serialised | null = null;
  let drained: (() => void) | null = null;
  const settleDrained = () => {
    const resolve = drained;
    drained = null;
    resolve?.();
  };
  const write = (json: string): boolean => {
    if (finished || socket.readyState !== socket.OPEN) return false;
    socket.send(`${prefix}${json}}`);
    if (socket.bufferedAmount <= target.maxBufferedBytes) return true;
    target.onSlowConsumer();
    return false;
  };
  const flush = (): void => {
    while (queue.length > 0) {
      const head = queue[0]!;
      if (head.json === null) {
        if (head.failed) {
          failure = { error: head.error };
          void finish();
          return;
        }
        if (waitingOn !== head) {
          waitingOn = head;
          head.whenSettled!.push(flush);
        }
        return;
      }
      queue.shift();
      waitingOn = null;
      if (!write(head.json)) {
        void finish();
        return;
      }
    }
    settleDrained();
  };
  /**
   * Takes one event: its shared result is written now when serialised, else once it is (in order).
   * `admit`: for a pushed event, records it as seen in this subscriber's context should its
   * execution be the shared one (channel.ts `Pushable`); a pulled event was recorded by its stream.
   */
  const take = (payload: object, admit?: (payload: object) => void): void => {
    if (finished) return;
    queue.push(target.shared.json(args, key, payload, target.mask, admit));
    // with more queued, the first one's wait ends in a flush
    if (queue.length === 1) flush();
  };
  iterator[pushTo]?.((payload, admit) => {
    // pushed events are the stream's shared objects; anything else (an error, the end) is pulled
    if (isEvent(payload)) take(payload, admit);
  });

  // Not an async generator: its loop never yields (results go straight to the socket), and a
  // generator's return() waits for the next yield, so a client's `complete` would never end it.
  async function pump(): Promise<IteratorResult<ExecutionResult>> {
    try {
      while (!finished) {
        const next = await iterator.next();
        if (next.done || finished) break;
        const payload = next.value;
        if (!isEvent(payload)) {
          // an end of the stream (FORBIDDEN and the like): after what is queued, through graphql-ws, then complete
          if (queue.length > 0) await new Promise<void>((resolve) => (drained = resolve));
          if (finished) break;
          const result = masked((await execute({ ...args, rootValue: payload })) as ExecutionResult, target.mask);
          await finish();
          return { value: result, done: false };
        }
        take(payload);
        // the next event is pulled once this one is written, as any consumer of the stream would
        if (queue.length > 0) await new Promise<void>((resolve) => (drained = resolve));
      }
    } catch (error) {
      await finish();
      throw error;
    }
    await finish();
    if (failure) throw (failure as { error: unknown }).error;
    return done;
  }
  const stream: AsyncIterableIterator<ExecutionResult> = {
    next: () => (finished ? Promise.resolve(done) : pump()),
    return: async () => {
      await finish();
      return done;
    },
    throw: async (error: unknown) => {
      await finish();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
  return stream;
}
