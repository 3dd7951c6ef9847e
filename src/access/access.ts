// A viewer's access to one conversation: the facts (their member row, ban, watch, first read) read
// in one statement, and what the rules of access/rules.ts make of them: their roles, the window of
// messages they read, whether they see the conversation's details. Every read path and every action
// takes its answer from here.
import type { Queryable } from '../db/client.ts';
import type { Conversation, Member } from '../generated/prisma/client.ts';
import { accessFacts, insertFirstReads, recentMessageTimes } from '../sql/access.ts';
import { appViewer } from './sql.ts';
import { forbidden, notFound, rateLimited, unauthenticated } from '../errors.ts';
import { holds, run, type Expr, type Rows } from './expr.ts';
import { actionPhrases, canRule, isActiveMember, isAdmin, isOwner, type Action } from './permissions.ts';
import {
  isConversationMutedNow,
  isFormerPrivateMember,
  isMutedNow,
  mayRead,
  seesDetails,
  sendChecks,
  windowAfter,
  windowUpTo,
  type SendRefusal,
} from './rules.ts';

/** Messages with after < seq <= upTo (upTo null: no upper bound). */
export interface SeqWindow {
  after: number;
  upTo: number | null;
}

/** What is read from the database about a viewer in a conversation. */
export interface AccessFacts {
  viewerId: string | null;
  /** the app itself acts (the API key without x-user-id): no member row, the owner's authority */
  isApp: boolean;
  conversation: Conversation;
  /** the viewer's member row, active or left; null when they never joined */
  member: Member | null;
  isBanned: boolean;
  isWatching: boolean;
  /** the seq at which a user with no member row first read the conversation */
  readerSince: number | null;
}

export interface Access extends AccessFacts {
  isActiveMember: boolean;
  isAdmin: boolean;
  isOwner: boolean;
  /** left or removed from a private conversation: keeps the history up to leaving, and nothing else */
  isFormerMember: boolean;
  /** what the viewer may read; null when nothing */
  window: SeqWindow | null;
  /** members, watchers, lists, counts and settings: for those who may read the conversation now */
  seesDetails: boolean;
}

/** The rule rows of a viewer in a conversation, with extra facts for one rule. */
function rowsOf(facts: AccessFacts, extra: Record<string, unknown> = {}): Rows {
  return {
    tables: { c: facts.conversation, mb: facts.member },
    params: {
      viewerId: facts.viewerId,
      banned: facts.isBanned,
      isApp: facts.isApp,
      watching: facts.isWatching,
      readerSince: facts.readerSince,
      ownsMessage: false,
      hasInvitationCode: false,
      ...extra,
    },
  };
}

export function accessOf(facts: AccessFacts): Access {
  const rows = rowsOf(facts);
  const reads = holds(mayRead, rows);
  // the facts listed one by one: `{ ...facts, more }` cost 11 µs here, on Node 20 every property
  // added after a spread takes about 1 µs, and an inbox page makes 25 of these
  return {
    viewerId: facts.viewerId,
    isApp: facts.isApp,
    conversation: facts.conversation,
    member: facts.member,
    isBanned: facts.isBanned,
    isWatching: facts.isWatching,
    readerSince: facts.readerSince,
    isActiveMember: holds(isActiveMember, rows),
    // the app has the owner's authority in every conversation (access/permissions.ts)
    isAdmin: facts.isApp || holds(isAdmin, rows),
    isOwner: facts.isApp || holds(isOwner, rows),
    isFormerMember: holds(isFormerPrivateMember, rows),
    window: reads ? { after: run(windowAfter, rows) as number, upTo: (run(windowUpTo, rows) as number | null) ?? null } : null,
    seesDetails: holds(seesDetails, rows),
  };
}

/** Who a statement or an access is for: a user id, or the app itself; null: no one signed in. */
export type Viewer = string | null | typeof appViewer;

/** Who acts, as events and ADMIN messages name them. */
export type ActorKind = 'USER' | 'APP' | 'SYSTEM';

