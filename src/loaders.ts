// Per-request (and per-subscription-event) DataLoaders: every list field costs a constant number of
// SQL statements. Loaders belong to one viewer and are never shared between requests. Plain
// lookups go through Prisma (users excepted: they load once per live event, see usersByIds);
// what depends on the viewer's window or on a time runs the statements of src/sql/, the same
// ones the inbox statement brings along.
import DataLoader from 'dataloader';
import { Prisma, type Conversation, type Member, type Message, type MessageRevision, type User } from './generated/prisma/client.ts';
import type { Context } from './context.ts';
import { notFound } from './errors.ts';
import { fetchAccesses, slowModeEnds, viewerOf, type Access } from './access/access.ts';
import {
  fieldFor,
  lastMessageOf,
  lastMessageSql,
  memberPageOf,
  memberPageSql,
  unreadCountSql,
  visibleCountSql,
  type MemberPageKey,
  type MemberWithUser,
} from './sql/conversation-fields.ts';
import { lastSentTimes, reactionCountsAt, readCounts, revisionsAt, usersByIds, visibleReplyCounts, type AtKey } from './sql/batched.ts';

/**
 * A DataLoader whose cache hits answer with the cached promise itself. DataLoader 2 answers each
 * hit with a new promise, settled when the current batch is dispatched: a batch made and
 * scheduled, a closure, and two more microtasks to adopt the cached promise. An inbox page reads
 * about 150 values its statement primed (each row's unread count, last message, member page,
 * access), all hits. Misses, batching, priming, clearing and errors stay DataLoader's own: the
 * cache is its cache, a Map this class reads too.
 */
export class Loader<K, V, C = K> extends DataLoader<K, V, C> {
  readonly #cache: Map<C, Promise<V>>;
  readonly #keyOf: (key: K) => C;

  constructor(batch: DataLoader.BatchLoadFn<K, V>, options: Omit<DataLoader.Options<K, V, C>, 'cache' | 'cacheMap'> = {}) {
    const cache = new Map<C, Promise<V>>();
    super(batch, { ...options, cacheMap: cache });
    this.#cache = cache;
    this.#keyOf = options.cacheKeyFn ?? ((key: K) => key as unknown as C);
  }

  override load(key: K): Promise<V> {
    // a missing key takes DataLoader's path, which refuses it
    return (key !== null && key !== undefined && this.#cache.get(this.#keyOf(key))) || super.load(key);
  }
}

function byKey<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): (V | null)[] {
  const map = new Map<K, V>();
  for (const row of rows) map.set(keyOf(row), row);
  return keys.map((key) => map.get(key) ?? null);
}

const atKey = (key: AtKey) => `${key.messageId}\u0000${key.at.toISOString()}`;

/** The loaders of one request: what each loads, by what key. */
export interface Loaders {
  readonly user: DataLoader<string, User | null>;
  readonly message: DataLoader<string, Message | null>;
  readonly conversation: DataLoader<string, Conversation | null>;
  readonly access: DataLoader<string, Access>;
  readonly lastMessage: DataLoader<string, Message | null>;
  readonly unreadCount: DataLoader<string, number>;
  readonly messageCount: DataLoader<string, number>;
  readonly memberPage: DataLoader<{ conversationId: string } & MemberPageKey, MemberWithUser[], string>;
  readonly presence: DataLoader<string, boolean>;
  readonly watcherCount: DataLoader<string, number>;
  readonly member: DataLoader<readonly [string, string], Member | null, string>;
  readonly readCount: DataLoader<string, number>;
  readonly viewerReactions: DataLoader<string, string[]>;
  readonly hidden: DataLoader<string, boolean>;
  readonly revisionAt: DataLoader<AtKey, MessageRevision | null, string>;
  readonly reactionCountsAt: DataLoader<AtKey, Record<string, number>, string>;
  readonly replyCount: DataLoader<Pick<Message, 'id'>, number, string>;
  readonly slowModeUntil: DataLoader<string, Date | null>;
  readonly lastSentAt: DataLoader<readonly [string, string], Date | null, string>;
}

