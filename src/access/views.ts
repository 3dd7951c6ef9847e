// What a viewer sees of a message and of a conversation (API.md, "What a viewer sees"). Every path
// that hands a Message or a Conversation to GraphQL gets it from here: lists, single reads,
// relations (parent, forwardedFrom, lastMessage), mutation payloads, event payloads and live
// deliveries. What passed is remembered per request; access/guard.ts refuses to resolve any
// Message or Conversation that did not, so a new path that forgets the rules fails loudly.
import type DataLoader from 'dataloader';
import type { Context } from '../context.ts';
import { Loader, renewLoaders, type Loaders } from '../loaders.ts';
import type { Tx } from '../db/client.ts';
import type { Conversation, Member, Message } from '../generated/prisma/client.ts';
import { AppError, forbidden, notFound } from '../errors.ts';
import { compiledRule } from './expr.ts';
import {
  accessOf,
  assertReadable,
  fetchAccesses,
  noteFirstReads,
  viewerOf,
  type Access,
  type AccessFacts,
  type SeqWindow,
  type Viewer,
} from './access.ts';
import { messageVisible } from './rules.ts';

/** Marks objects as having passed the rules for this request (or subscription event). */
export function markSeen<T extends object>(ctx: Pick<Context, 'seen'>, value: T): T {
  ctx.seen.add(value);
  return value;
}

export function wasSeen(ctx: Pick<Context, 'seen'>, value: object): boolean {
  return ctx.seen.has(value);
}

// the rule compiled once: a live delivery runs it per message and subscriber
const isMessageVisibleRule = compiledRule(messageVisible);

/**
 * Whether a viewer with `window` in a message's conversation sees it (`hidden`: they deleted their
 * copy). `viewerId` null: the app, which sees every message.
 */
export function isVisibleInWindow(window: SeqWindow, viewerId: string | null, message: Message, hidden: boolean): boolean {
  return (
    isMessageVisibleRule({
      tables: { m: message },
      params: { after: window.after, upTo: window.upTo, viewerId, isApp: viewerId === null, hidden },
    }) === true
  );
}

/** Whether the viewer sees message `message` of a conversation they have `access` to. */
function isMessageVisible(access: Access, message: Message, hidden: boolean): boolean {
  if (!access.window || (!access.viewerId && !access.isApp) || message.conversationId !== access.conversation.id) return false;
  return isVisibleInWindow(access.window, access.isApp ? null : access.viewerId, message, hidden);
}

/**
 * The messages as the viewer sees them, null where they may not: current content for those who
 * read the conversation; for a former member, the content as it was when they left (a later edit
 * or pin does not reach them, a recall does) with the reactions made before.
 * `hiddenExcluded`: the rows come from a statement that already left out the viewer's deleted copies.
 */
export async function seeMessages(
  ctx: Context,
  messages: readonly (Message | null)[],
  options: { hiddenExcluded?: boolean } = {},
): Promise<(Message | null)[]> {
  if (!viewerOf(ctx)) return messages.map(() => null);
  const present = messages.filter((m): m is Message => m !== null);
  if (present.length === 0) return messages.map(() => null);
  const [accesses, hidden] = await Promise.all([
    ctx.loaders.access.loadMany([...new Set(present.map((m) => m.conversationId))]),
    options.hiddenExcluded ? null : ctx.loaders.hidden.loadMany(present.map((m) => m.id)),
  ]);
  const accessOf = new Map<string, Access>();
  for (const a of accesses) if (!(a instanceof Error)) accessOf.set(a.conversation.id, a);
  const hiddenOf = new Map<string, boolean>();
  if (hidden) present.forEach((m, i) => hiddenOf.set(m.id, hidden[i] === true));
  const reading = new Set<Access>();
  // a message waits only for a former member's past copy; the rest are decided here, with no
  // promise each (an inbox sees 25 last messages per request)
  const decided = messages.map<Message | null | Promise<Message>>((message) => {
    if (!message) return null;
    const access = accessOf.get(message.conversationId);
    const seen = access ? seeIn(ctx, access, message, hiddenOf.get(message.id) ?? false) : null;
    if (seen) reading.add(access!);
    return seen;
  });
  const results = decided.some((seen) => seen instanceof Promise)
    ? await Promise.all(decided.map((seen) => Promise.resolve(seen)))
    : (decided as (Message | null)[]);
  await noteFirstReads(ctx.db, [...reading]);
  return results;
}

/**
 * A message as the viewer with `access` sees it (marked seen), or null when they may not; a
 * promise only for a former member, whose copy is the one they last saw.
 */
function seeIn(ctx: Context, access: Access, message: Message, hidden: boolean): Message | null | Promise<Message> {
  if (!isMessageVisible(access, message, hidden)) return null;
  if (!access.isFormerMember) return markSeen(ctx, message);
  return asWhenLeft(ctx, access, message).then((seen) => markSeen(ctx, seen));
}

