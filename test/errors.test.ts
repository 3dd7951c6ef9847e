// What a client sees of failures: app errors as they are, everything else masked.
import { describe, expect, it } from 'vitest';
import { GraphQLError } from 'graphql';
import { createMaskError } from '../src/plugins/errors.ts';
import { createLogger } from '../src/logger.ts';
import { AppError, badInput } from '../src/errors.ts';

const logged: unknown[] = [];
const logger = createLogger('error');
logger.error = ((obj: unknown) => {
  logged.push(obj);
}) as never;
const mask = createMaskError(logger);

describe('error masking', () => {
  it('passes app errors through with their code', () => {
    const located = new GraphQLError('bad', { originalError: badInput('title is required.', 'title'), path: ['x'] });
    const shown = mask(located) as GraphQLError;
    expect(shown.message).toBe('bad');
    expect(shown.originalError).toBeInstanceOf(AppError);
  });

  it('masks other failures: no message, stack or SQL reaches the client', () => {
    const sqlError = new Error('duplicate key value violates unique constraint "messages_pkey" INSERT INTO messages ...');
    const shown = mask(new GraphQLError(sqlError.message, { originalError: sqlError, path: ['sendMessage'] })) as GraphQLError;
    expect(shown.message).toBe('Unexpected error.');
    expect(shown.extensions.code).toBe('INTERNAL_SERVER_ERROR');
    expect(JSON.stringify(shown.toJSON())).not.toMatch(/INSERT|messages_pkey|stack|at /);
    // the log has the cause and the same id
    expect(logged.at(-1)).toMatchObject({ err: sqlError, errorId: shown.extensions.errorId });
  });

  it('gives GraphQL’s own request errors the code BAD_USER_INPUT', () => {
    const shown = mask(new GraphQLError('Variable "$id" of required type "ID!" was not provided.')) as GraphQLError;
    expect(shown.extensions.code).toBe('BAD_USER_INPUT');
  });
});