/** The user id of a viewer (null for the app). */
export function userIdOf(viewer: Viewer): string | null {
  return typeof viewer === 'string' ? viewer : null;
}

/** The kind of actor a viewer is; no viewer: the server itself (a flag limit, an expiry). */
export function actorKindOf(viewer: Viewer): ActorKind {
  if (viewer === null) return 'SYSTEM';
  return typeof viewer === 'string' ? 'USER' : 'APP';
}

/** Who acts in a request that may be the app's: its user, or the app; UNAUTHENTICATED for no one. */
export function actorOf(ctx: { readonly viewer: { userId: string | null; isApiKey: boolean } | null }): Exclude<Viewer, null> {
  const viewer = viewerOf(ctx);
  if (viewer === null) throw unauthenticated('Sign in: send a bearer token or an API key.');
  return viewer;
}

/** The user an action needs (join, leave, react...): the app has no membership of its own. */
export function requireUser(viewer: Viewer, what: string): string {
  if (typeof viewer === 'string') return viewer;
  throw forbidden(`The app cannot ${what}: it has no membership of its own. Send x-user-id with the API key to act as a user.`);
}

/** What only the app does (privateTag, privateData, a conversation owned by another): FORBIDDEN for anyone else. */
export function assertApp(viewer: Viewer, what: string): void {
  if (viewer !== appViewer) throw forbidden(`Only the app (the API key without x-user-id) may ${what}.`);
}

/** A value that is the app's alone (privateTag, privateData): null for every other viewer. */
export function appOnly<T>(ctx: { readonly viewer: { userId: string | null; isApiKey: boolean } | null }, value: T): T | null {
  return viewerOf(ctx) === appViewer ? value : null;
}

/** The viewer of a request: its user, or the app when the API key comes without x-user-id. */
export function viewerOf(ctx: { readonly viewer: { userId: string | null; isApiKey: boolean } | null }): Viewer {
  if (ctx.viewer?.userId) return ctx.viewer.userId;
  return ctx.viewer?.isApiKey ? appViewer : null;
}

/** The viewer's access to each conversation, in one statement (locked with `lock`: see sql/access.ts). */
export async function fetchAccesses(
  db: Queryable,
  viewer: Viewer,
  conversationIds: readonly string[],
  options: { lock?: boolean; now?: Date } = {},
): Promise<Map<string, Access>> {
  const result = new Map<string, Access>();
  const isApp = viewer === appViewer;
  const viewerId = isApp ? null : (viewer as string | null);
  for (const facts of await accessFacts(db, viewerId, conversationIds, options)) {
    result.set(facts.conversation.id, accessOf({ viewerId, isApp, ...facts }));
  }
  return result;
}

export async function loadAccess(
  db: Queryable,
  viewerId: Viewer,
  conversationId: string,
  options: { lock?: boolean; now?: Date } = {},
): Promise<Access> {
  const access = (await fetchAccesses(db, viewerId, [conversationId], options)).get(conversationId);
  if (!access) throw notFound('Conversation', conversationId);
  return access;
}

/**
 * Before a user with no member row reads messages of a conversation for the first time, records
 * where they began (API.md: with history hiding, "any other user's first read"). The window the
 * caller computed already starts there: an unrecorded reader begins now.
 */
export async function noteFirstReads(db: Queryable, accesses: readonly Access[]): Promise<void> {
  const first = accesses.filter((a) => a.viewerId && a.member === null && a.readerSince === null && a.window);
  if (first.length === 0) return;
  await insertFirstReads(
    db,
    first[0]!.viewerId!,
    first.map((a) => ({ conversationId: a.conversation.id, seq: a.conversation.lastSeq })),
  );
  for (const access of first) access.readerSince = access.conversation.lastSeq;
}

/** The window, or FORBIDDEN with the table's reason. */
export function assertReadable(access: Access): SeqWindow {
  if (access.window) return access.window;
  assertAction(access, 'read');
  // the table allowed reading yet no window: cannot happen, but never read without one
  throw new Error('read allowed without a window');
}