export async function seeMessage(ctx: Context, message: Message | null): Promise<Message | null> {
  const [seen] = await seeMessages(ctx, [message]);
  return seen ?? null;
}

/**
 * A former member's copy of a message (asWhenLeft) -> the time it is as of. Its reactions are those
 * made by then, read only when a field asks (seenReactionCounts): an inbox that shows a departed
 * conversation's last message without its reactions reads none.
 */
const copiesAsOf = new WeakMap<Message, Date>();

/**
 * A message's reaction counts as the viewer sees it: the counts on the message, or on a former
 * member's copy those of the reactions made before they left. Every field that shows counts of a
 * seen message reads them here.
 */
export function seenReactionCounts(ctx: Context, message: Message): Record<string, number> | Promise<Record<string, number>> {
  const asOf = copiesAsOf.get(message);
  if (!asOf) return (message.reactionCounts ?? {}) as Record<string, number>;
  return ctx.loaders.reactionCountsAt.load({ messageId: message.id, at: asOf });
}

/** A message as a former member last saw it. */
async function asWhenLeft(ctx: Context, access: Access, message: Message): Promise<Message> {
  const leftAt = access.member!.leftAt!;
  // a recall reaches everyone who saw the message
  if (message.deletedAt) return message;
  let seen: Message = message;
  if (message.editedAt && message.editedAt > leftAt) {
    const revision = await ctx.loaders.revisionAt.load({ messageId: message.id, at: leftAt });
    if (revision) {
      seen = {
        ...seen,
        body: revision.body,
        customType: revision.customType,
        metaData: revision.metaData,
        attachments: revision.attachments,
        attachmentTypes: revision.attachmentTypes,
        editedAt: revision.editedAt,
      };
    }
  }
  if (seen.pinnedAt && seen.pinnedAt > leftAt) seen = { ...seen, pinnedAt: null, pinnedById: null };
  // the counts are read when asked (seenReactionCounts); a reader of the property itself sees none,
  // never the counts of reactions made after the member left
  // (updatedAt: the same as access/sql.ts asSeenSql, for the columns lists filter and order by)
  const copy: Message = { ...seen, reactionCounts: {}, updatedAt: seen.updatedAt > leftAt ? leftAt : seen.updatedAt };
  copiesAsOf.set(copy, leftAt);
  return copy;
}

/** The message with this id as the viewer sees it, or null (it does not exist, or is not for them). */
export async function visibleMessage(ctx: Context, id: string): Promise<Message | null> {
  return seenBatch(ctx, visibleMessageLoaders, (loaders) => loaders.message, {}).load(id);
}

/**
 * The newest message of a conversation as the viewer sees it: the lastMessage loader's statement
 * (or the inbox's) applied the rule, deleted copies included; the rows of one request are seen in
 * one batch.
 */
export async function visibleLastMessage(ctx: Context, conversationId: string): Promise<Message | null> {
  return seenBatch(ctx, lastMessageLoaders, (loaders) => loaders.lastMessage, { hiddenExcluded: true, failedAsError: true }).load(
    conversationId,
  );
}

// One batch per set of loaders: renewed loaders (the next subscription event) get a fresh cache too.
type SeenBatch = DataLoader<string, Message | null>;
const visibleMessageLoaders = new WeakMap<Loaders, SeenBatch>();
const lastMessageLoaders = new WeakMap<Loaders, SeenBatch>();

/** Rows of `source`, seen by the rules in one batch per request; a failed read is null, or with `failedAsError` fails its field. */
function seenBatch(
  ctx: Context,
  cache: WeakMap<Loaders, SeenBatch>,
  source: (loaders: Loaders) => DataLoader<string, Message | null>,
  options: { hiddenExcluded?: boolean; failedAsError?: boolean },
): SeenBatch {
  let loader = cache.get(ctx.loaders);
  if (!loader) {
    // taken now, not in the batch: loaders with one made count as used, so renewLoaders replaces
    // them (and this cache with them)
    const rowsOf = source(ctx.loaders);
    loader = new Loader<string, Message | null>(async (keys) => {
      const rows = await rowsOf.loadMany(keys);
      const seen = await seeMessages(
        ctx,
        rows.map((r) => (r instanceof Error ? null : r)),
        options,
      );
      return options.failedAsError ? rows.map((r, i) => (r instanceof Error ? r : seen[i]!)) : seen;
    });
    cache.set(ctx.loaders, loader);
  }
  return loader;
}

/** The viewer's access to a conversation, or null when it does not exist (other failures are thrown). */
export function accessOrNull(ctx: Context, conversationId: string): Promise<Access | null> {
  // catch(), not async: seesDetails asks through here for every detailsOnly field of every row
  return ctx.loaders.access.load(conversationId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'NOT_FOUND') return null;
    throw error;
  });
}

/**
 * What the viewer sees of a conversation: null when nothing (banned, or a private one they never
 * were in); otherwise the conversation, whose fields then ask seesDetails() for anything beyond an
 * inbox row.
 */
