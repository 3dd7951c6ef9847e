// Creating conversations: groups and 1-to-1s (also made on the fly by a send to a user), distinct
// ones found again by their members, idempotent with a client's own id.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Context } from '../context.ts';
import { isApiKey } from '../auth/identity.ts';
import { actorOf, assertApp, type Viewer } from '../access/access.ts';
import type { Conversation, ConversationType } from '../generated/prisma/client.ts';
import { Prisma } from '../generated/prisma/client.ts';
import type { Tx } from '../db/client.ts';
import { badInput, conflict, forbidden } from '../errors.ts';
import { postAdminMessage } from './admin-messages.ts';
import { distinctKeyOf } from './membership.ts';
import { publishMembersChanged } from '../live/publish.ts';
import { notifyConversation } from '../notifications/events.ts';
import { transaction, type Outbox } from '../db/transaction.ts';
import { assertUsersExist } from '../users/users.ts';
import { checkClientId, checkIds, checkIntRange, checkJsonObject, checkOptionalUrl, checkTags, checkText } from '../common/validate.ts';

export interface ConfigInput {
  typingEvents?: boolean | null;
  readEvents?: boolean | null;
  pushNotifications?: boolean | null;
  pinMessages?: boolean | null;
}

interface CreateConversationInput {
  id?: string | null;
  type?: ConversationType | null;
  isGroup?: boolean | null;
  isDistinct?: boolean | null;
  customType?: string | null;
  title?: string | null;
  profileImageUrl?: string | null;
  memberIds?: string[] | null;
  config?: ConfigInput | null;
  metaData?: unknown;
  tags?: string[] | null;
  category?: string | null;
  subcategory?: string | null;
  maxMemberCount?: number | null;
  hideMessagesBeforeJoin?: boolean | null;
  rateLimit?: number | null;
  rateLimitWindow?: number | null;
  flagLimit?: number | null;
  createdAt?: Date | null;
  /** the app only: who owns it (default: the first of memberIds) */
  ownerId?: string | null;
  privateTag?: string | null;
  privateData?: unknown;
}

/** API.md: config flags are on for private conversations and off for public and open ones, except pinMessages, on only for open ones. */
function defaultConfig(type: ConversationType) {
  const on = type === 'PRIVATE';
  return { typingEvents: on, readEvents: on, pushNotifications: on, pinMessages: type === 'OPEN' };
}

const maxMemberCountLimit = 100_000;

/** Checks shared by create and update: slow mode, flag limit, caps, labels. */
export function checkSettings(input: {
  customType?: string | null;
  profileImageUrl?: string | null;
  metaData?: unknown;
  tags?: string[] | null;
  category?: string | null;
  subcategory?: string | null;
  maxMemberCount?: number | null;
  rateLimit?: number | null;
  rateLimitWindow?: number | null;
  flagLimit?: number | null;
}) {
  const rateLimit = checkIntRange(input.rateLimit, 'rateLimit', 1, 10_000);
  const rateLimitWindow = checkIntRange(input.rateLimitWindow, 'rateLimitWindow', 1, 86_400);
  return {
    customType: checkText(input.customType, 'customType', { max: 64 }),
    profileImageUrl: checkOptionalUrl(input.profileImageUrl, 'profileImageUrl'),
    metaData: checkJsonObject(input.metaData, 'metaData'),
    tags: checkTags(input.tags),
    category: checkText(input.category, 'category', { max: 64 }),
    subcategory: checkText(input.subcategory, 'subcategory', { max: 64 }),
    maxMemberCount: checkIntRange(input.maxMemberCount, 'maxMemberCount', 1, maxMemberCountLimit),
    rateLimit,
    rateLimitWindow,
    flagLimit: checkIntRange(input.flagLimit, 'flagLimit', 1, 10_000),
  };
}

function hashInput(viewer: string, input: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify([viewer, input]))
    .digest('base64url');
}

/** Slow mode is a pair: a number of messages per window of seconds. */
export function checkRatePair(rateLimit: number | null, rateLimitWindow: number | null): void {
  if ((rateLimit === null) !== (rateLimitWindow === null)) {
    throw badInput('rateLimit and rateLimitWindow are set together, or cleared together.', 'rateLimit');
  }
}

/**
 * The app's own fields (TalkPlus privateTag and privateData): written by the API key alone, never
 * shown to a user. undefined: left out.
 */
