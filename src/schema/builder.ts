// The Pothos builder: plugins, scalars and root types only. Each domain file adds its own types
// and fields; schema/index.ts imports them all and builds the schema.
import SchemaBuilder from '@pothos/core';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import type PrismaTypes from '../generated/pothos-types.ts';
import { getDatamodel } from '../generated/pothos-types.ts';
import type { Context } from '../context.ts';
import { maxSkip } from '../common/pagination.ts';

export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
  // every connection has a totalCount, computed only when asked for
  Connection: { totalCount: number | (() => Promise<number>) };
  Scalars: {
    ID: { Input: string; Output: string };
    DateTime: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
    // a file of a multipart request (schema/uploads.ts)
    File: { Input: File; Output: never };
  };
}>({
  plugins: [PrismaPlugin, RelayPlugin],
  defaultFieldNullability: false,
  prisma: {
    // each server has its own database: the client is the request's
    client: (ctx) => ctx.db.prisma,
    dmmf: getDatamodel(),
    exposeDescriptions: false,
    filterConnectionTotalCount: true,
    onUnusedQuery: process.env.NODE_ENV === 'production' ? null : 'error',
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    edgesFieldOptions: { nullable: false },
    nodeFieldOptions: { nullable: false },
    nodeQueryOptions: false,
    nodesQueryOptions: false,
  },
});

builder.addScalarType('DateTime', DateTimeResolver);
builder.addScalarType('JSON', JSONResolver);

builder.globalConnectionField('totalCount', (t) =>
  t.int({
    description: 'How many there are in all, across every page.',
    resolve: ({ totalCount }) => (typeof totalCount === 'function' ? totalCount() : totalCount),
  }),
);

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});

/**
 * Marks a field whose value depends on who asks (their membership, reads, rights). Subscription
 * results that include one are not shared between subscribers (plugins/shared-subscriptions.ts).
 */
export const viewerDependent = { viewerDependent: true } as const;

/** The offset argument of the lists that take page numbers (conversations, messages). */
export const skipArg = {
  description: `Page numbers: pass over this many rows first (after the cursor, when one is given); at most ${maxSkip}. Cursors are cheaper for deep pages.`,
} as const;
