// Error masking: AppErrors, and GraphQL's own errors about the request (syntax, validation, input
// coercion), reach the client; anything else becomes "Unexpected error." with an id that the log
// line also carries, and never a stack or SQL. An HTTP request's errors are masked where its
// context is known (useRequestErrorMasking), so the log line carries the request's id too.
import { randomUUID } from 'node:crypto';
import { GraphQLError, type ExecutionResult } from 'graphql';
import { handleStreamOrSingleExecutionResult, type Plugin } from 'graphql-yoga';
import type { Context } from '../context.ts';
import type { Logger } from '../logger.ts';
import { errorCodes } from '../errors.ts';

/** What one error looks like to the client; `requestId`: the HTTP request it happened in, for the log. */
export type MaskError = (error: unknown, requestId?: string | null) => Error;

/** An error about the request itself rather than a failure while serving it. */
function isAboutRequest(error: GraphQLError): boolean {
  const original = error.originalError;
  return original === undefined || original === null || original instanceof GraphQLError;
}

/** The server's masking, for Yoga's maskedErrors (as `(error) => mask(error)`), the sockets and the plugin below. */
export function createMaskError(logger: Logger): MaskError {
  // errors masked already (by the plugin below, then again by Yoga) pass as they are
  const made = new WeakSet<object>();
  return (error, requestId) => {
    if (typeof error === 'object' && error !== null && made.has(error)) return error as Error;
    if (error instanceof GraphQLError && isAboutRequest(error)) {
      // API.md's codes only: Yoga's own (GRAPHQL_PARSE_FAILED, BAD_REQUEST…) become BAD_USER_INPUT,
      // and nothing of the original error (a JSON parser's message quoting the body) goes along
      const code = error.extensions?.code;
      if (typeof code === 'string' && (errorCodes as readonly string[]).includes(code)) return error;
      const { originalError: _dropped, ...extensions } = (error.extensions ?? {}) as Record<string, unknown>;
      return new GraphQLError(error.message, {
        nodes: error.nodes,
        source: error.source,
        positions: error.positions,
        path: error.path,
        extensions: { ...extensions, code: 'BAD_USER_INPUT' },
      });
    }
    const errorId = randomUUID();
    const cause = error instanceof GraphQLError ? (error.originalError ?? error) : error;
    logger.error(
      { err: cause, errorId, path: error instanceof GraphQLError ? error.path : undefined, requestId: requestId ?? undefined },
      'unexpected error',
    );
    const shown = new GraphQLError('Unexpected error.', {
      path: error instanceof GraphQLError ? error.path : undefined,
      extensions: { code: 'INTERNAL_SERVER_ERROR', errorId },
    });
    made.add(shown);
    return shown;
  };
}

/** A result with its errors masked, as the server masks every result. */
export function masked(result: ExecutionResult, mask: (error: unknown) => Error): ExecutionResult {
  if (!result.errors?.length) return result;
  return { ...result, errors: result.errors.map((e) => mask(e)) as never };
}

/**
 * Masks the errors of each result (a query's, a subscription's that could not start, each event of
 * a stream) with the request's id at hand. It runs before Yoga's own masking, which passes an error
 * masked here on as it is. The context factory masks its own failures (server.ts). Yoga's masking
 * remains, without the id, for what is thrown rather than answered: a stream that throws midway, a
 * plugin's hook or the executor failing.
 */
export function useRequestErrorMasking(mask: MaskError): Plugin<Context> {
  const onResult = (requestId: string | null) => (payload: Parameters<typeof handleStreamOrSingleExecutionResult>[0]) =>
    handleStreamOrSingleExecutionResult(payload, ({ result, setResult }) => {
      if (result.errors?.length) setResult(masked(result, (error) => mask(error, requestId)));
    });
  return {
    onExecute: ({ args }) => ({ onExecuteDone: onResult(args.contextValue.requestId) }),
    onSubscribe: ({ args }) => ({ onSubscribeResult: onResult(args.contextValue.requestId) }),
  };
}
