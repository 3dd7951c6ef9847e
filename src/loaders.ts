// Per-request (and per-subscription-event) DataLoaders: every list field costs a constant number of
// SQL statements. Loaders belong to one viewer and are never shared between requests.
import { select } from './db/sql.ts';
import DataLoader from 'dataloader';
import { prisma } from './db/client.ts';
import { Prisma, type Conversation, type Member, type Message, type MessageRevision, type User } from './generated/prisma/client.ts';
import { conversationColumns, memberColumns, messageColumns, pick, revisionColumns, userColumns } from './db/columns.ts';
import { fetchAccesses, type Access, type SeqWindow } from './access/access.ts';
import { messageForUserSql, messageUnreadSql, messageVisibleSql,  } from './access/sql.ts';
import { seeMessages } from './access/views.ts';
import type { Context } from './context.ts';
import { notFound } from './errors.ts';

/** Arrays for `unnest(...)`: one row per conversation with its window bounds. */
function windowArrays(windows: { conversationId: string; window: SeqWindow }[]) {
  return {
    ids: windows.map((w) => w.conversationId),
    afters: windows.map((w) => w.window.after),
    // -1 stands for "no upper bound": unnest of a nullable int[] parameter is awkward on some drivers
    upTos: windows.map((w) => w.window.upTo ?? -1),
  };
}

/** The window of a row of `unnest(ids, afters, upTos) AS w(conversation_id, after_seq, up_to)`. */
const unnestedWindow = { after: Prisma.sql`w.after_seq`, upTo: Prisma.sql`NULLIF(w.up_to, -1)` };

export interface AtKey {
  messageId: string;
  at: Date;
}
const atKey = (key: AtKey) => `${key.messageId}\u0000${key.at.toISOString()}`;

export interface MemberPageKey {
  conversationId: string;
  /** rows to fetch (page size + 1) */
  limit: number;
  /** keyset after (or, backward, before) (joinedAt, id); null for the first (or last) page */
  after: { joinedAt: Date; id: string } | null;
  backward: boolean;
}

export type MemberWithUser = Member & { user: User };

function byKey<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): (V | null)[] {
  const map = new Map<K, V>();
  for (const row of rows) map.set(keyOf(row), row);
  return keys.map((key) => map.get(key) ?? null);
}

