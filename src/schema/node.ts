// Relay object identification: the Node interface, node(id) and nodes(ids). An object's Node id is
// its own id, the one every other field and argument already uses, so existing clients keep
// working; node() finds which kind of object an id names with one statement, then reads it
// through the same access rules as conversation(id), message(id), user(id) and a member list.
import { Prisma } from '../generated/prisma/client.ts';
import { builder } from './builder.ts';
import type { Context } from '../context.ts';
import { actorOf } from '../access/access.ts';
import { seeConversation, seeMember } from '../access/views.ts';
import { AppError } from '../errors.ts';
import { readMessage } from '../messages/read.ts';
import { checkIds } from '../common/validate.ts';

/** The kinds a Node id can name, in the order an id found in more than one is resolved. */
const nodeKinds = ['Conversation', 'Message', 'Member', 'User'] as const;
type NodeKind = (typeof nodeKinds)[number];

/** The kind of each object node() returns: Prisma rows carry no type name of their own. */
const kindOf = new WeakMap<object, NodeKind>();

export const NodeRef = builder.interfaceRef<{ id: string }>('Node').implement({
  description:
    "An object node(id) refetches (Relay's object identification). Its id is the object's own id, as every other field gives it.",
  fields: (t) => ({ id: t.exposeID('id') }),
  resolveType: (node) => kindOf.get(node) ?? null,
});

/** Which kind of object each id names (one statement over the four tables). */
async function kindsOf(ctx: Context, ids: string[]): Promise<Map<string, NodeKind>> {
  const rows = await ctx.db.select<{ kind: NodeKind; id: string }>(Prisma.sql`
    SELECT 'Conversation' AS kind, id FROM conversations WHERE id = ANY(${ids}::text[])
    UNION ALL SELECT 'Message', id FROM messages WHERE id = ANY(${ids}::text[])
    UNION ALL SELECT 'Member', id FROM members WHERE id = ANY(${ids}::text[])
    UNION ALL SELECT 'User', id FROM users WHERE id = ANY(${ids}::text[])`);
  const kinds = new Map<string, NodeKind>();
  for (const row of rows) {
    const known = kinds.get(row.id);
    if (!known || nodeKinds.indexOf(row.kind) < nodeKinds.indexOf(known)) kinds.set(row.id, row.kind);
  }
  return kinds;
}

/** null where the viewer may not see the object: not found and not theirs answer alike. */
const orNull = <T>(read: Promise<T>): Promise<T | null> =>
  read.catch((error: unknown) => {
    if (error instanceof AppError) return null;
    throw error;
  });

/** One object as the viewer may see it, by the rules of its own root field or list. */
async function readNode(ctx: Context, kind: NodeKind, id: string): Promise<object | null> {
  switch (kind) {
    case 'Conversation':
      return seeConversation(ctx, await ctx.loaders.conversation.load(id));
    case 'Message':
      return orNull(readMessage(ctx, id));
    case 'Member':
      return seeMember(ctx, await ctx.db.prisma.member.findUnique({ where: { id } }));
    case 'User':
      return ctx.loaders.user.load(id);
  }
}

async function readNodes(ctx: Context, ids: string[]): Promise<(object | null)[]> {
  actorOf(ctx);
  const kinds = await kindsOf(ctx, [...new Set(ids)]);
  return Promise.all(
    ids.map(async (id) => {
      const kind = kinds.get(id);
      const node = kind ? await readNode(ctx, kind, id) : null;
      if (node) kindOf.set(node, kind!);
      return node;
    }),
  );
}

builder.queryFields((t) => ({
  node: t.field({
    type: NodeRef,
    nullable: true,
    description:
      'The conversation, message, member or user with this id, as you may see it; null when there is none or it is not yours to see.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx) => (await readNodes(ctx, [id]))[0] as { id: string } | null,
  }),
  nodes: t.field({
    type: [NodeRef],
    nullable: { list: false, items: true },
    description: 'node(id) for many ids at once, in their order (null for each one you may not see).',
    args: { ids: t.arg.idList({ required: true }) },
    resolve: (_root, { ids }, ctx) => {
      checkIds(ids, 'ids', ctx.config.limits.idsPerRequest);
      return readNodes(ctx, ids) as Promise<({ id: string } | null)[]>;
    },
  }),
}));