/** Whether the viewer may do `action`, by the permission table. */
function can(access: AccessFacts, action: Action, extra: { ownsMessage?: boolean; hasInvitationCode?: boolean } = {}): boolean {
  return holds(canRule(action), rowsOf(access, extra));
}

export function assertAction(access: Access, action: Action, extra: { ownsMessage?: boolean; hasInvitationCode?: boolean } = {}): void {
  if (can(access, action, extra)) return;
  if (access.isBanned) throw forbidden(`You are banned from this conversation, so you may not ${actionPhrases[action]}.`);
  throw forbidden(`You may not ${actionPhrases[action]}.`);
}

/** Rules beyond the table: what only the owner may do (transfer ownership, demote, remove or ban an admin). */
export function assertOwner(access: Access, what: string): void {
  if (!access.isOwner || access.isBanned) throw forbidden(`Only the owner may ${what}.`);
}

/**
 * Acting on another member (remove, ban, mute, demote): the owner is out of anyone's reach, and only
 * the owner may act on an admin.
 */
export function assertCanActOn(access: Access, targetRole: 'OWNER' | 'ADMIN' | 'MEMBER', verb: string): void {
  if (targetRole === 'OWNER') throw forbidden(`The owner cannot be ${verb}; transfer ownership first.`);
  if (targetRole === 'ADMIN' && !access.isOwner) throw forbidden(`Only the owner may have an admin ${verb}.`);
}

/** A member's push setting: the member themself, an admin of the conversation, or the API key. */
export function assertCanSetPush(access: Access, isSelf: boolean, isApiKey: boolean): void {
  if (isApiKey || (isSelf && !access.isBanned)) return;
  if (access.isBanned || !access.isAdmin) {
    throw forbidden("Only the member, an admin or the API key may change a member's push notifications.");
  }
}

/** The whole conversation is muted at `now` (the rule, for one conversation row). */
export function isConversationMuted(conversation: Conversation, now: Date): boolean {
  return holds(isConversationMutedNow, { tables: { c: conversation }, params: { now } });
}

/** Muted by an admin at `now` (the rule, for one member row). */
export function isMemberMuted(member: Member, now: Date): boolean {
  return holds(isMutedNow, { tables: { mb: member }, params: { now } });
}

/** The first of `checks` the viewer fails, or null. */
function refusalOf(
  access: AccessFacts,
  checks: readonly { refusal: SendRefusal; rule: Expr }[],
  facts: { now: Date; recentCount: number },
): SendRefusal | null {
  const rows = rowsOf(access, facts);
  return checks.find((check) => !holds(check.rule, rows))?.refusal ?? null;
}

const slowModeCheck = sendChecks.filter((check) => check.refusal === 'slowMode');

/**
 * When slow mode lets the viewer send again in each conversation (null: they may send now, or slow
 * mode does not bind them). The same rule as the send path (sendChecks' slowMode), with the
 * viewer's recent messages read in one statement for all the conversations.
 */
export async function slowModeEnds(db: Queryable, accesses: readonly Access[], now: Date): Promise<Map<string, Date | null>> {
  const ends = new Map<string, Date | null>();
  // (a page of conversations: their recent messages in one statement)
  const bound: Access[] = [];
  for (const access of accesses) {
    const { conversation } = access;
    // refused even at its fullest? (with recentCount = rateLimit the rule holds only for those slow mode does not bind)
    const free =
      conversation.rateLimit === null ||
      conversation.rateLimitWindow === null ||
      !access.viewerId ||
      refusalOf(access, slowModeCheck, { now, recentCount: conversation.rateLimit }) === null;
    if (free) ends.set(conversation.id, null);
    else bound.push(access);
  }
  const viewerId = bound[0]?.viewerId;
  if (!viewerId) return ends;
  const recent = await recentMessageTimes(
    db,
    viewerId,
    bound.map(({ conversation }) => ({
      conversationId: conversation.id,
      since: new Date(now.getTime() - conversation.rateLimitWindow! * 1000),
      limit: conversation.rateLimit!,
    })),
  );
  for (const access of bound) {
    const { conversation } = access;
    const times = recent.get(conversation.id) ?? [];
    const refused = refusalOf(access, slowModeCheck, { now, recentCount: times.length }) !== null;
    const oldest = times.at(-1);
    ends.set(conversation.id, refused && oldest ? slowModeEndsAt(oldest, conversation.rateLimitWindow!) : null);
  }
  return ends;
}