export function checkAppFields(
  actor: Viewer,
  input: { privateTag?: string | null; privateData?: unknown },
): { privateTag?: string | null; privateData?: unknown } {
  if (input.privateTag === undefined && input.privateData === undefined) return {};
  assertApp(actor, 'set privateTag and privateData: they belong to the app');
  return {
    privateTag: checkText(input.privateTag, 'privateTag', { max: 256 }),
    privateData: checkJsonObject(input.privateData, 'privateData'),
  };
}

export function newInvitationCode(): string {
  return randomBytes(9).toString('base64url');
}

/**
 * Who creates and who owns: a user creates for themself; the app (the API key alone) for its
 * members, owned by `ownerId` or else the first of them.
 */
function creatorOf(ctx: Context, input: CreateConversationInput): { actor: Viewer; owner: string } {
  const actor = actorOf(ctx);
  if (typeof actor === 'string') {
    if (input.ownerId != null && input.ownerId !== actor) assertApp(actor, 'create a conversation owned by someone else');
    return { actor, owner: actor };
  }
  const owner = input.ownerId ?? input.memberIds?.[0];
  if (!owner) throw badInput('The app creates a conversation for its members: give memberIds (the first owns it) or ownerId.', 'memberIds');
  return { actor, owner };
}

export async function createConversation(ctx: Context, input: CreateConversationInput): Promise<Conversation> {
  const { actor, owner: viewer } = creatorOf(ctx, input);
  const { limits } = ctx.config;
  const id = checkClientId(input.id);
  const type = input.type ?? 'PRIVATE';
  const isGroup = input.isGroup ?? true;
  if (!isGroup && type !== 'PRIVATE') throw badInput('Only PRIVATE conversations can be 1-to-1 (isGroup: false).', 'isGroup');
  if (input.createdAt && !isApiKey(ctx)) throw forbidden('Only the API key may set createdAt.');
  const others = checkIds(input.memberIds, 'memberIds', limits.idsPerRequest).filter((m) => m !== viewer);
  const memberIds = [viewer, ...others];
  if (!isGroup && memberIds.length !== 2) {
    throw badInput('A 1-to-1 conversation has exactly two members: you and one other user.', 'memberIds');
  }
  const title = checkText(input.title, 'title', { max: limits.titleLength, required: isGroup });
  const settings = checkSettings(input);
  const appFields = checkAppFields(actor, input);
  if (settings.maxMemberCount != null && memberIds.length > settings.maxMemberCount) {
    throw badInput(`maxMemberCount is ${settings.maxMemberCount} but ${memberIds.length} members were given.`, 'maxMemberCount');
  }
  checkRatePair(settings.rateLimit ?? null, settings.rateLimitWindow ?? null);
  const config = { ...defaultConfig(type), ...stripNulls(input.config ?? {}) };
  const distinctKey = !isGroup || input.isDistinct ? distinctKeyOf({ type, isGroup }, memberIds) : null;
  const normalized = { type, isGroup, title, memberIds: [...memberIds].sort(), config, ...settings, distinct: !!distinctKey };
  const inputHash = id ? hashInput(viewer, { ...normalized, hide: input.hideMessagesBeforeJoin ?? false }) : null;

  const existing = await findExisting(ctx, id, inputHash, distinctKey);
  if (existing) return existing;

  const now = ctx.runtime.clock.now();
  const spec: ConversationSpec = {
    actor,
    id: id ?? randomUUID(),
    type,
    isGroup,
    title: title ?? null,
    ownerId: viewer,
    memberIds,
    config,
    settings,
    appFields,
    hideMessagesBeforeJoin: input.hideMessagesBeforeJoin ?? false,
    distinctKey,
    inputHash,
    createdAt: input.createdAt ?? now,
  };
  try {
    return await transaction(ctx.runtime, async (tx, outbox) => {
      await assertUsersExist(tx, ctx.runtime.users, typeof actor === 'string' ? others : memberIds, 'memberIds');
      return insertConversation(tx, outbox, spec, now);
    });
  } catch (e) {
    // a concurrent create with the same id or member set won the race: answer as it would have
    if (isUniqueViolation(e)) {
      const winner = await findExisting(ctx, id, inputHash, distinctKey);
      if (winner) return winner;
    }
    throw e;
  }
}

/** A unique constraint refused a write (through Prisma, or a hand-written statement). */
export function isUniqueViolation(e: unknown): boolean {
  if (e instanceof Prisma.PrismaClientKnownRequestError) return e.code === 'P2002';
  return (e as { code?: unknown } | null)?.code === '23505';
}

