// A subscription run in process through the server's envelop (the same parse, validation, context,
// plugins and masking as its transports, without a socket), for tests that open many short ones.
import { GraphQLError, type ExecutionResult } from 'graphql';
import type { TestApp } from './app.ts';

export interface InProcessSubscription {
  /** the next result, or null once the stream ended (rejects after `timeoutMs`) */
  next(timeoutMs?: number): Promise<ExecutionResult | null>;
  /** results that arrived and were not taken yet */
  readonly buffered: ExecutionResult[];
  readonly ended: boolean;
  stop(): Promise<void>;
}

export async function subscribeInProcess(
  app: TestApp,
  user: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<InProcessSubscription> {
  const request = new Request('http://parley.test/graphql', {
    method: 'POST',
    headers: { authorization: `Bearer ${await app.token(user)}` },
  });
  const enveloped = app.server.yoga.getEnveloped({ request, params: { query, variables } } as never);
  const document = enveloped.parse(query);
  const errors = enveloped.validate(enveloped.schema, document);
  const buffered: ExecutionResult[] = [];
  const state = { ended: false };
  let wake = null as (() => void) | null;
  let iterator: AsyncIterator<ExecutionResult> | null = null;
  if (errors.length) {
    buffered.push({ errors });
    state.ended = true;
  } else {
    const result = await enveloped.subscribe({
      schema: enveloped.schema,
      document,
      variableValues: variables,
      contextValue: await enveloped.contextFactory(),
    });
    if (Symbol.asyncIterator in Object(result)) {
      iterator = (result as AsyncIterable<ExecutionResult>)[Symbol.asyncIterator]();
      void (async () => {
        try {
          for (;;) {
            const next = await iterator!.next();
            if (next.done) break;
            buffered.push(next.value);
            wake?.();
          }
        } catch (error) {
          buffered.push({ errors: [error instanceof GraphQLError ? error : new GraphQLError(String(error))] });
        }
        state.ended = true;
        wake?.();
      })();
    } else {
      buffered.push(result as ExecutionResult);
      state.ended = true;
    }
  }
  return {
    buffered,
    get ended() {
      return state.ended;
    },
    async next(timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (buffered.length === 0 && !state.ended) {
        if (Date.now() > deadline) throw new Error(`no subscription result within ${timeoutMs} ms: ${query.slice(0, 80)}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
          wake = () => {
            clearTimeout(timer);
            wake = null;
            resolve();
          };
        });
      }
      return buffered.shift() ?? null;
    },
    async stop() {
      await iterator?.return?.();
    },
  };
}