function buildLoaders(viewerId: string | null, ctx: Context | null) {
  // each loader is made on first use
  const lazy = <T>(make: () => T) => {
    let made: T | undefined;
    return () => (made ??= make());
  };

  const user = lazy(() => new DataLoader<string, User | null>(async (ids) =>
    byKey(ids, await select<User>(Prisma.sql`SELECT ${userColumns('u')} FROM users u WHERE u.id = ANY(${[...ids]}::text[])`), (u) => u.id),
  ));

  const message = lazy(() => new DataLoader<string, Message | null>(async (ids) =>
    byKey(ids, await select<Message>(Prisma.sql`SELECT ${messageColumns('m')} FROM messages m WHERE m.id = ANY(${[...ids]}::text[])`), (m) => m.id),
  ));

  const conversation = lazy(() => new DataLoader<string, Conversation | null>(async (ids) =>
    byKey(
      ids,
      await select<Conversation>(Prisma.sql`SELECT ${conversationColumns('c')} FROM conversations c WHERE c.id = ANY(${[...ids]}::text[])`),
      (c) => c.id,
    ),
  ));

  /** The viewer's standing and window in each conversation, in one statement. */
  const access = lazy(() => new DataLoader<string, Access>(async (ids) => {
    const found = await fetchAccesses(null, viewerId, ids);
    for (const a of found.values()) conversation().prime(a.conversation.id, a.conversation);
    return ids.map((id) => found.get(id) ?? notFound('Conversation', id));
  }));

  async function windowsOf(conversationIds: readonly string[]) {
    const all = await access().loadMany(conversationIds);
    return conversationIds.map((conversationId, i) => {
      const a = all[i];
      return { conversationId, access: a instanceof Error ? null : a! };
    });
  }

  /** The last message each conversation shows the viewer, with its owner primed. */
  const lastMessage = lazy(() => new DataLoader<string, Message | null>(async (ids) => {
    if (!viewerId) return ids.map(() => null);
    const readable = (await windowsOf(ids)).flatMap(({ conversationId, access: a }) =>
      a?.window ? [{ conversationId, window: a.window }] : [],
    );
    if (readable.length === 0) return ids.map(() => null);
    const w = windowArrays(readable);
    const rows = await select<Record<string, unknown>>(Prisma.sql`
      SELECT ${messageColumns('msg', 'm.')}, ${userColumns('u', 'owner.')}
        FROM unnest(${w.ids}::text[], ${w.afters}::int[], ${w.upTos}::int[]) AS w(conversation_id, after_seq, up_to)
        CROSS JOIN LATERAL (
          SELECT * FROM messages m
           WHERE m.conversation_id = w.conversation_id AND ${messageVisibleSql('m', unnestedWindow, viewerId)}
           ORDER BY m.seq DESC LIMIT 1) msg
        LEFT JOIN users u ON u.id = msg.owner_id`);
    const messages = rows.map((row) => {
      const owner = pick<User>(row, 'owner.', 'user');
      if (owner) user().prime(owner.id, owner);
      const m = pick<Message>(row, 'm.', 'message')!;
      message().prime(m.id, m);
      return m;
    });
    return byKey(ids, messages, (m) => m.conversationId);
  }));

  /** The viewer's unread messages per conversation (see README "Unread counts"). */
  const unreadCount = lazy(() => new DataLoader<string, number>(async (ids) => {
    if (!viewerId) return ids.map(() => 0);
    const counted = (await windowsOf(ids)).flatMap(({ conversationId, access: a }) =>
      a?.window && a.member ? [{ conversationId, window: a.window }] : [],
    );
    if (counted.length === 0) return ids.map(() => 0);
    const w = windowArrays(counted);
    const rows = await select<{ conversationId: string; count: number }>(Prisma.sql`
      SELECT w.conversation_id AS "conversationId", count(m.id)::int AS "count"
        FROM unnest(${w.ids}::text[], ${w.afters}::int[], ${w.upTos}::int[]) AS w(conversation_id, after_seq, up_to)
        JOIN members mb ON mb.conversation_id = w.conversation_id AND mb.user_id = ${viewerId}
        JOIN messages m ON m.conversation_id = w.conversation_id
       WHERE ${messageUnreadSql('m', 'mb', unnestedWindow, viewerId)}
       GROUP BY w.conversation_id`);
    return byKey(ids, rows, (r) => r.conversationId).map((r) => r?.count ?? 0);
  }));

  /** A page of active members per conversation, users primed, in one statement per direction. */
  const memberPage = lazy(() => new DataLoader<MemberPageKey, MemberWithUser[], string>(
    async (keys) => {
      const results: MemberWithUser[][] = keys.map(() => []);
      for (const backward of [false, true]) {
        const indexes = keys.flatMap((k, i) => (k.backward === backward ? [i] : []));
        if (indexes.length === 0) continue;
        const group = indexes.map((i) => keys[i]!);
        const direction = Prisma.raw(backward ? 'DESC' : 'ASC');
        const compare = Prisma.raw(backward ? '<' : '>');
        const rows = await select<Record<string, unknown>>(Prisma.sql`
          SELECT k.ord AS "ord", ${memberColumns('mb', 'm.')}, ${userColumns('u', 'user.')}
            FROM unnest(${group.map((k) => k.conversationId)}::text[], ${group.map((k) => k.limit)}::int[],
                        ${group.map((k) => k.after?.joinedAt ?? null)}::timestamp[], ${group.map((k) => k.after?.id ?? null)}::text[])
                 WITH ORDINALITY AS k(conversation_id, lim, after_at, after_id, ord)
            CROSS JOIN LATERAL (
              SELECT * FROM members x
               WHERE x.conversation_id = k.conversation_id AND x.left_at IS NULL
                 AND (k.after_at IS NULL OR (x.joined_at, x.id) ${compare} (k.after_at, k.after_id))
               ORDER BY x.joined_at ${direction}, x.id ${direction} LIMIT k.lim) mb
            JOIN users u ON u.id = mb.user_id
           ORDER BY k.ord, mb.joined_at ${direction}, mb.id ${direction}`);
        for (const row of rows) {
          const u = pick<User>(row, 'user.', 'user')!;
          user().prime(u.id, u);
          const member = pick<Member>(row, 'm.', 'member')!;
          const ord = row.ord;
          results[indexes[Number(ord) - 1]!]!.push({ ...member, user: u });
        }
      }
      return results;
    },
    { cacheKeyFn: (key) => JSON.stringify(key) },
  ));

  /** Whether each user has a live connection on any instance. */
  const presence = lazy(() => new DataLoader<string, boolean>(async (ids) => {
    const rows = await prisma.connection.findMany({
      where: { userId: { in: [...ids] }, expiresAt: { gt: new Date() } },
      select: { userId: true },
      distinct: ['userId'],
    });
    const online = new Set(rows.map((r) => r.userId));
    return ids.map((id) => online.has(id));
  }));

  /** Users watching each conversation now (a user with several connections counts once). */
  const watcherCount = lazy(() => new DataLoader<string, number>(async (ids) => {
    const rows = await select<{ conversationId: string; count: number }>(Prisma.sql`
      SELECT conversation_id AS "conversationId", count(DISTINCT user_id)::int AS "count"
        FROM watchers
       WHERE conversation_id = ANY(${[...ids]}::text[]) AND expires_at > ${new Date()}
       GROUP BY conversation_id`);
    return byKey(ids, rows, (r) => r.conversationId).map((r) => r?.count ?? 0);
  }));

  /** Messages the viewer can see in each conversation. */
  const messageCount = lazy(() => new DataLoader<string, number>(async (ids) => {
    if (!viewerId) return ids.map(() => 0);
    const readable = (await windowsOf(ids)).flatMap(({ conversationId, access: a }) =>
      a?.window ? [{ conversationId, window: a.window }] : [],
    );
    if (readable.length === 0) return ids.map(() => 0);
    const w = windowArrays(readable);
    const rows = await select<{ conversationId: string; count: number }>(Prisma.sql`
      SELECT w.conversation_id AS "conversationId", count(m.id)::int AS "count"
        FROM unnest(${w.ids}::text[], ${w.afters}::int[], ${w.upTos}::int[]) AS w(conversation_id, after_seq, up_to)
        JOIN messages m ON m.conversation_id = w.conversation_id
       WHERE ${messageVisibleSql('m', unnestedWindow, viewerId)}
       GROUP BY w.conversation_id`);
    return byKey(ids, rows, (r) => r.conversationId).map((r) => r?.count ?? 0);
  }));

  /** One member of a conversation by user id, active or not (key: [conversationId, userId]). */
  const member = lazy(() => new DataLoader<readonly [string, string], Member | null, string>(
    async (keys) => {
      const rows = await prisma.member.findMany({
        where: { OR: keys.map(([conversationId, userId]) => ({ conversationId, userId })) },
      });
      return byKey(keys.map(([c, u]) => `${c}\u0000${u}`), rows, (m) => `${m.conversationId}\u0000${m.userId}`);
    },
    { cacheKeyFn: ([c, u]) => `${c}\u0000${u}` },
  ));

  /** How many members other than the sender have read each message (0 where reads are not tracked). */
  const readCount = lazy(() => new DataLoader<string, number>(async (ids) => {
    const rows = await select<{ messageId: string; count: number }>(Prisma.sql`
      SELECT m.id AS "messageId", count(mb.id)::int AS "count"
        FROM messages m
        JOIN members mb ON mb.conversation_id = m.conversation_id AND mb.left_at IS NULL
                       AND mb.user_id IS DISTINCT FROM m.owner_id AND mb.last_read_seq >= m.seq
                       AND ${messageForUserSql('m', Prisma.sql`mb.user_id`)}
       WHERE m.id = ANY(${[...ids]}::text[]) AND m.track_reads
       GROUP BY m.id`);
    return byKey(ids, rows, (r) => r.messageId).map((r) => r?.count ?? 0);
  }));

  /** The viewer's own reactions on each message. */
  const viewerReactions = lazy(() => new DataLoader<string, string[]>(async (ids) => {
    if (!viewerId) return ids.map(() => []);
    const rows = await select<{ messageId: string; type: string }>(Prisma.sql`
      SELECT message_id AS "messageId", type FROM reactions
       WHERE message_id = ANY(${[...ids]}::text[]) AND user_id = ${viewerId}
       ORDER BY created_at`);
    const byMessage = new Map<string, string[]>();
    for (const r of rows) byMessage.set(r.messageId, [...(byMessage.get(r.messageId) ?? []), r.type]);
    return ids.map((id) => byMessage.get(id) ?? []);
  }));

  /** Whether the viewer deleted each message from their own copy. */
  const hidden = lazy(() => new DataLoader<string, boolean>(async (ids) => {
    if (!viewerId) return ids.map(() => false);
    const rows = await select<{ messageId: string }>(Prisma.sql`
      SELECT message_id AS "messageId" FROM hidden_messages WHERE user_id = ${viewerId} AND message_id = ANY(${[...ids]}::text[])`);
    const found = new Set(rows.map((r) => r.messageId));
    return ids.map((id) => found.has(id));
  }));

  /** Each message as the viewer sees it (access/views.ts), or null. */
  const visibleMessage = lazy(() => new DataLoader<string, Message | null>(async (ids) => {
    if (!ctx) throw new Error('visibleMessage needs the request context');
    const rows = await message().loadMany(ids);
    return seeMessages(ctx, rows.map((r) => (r instanceof Error ? null : r)));
  }));

  /** The content a message had at a time, when an edit replaced it since (null: it has not changed). */
  const revisionAt = lazy(() => new DataLoader<AtKey, MessageRevision | null, string>(
    async (keys) => {
      const rows = await select<MessageRevision & { ord: number }>(Prisma.sql`
        SELECT k.ord AS "ord", r.* FROM unnest(${keys.map((k) => k.messageId)}::text[], ${keys.map((k) => k.at)}::timestamp[])
               WITH ORDINALITY AS k(message_id, at, ord)
          CROSS JOIN LATERAL (
            SELECT ${revisionColumns('x')} FROM message_revisions x
             WHERE x.message_id = k.message_id AND x.replaced_at > k.at
             ORDER BY x.replaced_at ASC LIMIT 1) r`);
      const byOrd = new Map(rows.map((r) => [Number(r.ord), r]));
      return keys.map((_key, i) => byOrd.get(i + 1) ?? null);
    },
    { cacheKeyFn: atKey },
  ));

  /** A message's reaction counts from the reactions made by a time. */
  const reactionCountsAt = lazy(() => new DataLoader<AtKey, Record<string, number>, string>(
    async (keys) => {
      const rows = await select<{ ord: number; type: string; count: number }>(Prisma.sql`
        SELECT k.ord AS "ord", r.type, count(*)::int AS "count"
          FROM unnest(${keys.map((k) => k.messageId)}::text[], ${keys.map((k) => k.at)}::timestamp[])
               WITH ORDINALITY AS k(message_id, at, ord)
          JOIN reactions r ON r.message_id = k.message_id AND r.created_at <= k.at
         GROUP BY k.ord, r.type`);
      const result = keys.map(() => ({}) as Record<string, number>);
      for (const row of rows) result[Number(row.ord) - 1]![row.type] = row.count;
      return result;
    },
    { cacheKeyFn: atKey },
  ));

  /** Replies the viewer sees under each message (key: the parent). */
  const replyCount = lazy(() => new DataLoader<Pick<Message, 'id' | 'conversationId'>, number, string>(
    async (parents) => {
      if (!viewerId) return parents.map(() => 0);
      const windows = new Map((await windowsOf([...new Set(parents.map((p) => p.conversationId))])).map((w) => [w.conversationId, w.access?.window ?? null]));
      const readable = parents.filter((p) => windows.get(p.conversationId));
      if (readable.length === 0) return parents.map(() => 0);
      const rows = await select<{ parentId: string; count: number }>(Prisma.sql`
        SELECT w.parent_id AS "parentId", count(m.id)::int AS "count"
          FROM unnest(${readable.map((p) => p.id)}::text[], ${readable.map((p) => windows.get(p.conversationId)!.after)}::int[],
                      ${readable.map((p) => windows.get(p.conversationId)!.upTo ?? -1)}::int[]) AS w(parent_id, after_seq, up_to)
          JOIN messages m ON m.parent_id = w.parent_id
         WHERE ${messageVisibleSql('m', unnestedWindow, viewerId)}
         GROUP BY w.parent_id`);
      return byKey(parents.map((p) => p.id), rows, (r) => r.parentId).map((r) => r?.count ?? 0);
    },
    { cacheKeyFn: (p) => p.id },
  ));

  return {
    get user() {
      return user();
    },
    get message() {
      return message();
    },
    get conversation() {
      return conversation();
    },
    get access() {
      return access();
    },
    get lastMessage() {
      return lastMessage();
    },
    get unreadCount() {
      return unreadCount();
    },
    get memberPage() {
      return memberPage();
    },
    get presence() {
      return presence();
    },
    get watcherCount() {
      return watcherCount();
    },
    get messageCount() {
      return messageCount();
    },
    get member() {
      return member();
    },
    get readCount() {
      return readCount();
    },
    get viewerReactions() {
      return viewerReactions();
    },
    get hidden() {
      return hidden();
    },
    get visibleMessage() {
      return visibleMessage();
    },
    get revisionAt() {
      return revisionAt();
    },
    get reactionCountsAt() {
      return reactionCountsAt();
    },
    get replyCount() {
      return replyCount();
    },
  };
}

export type Loaders = ReturnType<typeof buildLoaders>;

/**
 * The loaders of one request or one subscription event. Nothing is built until a field uses one:
 * an idle subscription holds one of these per event stream, so it must cost a few bytes, not a
 * set of closures (bench/memory.ts).
 */
class LazyLoaders {
  built: Loaders | undefined;
  constructor(
    readonly viewerId: string | null,
    readonly ctx: Context | null,
  ) {}
}
for (const name of Object.keys(Object.getOwnPropertyDescriptors(buildLoaders(null, null)))) {
  Object.defineProperty(LazyLoaders.prototype, name, {
    get(this: LazyLoaders) {
      return (this.built ??= buildLoaders(this.viewerId, this.ctx))[name as keyof Loaders];
    },
  });
}

/** The loaders of `ctx` (whose viewer they load for). */
export function createLoaders(viewerId: string | null, ctx: Context | null = null): Loaders {
  return new LazyLoaders(viewerId, ctx) as unknown as Loaders;
}