type Makers = { [K in keyof Loaders]: (ctx: Context, loaders: Loaders) => Loaders[K] };

/** How each loader is made, on first use, for one request's context. */
const makers: Makers = {
  user: (ctx: Context, loaders: Loaders) => {
    const loader = new Loader<string, User | null>(async (ids) => byKey(ids, await usersByIds(ctx.db, ids), (u) => u.id));
    // users read this moment with the event's message (renewLoaders): the same rows, without a statement
    const readNow = (loaders as unknown as LazyLoaders).usersReadNow;
    if (readNow) for (const [id, user] of readNow) loader.prime(id, user);
    return loader;
  },

  message: (ctx: Context) =>
    new Loader<string, Message | null>(async (ids) =>
      byKey(ids, await ctx.db.prisma.message.findMany({ where: { id: { in: [...ids] } } }), (m) => m.id),
    ),

  conversation: (ctx: Context) =>
    new Loader<string, Conversation | null>(async (ids) =>
      byKey(ids, await ctx.db.prisma.conversation.findMany({ where: { id: { in: [...ids] } } }), (c) => c.id),
    ),

  /** The viewer's standing and window in each conversation, in one statement. */
  access: (ctx: Context, loaders: Loaders) =>
    new Loader<string, Access>(async (ids) => {
      const found = await fetchAccesses(ctx.db, viewerOf(ctx), ids);
      for (const a of found.values()) loaders.conversation.prime(a.conversation.id, a.conversation);
      return ids.map((id) => found.get(id) ?? notFound('Conversation', id));
    }),

  /** The last message each conversation shows the viewer, with its owner primed. */
  lastMessage: (ctx: Context, loaders: Loaders) =>
    new Loader<string, Message | null>(async (ids) => {
      const viewer = viewerOf(ctx);
      if (!viewer) return ids.map(() => null);
      const found = await fieldFor<unknown>(ctx.db, ctx.viewer?.userId ?? null, ids, lastMessageSql(viewer));
      return ids.map((id) => {
        const last = lastMessageOf(found.get(id));
        if (!last) return null;
        if (last.owner) loaders.user.prime(last.owner.id, last.owner);
        loaders.message.prime(last.message.id, last.message);
        return last.message;
      });
    }),

  /** The viewer's unread messages per conversation (see README "Unread counts"). */
  unreadCount: (ctx: Context) =>
    new Loader<string, number>(async (ids) => {
      const viewerId = ctx.viewer?.userId ?? null;
      if (!viewerId) return ids.map(() => 0);
      const found = await fieldFor<number>(ctx.db, viewerId, ids, unreadCountSql(viewerId));
      return ids.map((id) => found.get(id) ?? 0);
    }),

  /** Messages the viewer can see in each conversation. */
  messageCount: (ctx: Context) =>
    new Loader<string, number>(async (ids) => {
      const viewer = viewerOf(ctx);
      if (!viewer) return ids.map(() => 0);
      const found = await fieldFor<number>(ctx.db, ctx.viewer?.userId ?? null, ids, visibleCountSql(viewer));
      return ids.map((id) => found.get(id) ?? 0);
    }),

  /** A page of active members per conversation, users primed: one statement per kind of page. */
  memberPage: (ctx: Context, loaders: Loaders) =>
    new Loader<{ conversationId: string } & MemberPageKey, MemberWithUser[], string>(
      async (keys) => {
        const viewerId = ctx.viewer?.userId ?? null;
        const results: MemberWithUser[][] = keys.map(() => []);
        const groups = new Map<string, number[]>();
        for (const [i, key] of keys.entries()) {
          const shape = JSON.stringify([key.limit, key.after, key.backward]);
          groups.set(shape, [...(groups.get(shape) ?? []), i]);
        }
        for (const indexes of groups.values()) {
          const first = keys[indexes[0]!]!;
          const found = await fieldFor<unknown>(
            ctx.db,
            viewerId,
            indexes.map((i) => keys[i]!.conversationId),
            memberPageSql(first),
          );
          for (const i of indexes) {
            const members = memberPageOf(found.get(keys[i]!.conversationId) ?? []);
            for (const m of members) loaders.user.prime(m.user.id, m.user);
            results[i] = members;
          }
        }
        return results;
      },
      { cacheKeyFn: (key) => JSON.stringify(key) },
    ),

  /** Whether each user has a live connection on any server. */
  presence: (ctx: Context) =>
    new Loader<string, boolean>(async (ids) => {
      const rows = await ctx.db.prisma.connection.findMany({
        where: { userId: { in: [...ids] }, expiresAt: { gt: new Date() } },
        select: { userId: true },
        distinct: ['userId'],
      });
      const online = new Set(rows.map((r) => r.userId));
      return ids.map((id) => online.has(id));
    }),

  /** Users watching each conversation now (a user with several connections counts once). */
  watcherCount: (ctx: Context) =>
    new Loader<string, number>(async (ids) => {
      const rows = await ctx.db.prisma.watcher.findMany({
        where: { conversationId: { in: [...ids] }, expiresAt: { gt: new Date() } },
        select: { conversationId: true, userId: true },
        distinct: ['conversationId', 'userId'],
      });
      const counts = new Map<string, number>();
      for (const r of rows) counts.set(r.conversationId, (counts.get(r.conversationId) ?? 0) + 1);
      return ids.map((id) => counts.get(id) ?? 0);
    }),

  /** One member of a conversation by user id, active or not (key: [conversationId, userId]). */
  member: (ctx: Context) =>
    new Loader<readonly [string, string], Member | null, string>(
      async (keys) => {
        const rows = await ctx.db.prisma.member.findMany({
          where: { OR: keys.map(([conversationId, userId]) => ({ conversationId, userId })) },
        });
        return byKey(
          keys.map(([c, u]) => `${c}\u0000${u}`),
          rows,
          (m) => `${m.conversationId}\u0000${m.userId}`,
        );
      },
      { cacheKeyFn: ([c, u]) => `${c}\u0000${u}` },
    ),

  /** How many members other than the sender have read each message (0 where reads are not tracked). */
  readCount: (ctx: Context) =>
    new Loader<string, number>(async (ids) => {
      const found = await readCounts(ctx.db, ids);
      return ids.map((id) => found.get(id) ?? 0);
    }),

  /** The viewer's own reactions on each message. */
  viewerReactions: (ctx: Context) =>
    new Loader<string, string[]>(async (ids) => {
      const viewerId = ctx.viewer?.userId ?? null;
      if (!viewerId) return ids.map(() => []);
      const rows = await ctx.db.prisma.reaction.findMany({
        where: { messageId: { in: [...ids] }, userId: viewerId },
        orderBy: { createdAt: 'asc' },
        select: { messageId: true, type: true },
      });
      const byMessage = new Map<string, string[]>();
      for (const r of rows) byMessage.set(r.messageId, [...(byMessage.get(r.messageId) ?? []), r.type]);
      return ids.map((id) => byMessage.get(id) ?? []);
    }),

  /** Whether the viewer deleted each message from their own copy. */
  hidden: (ctx: Context) =>
    new Loader<string, boolean>(async (ids) => {
      const viewerId = ctx.viewer?.userId ?? null;
      if (!viewerId) return ids.map(() => false);
      // on every send's answer and every message list: a plain statement, not Prisma's query machinery
      const rows = await ctx.db.select<{ messageId: string }>(
        Prisma.sql`SELECT message_id AS "messageId" FROM hidden_messages WHERE user_id = ${viewerId} AND message_id = ANY(${[...ids]}::text[])`,
      );
      const found = new Set(rows.map((r) => r.messageId));
      return ids.map((id) => found.has(id));
    }),

  /** The content a message had at a time, when an edit replaced it since (null: it has not changed). */
  revisionAt: (ctx: Context) =>
    new Loader<AtKey, MessageRevision | null, string>((keys) => revisionsAt(ctx.db, keys), { cacheKeyFn: atKey }),

  /** A message's reaction counts from the reactions made by a time. */
  reactionCountsAt: (ctx: Context) =>
    new Loader<AtKey, Record<string, number>, string>((keys) => reactionCountsAt(ctx.db, keys), { cacheKeyFn: atKey }),

  /** Replies the viewer sees under each message (key: the parent). */
  replyCount: (ctx: Context) =>
    new Loader<Pick<Message, 'id'>, number, string>(
      async (parents) => {
        const viewerId = ctx.viewer?.userId ?? null;
        if (!viewerId) return parents.map(() => 0);
        const found = await visibleReplyCounts(
          ctx.db,
          viewerId,
          parents.map((p) => p.id),
        );
        return parents.map((p) => found.get(p.id) ?? 0);
      },
      { cacheKeyFn: (p) => p.id },
    ),

  /** When slow mode lets the viewer send again in each conversation (null: now). */
  slowModeUntil: (ctx: Context, loaders: Loaders) =>
    new Loader<string, Date | null>(async (ids) => {
      const accesses = await Promise.all(ids.map((id) => loaders.access.load(id)));
      const ends = await slowModeEnds(ctx.db, accesses, ctx.runtime.clock.now());
      return ids.map((id) => ends.get(id) ?? null);
    }),

  /** When each member last sent a message in the conversation (key: [conversationId, userId]). */
  lastSentAt: (ctx: Context) =>
    new Loader<readonly [string, string], Date | null, string>(
      async (keys) => {
        const found = await lastSentTimes(ctx.db, keys);
        return keys.map(([c, u]) => found.get(`${c}\u0000${u}`) ?? null);
      },
      { cacheKeyFn: ([c, u]) => `${c}\u0000${u}` },
    ),
};

