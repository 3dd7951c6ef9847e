// The fan-out path of graphql-ws: for a subscription whose results are shared between subscribers
// (plugins/shared-subscriptions.ts), each event's result is serialised once and written to every
// socket as is, instead of passing each subscriber's copy through the envelop and graphql-ws
// pipelines. Errors, and the end of the stream, still go through graphql-ws.
import { createSourceEventStream, execute, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { WebSocket } from 'ws';
import { masked, type SharedResults } from '../plugins/shared-subscriptions.ts';

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

/** graphql-ws's `subscribe` for a shareable operation on one socket. */
export async function subscribeDirect(args: ExecutionArgs, target: DirectTarget) {
  const source = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in Object(source))) return source as ExecutionResult;
  const iterator = (source as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  const key = target.shared.key(args);
  const prefix = `{"id":${JSON.stringify(target.id)},"type":"next","payload":`;
  const { socket } = target;
  const done: IteratorResult<ExecutionResult> = { value: undefined, done: true };
  let finished = false;
  const finish = async () => {
    if (finished) return;
    finished = true;
    await iterator.return?.();
  };
  // Not an async generator: its loop never yields (results go straight to the socket), and a
  // generator's return() waits for the next yield, so a client's `complete` would never end it.
  async function pump(): Promise<IteratorResult<ExecutionResult>> {
    try {
      while (!finished) {
        const next = await iterator.next();
        if (next.done || finished) break;
        const payload = next.value;
        if (payload === null || typeof payload !== 'object' || payload instanceof Error) {
          // an end of the stream (FORBIDDEN and the like): through graphql-ws, then complete
          const result = masked((await execute({ ...args, rootValue: payload })) as ExecutionResult, target.mask);
          await finish();
          return { value: result, done: false };
        }
        const shared = target.shared.json(args, key, payload, target.mask);
        const json = shared.json ?? (await shared.ready);
        if (finished || socket.readyState !== socket.OPEN) break;
        socket.send(`${prefix}${json}}`);
        if (socket.bufferedAmount > target.maxBufferedBytes) {
          target.onSlowConsumer();
          break;
        }
      }
    } catch (error) {
      await finish();
      throw error;
    }
    await finish();
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