interface ConversationSpec {
  /** who creates it: its owner, or the app */
  actor: Viewer;
  id: string;
  type: ConversationType;
  isGroup: boolean;
  title: string | null;
  ownerId: string;
  memberIds: string[];
  config: ReturnType<typeof defaultConfig>;
  settings: Partial<ReturnType<typeof checkSettings>>;
  appFields?: ReturnType<typeof checkAppFields>;
  hideMessagesBeforeJoin: boolean;
  distinctKey: string | null;
  inputHash: string | null;
  createdAt: Date;
}

/** Writes a new conversation with its members (the first is the owner) and its ADMIN message. */
async function insertConversation(tx: Tx, outbox: Outbox, spec: ConversationSpec, now: Date): Promise<Conversation> {
  const { settings } = spec;
  const conversation = await tx.conversation.create({
    data: {
      id: spec.id,
      type: spec.type,
      isGroup: spec.isGroup,
      title: spec.title,
      ownerId: spec.ownerId,
      ...spec.config,
      customType: settings.customType ?? null,
      profileImageUrl: settings.profileImageUrl ?? null,
      metaData: (settings.metaData ?? Prisma.DbNull) as Prisma.InputJsonValue,
      tags: settings.tags ?? [],
      category: settings.category ?? null,
      subcategory: settings.subcategory ?? null,
      maxMemberCount: settings.maxMemberCount ?? null,
      rateLimit: settings.rateLimit ?? null,
      rateLimitWindow: settings.rateLimitWindow ?? null,
      flagLimit: settings.flagLimit ?? null,
      privateTag: spec.appFields?.privateTag ?? null,
      privateData: (spec.appFields?.privateData ?? Prisma.DbNull) as Prisma.InputJsonValue,
      hideMessagesBeforeJoin: spec.hideMessagesBeforeJoin,
      distinctKey: spec.distinctKey,
      invitationCode: spec.type === 'PRIVATE' && spec.isGroup ? newInvitationCode() : null,
      memberCount: spec.memberIds.length,
      inputHash: spec.inputHash,
      createdAt: spec.createdAt,
      updatedAt: spec.createdAt,
    },
  });
  await tx.member.createMany({
    data: spec.memberIds.map((userId) => ({
      conversationId: conversation.id,
      userId,
      role: userId === spec.ownerId ? ('OWNER' as const) : ('MEMBER' as const),
      joinedAt: now,
    })),
  });
  notifyConversation(outbox, 'conversation.created', conversation, spec.actor);
  publishMembersChanged(outbox, conversation.id, 'added', spec.memberIds, spec.actor);
  if (!spec.isGroup) return conversation;
  await postAdminMessage(
    tx,
    outbox,
    conversation,
    {
      type: 'admin_group_create',
      actorId: spec.actor,
      objType: 'group',
      objValues: spec.title,
    },
    now,
  );
  return tx.conversation.findUniqueOrThrow({ where: { id: conversation.id } });
}

/** The 1-to-1 of two users, made when it does not exist yet (sending or broadcasting to a userId). */
export async function findOrCreateDirect(ctx: Context, tx: Tx, outbox: Outbox, viewer: string, otherId: string, now: Date) {
  if (otherId === viewer) throw badInput('A 1-to-1 is with another user, not yourself.', 'userId');
  const distinctKey = distinctKeyOf({ type: 'PRIVATE', isGroup: false }, [viewer, otherId]);
  const existing = await tx.conversation.findUnique({ where: { distinctKey } });
  if (existing) return existing;
  await assertUsersExist(tx, ctx.runtime.users, [otherId], 'userId');
  return insertConversation(
    tx,
    outbox,
    {
      actor: viewer,
      id: randomUUID(),
      type: 'PRIVATE',
      isGroup: false,
      title: null,
      ownerId: viewer,
      memberIds: [viewer, otherId],
      config: defaultConfig('PRIVATE'),
      settings: {},
      hideMessagesBeforeJoin: false,
      distinctKey,
      inputHash: null,
      createdAt: now,
    },
    now,
  );
}

async function findExisting(ctx: Context, id: string | undefined, inputHash: string | null, distinctKey: string | null) {
  if (id) {
    const byId = await ctx.db.prisma.conversation.findUnique({ where: { id } });
    if (byId) {
      if (byId.inputHash !== inputHash) {
        throw conflict('That id is taken by a different conversation: retry with the same input, or use a new id.');
      }
      return byId;
    }
  }
  if (distinctKey) return ctx.db.prisma.conversation.findUnique({ where: { distinctKey } });
  return null;
}

function stripNulls<T extends object>(value: T): { [K in keyof T]?: NonNullable<T[K]> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined)) as never;
}