/**
 * The loaders of one request or one subscription event. Nothing is built until a field uses one:
 * an idle subscription holds one of these per event stream, so it must cost a few bytes, not a
 * set of closures (bench/memory.ts).
 */
class LazyLoaders {
  made: Partial<Record<keyof Makers, unknown>> | undefined;
  /** users read in the same moment as the event these loaders serve (renewLoaders) */
  usersReadNow: ReadonlyMap<string, User> | null = null;
  constructor(readonly ctx: Context) {}
}
for (const name of Object.keys(makers) as (keyof Makers)[]) {
  Object.defineProperty(LazyLoaders.prototype, name, {
    get(this: LazyLoaders) {
      const made = (this.made ??= {});
      return (made[name] ??= makers[name](this.ctx, this as unknown as Loaders));
    },
  });
}

/** The loaders of `ctx` (whose viewer they load for). */
export function createLoaders(ctx: Context): Loaders {
  return new LazyLoaders(ctx) as unknown as Loaders;
}

/**
 * Fresh loaders for the next event of a subscription: nothing it shows comes from an earlier event's
 * cache. Loaders none of which was made hold no cache: they stay (at fan-out, most subscribers'
 * loaders are never used, their events being executed once for all).
 * `usersReadNow`: user rows read in this same moment with the event's payload (a live feed's read
 * of new messages brings their senders), which the user loader starts with instead of reading them
 * again. Only rows read now: a row kept from earlier would be the cache this function exists to drop.
 */
export function renewLoaders(ctx: Context, usersReadNow: ReadonlyMap<string, User> | null = null): void {
  const current = ctx.loaders as unknown;
  if (current instanceof LazyLoaders) {
    if (current.made === undefined) {
      current.usersReadNow = usersReadNow;
      return;
    }
    // a loader made from the old set later on (some makers keep the set) must not start from old rows
    current.usersReadNow = null;
  }
  const fresh = new LazyLoaders(ctx);
  fresh.usersReadNow = usersReadNow;
  ctx.loaders = fresh as unknown as Loaders;
}
