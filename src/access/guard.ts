// The schema's side of "every read path goes through the access module": every field that returns
// a Message or a Conversation (lists and connections' nodes included) hands GraphQL only objects
// that passed access/views.ts for this request. A path that forgets the rules fails here, with an
// internal error naming the field, instead of showing what the viewer may not see.
import { defaultFieldResolver, getNamedType, isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import type { Context } from '../context.ts';
import { seesDetails, wasSeen } from './views.ts';

/** The types whose objects must come from the access module. */
const guardedTypes = new Set(['Message', 'Conversation']);

class UncheckedReadError extends Error {}

function check(value: unknown, ctx: Context, where: string): void {
  if (value === null || value === undefined || value instanceof Error) return;
  if (Array.isArray(value)) {
    for (const item of value) check(item, ctx, where);
    return;
  }
  if (typeof value === 'object' && !wasSeen(ctx, value)) {
    throw new UncheckedReadError(`${where} returned an object that did not pass the access module`);
  }
}

/** Wraps the resolvers of every field returning a guarded type; returns the fields it wrapped. */
export function guardReads(schema: GraphQLSchema): string[] {
  const wrapped: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    // Subscription fields and event payloads too: a live message or conversation passes only
    // because the stream that applied the rules marked it seen (live/message-stream.ts; the event
    // streams through access/views.ts), or, for a message the stream pushed, because the consumer
    // called the stream's admit before executing it in that context (live/channel.ts Pushable)
    for (const field of Object.values(type.getFields())) {
      if (!guardedTypes.has(getNamedType(field.type).name)) continue;
      const resolve: GraphQLFieldResolver<unknown, Context> = field.resolve ?? defaultFieldResolver;
      const where = `${type.name}.${field.name}`;
      field.resolve = (source, args, ctx, info) => {
        const value = resolve(source, args, ctx, info);
        if (value instanceof Promise) {
          return value.then((resolved: unknown) => {
            check(resolved, ctx, where);
            return resolved;
          });
        }
        check(value, ctx, where);
        return value;
      };
      wrapped.push(where);
    }
  }
  return wrapped;
}

/**
 * Fields of a conversation beyond what an inbox row needs (members, watchers, lists, counts,
 * settings) carry `extensions: detailsOnly`: for a viewer who may not read the conversation now (a
 * former member), they answer null, or an empty page for a connection.
 */
export const detailsOnly = { detailsOnly: true } as const;

const emptyPage = {
  edges: [],
  pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
  totalCount: 0,
};

/** Wraps the resolvers of the detailsOnly fields of Conversation; returns the fields it wrapped. */
export function guardDetails(schema: GraphQLSchema): string[] {
  const type = schema.getType('Conversation');
  if (!isObjectType(type)) return [];
  const wrapped: string[] = [];
  for (const field of Object.values(type.getFields())) {
    if (!field.extensions?.detailsOnly) continue;
    const resolve: GraphQLFieldResolver<{ id: string }, Context> = field.resolve ?? defaultFieldResolver;
    const connection = getNamedType(field.type).name.endsWith('Connection');
    const otherwise = connection ? emptyPage : null;
    field.resolve = (source, args, ctx, info) =>
      seesDetails(ctx, source.id).then((sees) => (sees ? resolve(source, args, ctx, info) : otherwise));
    wrapped.push(`Conversation.${field.name}`);
  }
  return wrapped;
}