export async function seeConversation(ctx: Context, conversation: Conversation | null): Promise<Conversation | null> {
  if (!conversation || !viewerOf(ctx)) return null;
  const access = await accessOrNull(ctx, conversation.id);
  if (!access || (!access.window && !access.seesDetails)) return null;
  return markSeen(ctx, conversation);
}

/** Members, watchers, lists, counts and settings of the conversation: not for former members. */
export function seesDetails(ctx: Context, conversationId: string): Promise<boolean> {
  return accessOrNull(ctx, conversationId).then((access) => access?.seesDetails === true);
}

/**
 * The last change of a conversation the viewer can see: a message for them, or a change to the
 * conversation. A former member's copy stopped changing when they left.
 */
export async function lastChangeSeen(ctx: Context, conversation: Conversation): Promise<Date> {
  const { member, seesDetails: details } = await ctx.loaders.access.load(conversation.id);
  const own = details ? member?.lastActivityAt : (member?.leftAt ?? null);
  if (!details && own) return own;
  return own && own > conversation.updatedAt ? own : conversation.updatedAt;
}

/**
 * A member row as a conversation's member list shows it: an active member, to those who read the
 * conversation now (not former members, outsiders of a private one, the banned); null otherwise.
 */
export async function seeMember(ctx: Context, member: Member | null): Promise<Member | null> {
  if (!member || member.leftAt !== null) return null;
  return (await seesDetails(ctx, member.conversationId)) ? member : null;
}

/**
 * Messages an action is about, read in the action's transaction (with `lock`, their conversations
 * are locked, in the order sends lock them): FORBIDDEN
 * when the viewer may not read the conversation, NOT_FOUND when a message does not exist or is not
 * for them (its existence must not leak).
 */
export async function loadVisibleMessages(
  tx: Tx,
  viewerId: Viewer,
  messageIds: readonly string[],
  options: { lock?: boolean } = {},
): Promise<{ message: Message; access: Access }[]> {
  const ids = [...new Set(messageIds)];
  const [messages, hidden] = await Promise.all([
    tx.message.findMany({ where: { id: { in: ids } } }),
    typeof viewerId === 'string'
      ? tx.hiddenMessage.findMany({ where: { userId: viewerId, messageId: { in: ids } }, select: { messageId: true } })
      : [],
  ]);
  const hiddenIds = new Set(hidden.map((h) => h.messageId));
  const byId = new Map(messages.map((m) => [m.id, m]));
  const accesses = await fetchAccesses(tx, viewerId, [...new Set(messages.map((m) => m.conversationId))], options);
  return ids.map((id) => {
    const message = byId.get(id);
    if (!message) throw notFound('Message', id);
    const access = accesses.get(message.conversationId)!;
    assertReadable(access);
    if (!isMessageVisible(access, message, hiddenIds.has(id))) throw notFound('Message', id);
    return { message, access };
  });
}

export async function loadVisibleMessage(tx: Tx, viewerId: Viewer, messageId: string, options: { lock?: boolean } = {}) {
  const [found] = await loadVisibleMessages(tx, viewerId, [messageId], options);
  return found!;
}

// ---- mutation payloads: what the actor sees of what they just changed ----

/** A written message as its writer sees it now (fresh loaders: the change is committed). */
export async function seeWritten(ctx: Context, message: Message): Promise<Message> {
  const [seen] = await seeWrittenAll(ctx, [message]);
  return seen!;
}

export async function seeWrittenAll(ctx: Context, messages: readonly Message[]): Promise<Message[]> {
  renewLoaders(ctx);
  const seen = await seeMessages(ctx, messages);
  return seen.map((m, i) => {
    if (!m) throw notFound('Message', messages[i]!.id);
    return m;
  });
}

/**
 * A message its writer just sent, seen through the same rules as seeWritten but from the facts
 * the writing statement read with the write (`writer`: sql/send.ts), so the answer costs no second
 * read. The message was created by that statement, so the writer cannot have deleted their copy
 * of it yet (hidden: false). Without facts for this viewer, it is seen as any written message.
 */
export async function seeSent(ctx: Context, sent: { message: Message; writer: Omit<AccessFacts, 'isApp'> | null }): Promise<Message> {
  const viewer = viewerOf(ctx);
  if (!sent.writer || typeof viewer !== 'string' || sent.writer.viewerId !== viewer) return seeWritten(ctx, sent.message);
  renewLoaders(ctx);
  const access = accessOf({ ...sent.writer, isApp: false });
  const seen = await seeIn(ctx, access, sent.message, false);
  if (!seen) throw notFound('Message', sent.message.id);
  await noteFirstReads(ctx.db, [access]);
  return seen;
}

/** A changed conversation as the actor sees it now; FORBIDDEN when that is nothing (they were banned). */
export async function seeChanged(ctx: Context, conversation: Conversation): Promise<Conversation> {
  renewLoaders(ctx);
  const seen = await seeConversation(ctx, conversation);
  if (!seen) throw forbidden('You may no longer see this conversation.');
  return seen;
}
