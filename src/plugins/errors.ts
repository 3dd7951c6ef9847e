// Error masking: AppErrors, and GraphQL's own errors about the request (syntax, validation, input
// coercion), reach the client; anything else becomes "Unexpected error." with an id that the log
// line also carries, and never a stack or SQL.
import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { Logger } from '../logger.ts';
import { errorCodes } from '../errors.ts';

/** An error about the request itself rather than a failure while serving it. */
function isAboutRequest(error: GraphQLError): boolean {
  const original = error.originalError;
  return original === undefined || original === null || original instanceof GraphQLError;
}

/** Yoga's maskedErrors.maskError: what one error looks like to the client. */
export function createMaskError(logger: Logger) {
  return (error: unknown): Error => {
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
    logger.error({ err: cause, errorId, path: error instanceof GraphQLError ? error.path : undefined }, 'unexpected error');
    return new GraphQLError('Unexpected error.', {
      path: error instanceof GraphQLError ? error.path : undefined,
      extensions: { code: 'INTERNAL_SERVER_ERROR', errorId },
    });
  };
}