/** When slow mode frees the next message: the oldest of the recent ones leaves the window. */
function slowModeEndsAt(oldest: Date, windowSeconds: number): Date {
  return new Date(oldest.getTime() + windowSeconds * 1000);
}

/** Whole seconds until slow mode frees the next message (at least 1), for RATE_LIMITED's retry hint. */
export function slowModeWaitSeconds(oldest: Date | null, windowSeconds: number | null, now: Date): number {
  if (!oldest || !windowSeconds) return 1;
  return Math.max(1, Math.ceil((slowModeEndsAt(oldest, windowSeconds).getTime() - now.getTime()) / 1000));
}

/** The error a send refusal answers with. */
export function sendRefusalError(
  refusal: SendRefusal,
  facts: {
    mutedUntil: Date | null;
    conversationMutedUntil: Date | null;
    rateLimit: number | null;
    rateLimitWindow: number | null;
    waitSeconds: number;
  },
): Error {
  switch (refusal) {
    case 'banned':
      return forbidden(`You are banned from this conversation, so you may not ${actionPhrases.send}.`);
    case 'notAllowed':
      return forbidden(`You may not ${actionPhrases.send}.`);
    case 'frozen':
      return forbidden('This conversation is frozen: only its admins can send messages.');
    case 'conversationMuted':
      return forbidden(
        facts.conversationMutedUntil
          ? `This conversation is muted until ${facts.conversationMutedUntil.toISOString()}: only its admins can send messages.`
          : 'This conversation is muted until an admin unmutes it: only its admins can send messages.',
      );
    case 'muted':
      return forbidden(
        facts.mutedUntil
          ? `You are muted in this conversation until ${facts.mutedUntil.toISOString()}.`
          : 'You are muted in this conversation until an admin unmutes you.',
      );
    case 'slowMode':
      return rateLimited(
        `Slow mode: at most ${facts.rateLimit} messages every ${facts.rateLimitWindow} seconds. Try again in ${facts.waitSeconds} seconds.`,
        facts.waitSeconds,
      );
  }
}

/**
 * The send right (or, with typingChecks, the right to type) in TypeScript, for actions on rows
 * already read (edit, typing, broadcast targets): reads the viewer's recent messages only when slow
 * mode could refuse.
 */
export async function assertMaySend(
  db: Queryable,
  access: Access,
  now: Date,
  checks: readonly { refusal: SendRefusal; rule: Expr }[] = sendChecks,
): Promise<void> {
  const { conversation } = access;
  let recentCount = 0;
  let oldest: Date | null = null;
  const slowMode = conversation.rateLimit !== null && conversation.rateLimitWindow !== null && !access.isAdmin;
  if (slowMode && checks.some((c) => c.refusal === 'slowMode') && access.viewerId) {
    const since = new Date(now.getTime() - conversation.rateLimitWindow! * 1000);
    const recent =
      (await recentMessageTimes(db, access.viewerId, [{ conversationId: conversation.id, since, limit: conversation.rateLimit! }])).get(
        conversation.id,
      ) ?? [];
    recentCount = recent.length;
    oldest = recent.at(-1) ?? null;
  }
  const refusal = refusalOf(access, checks, { now, recentCount });
  if (!refusal) return;
  const waitSeconds = slowModeWaitSeconds(oldest, conversation.rateLimitWindow, now);
  throw sendRefusalError(refusal, {
    mutedUntil: access.member?.mutedUntil ?? null,
    conversationMutedUntil: conversation.mutedUntil,
    rateLimit: conversation.rateLimit,
    rateLimitWindow: conversation.rateLimitWindow,
    waitSeconds,
  });
}
