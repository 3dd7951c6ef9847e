// The before-send hook: the app's own moderation. When configured (by the API key), every message a
// user sends or edits is first POSTed to the hook's URL, signed like a webhook, and the hook answers
// { "action": "allow" }, { "action": "reject", "reason": "..." } (the sender gets FORBIDDEN with
// the reason) or { "action": "replace", "message": { "body": ... } } (the message is sent with the
// replaced fields). A hook that does not answer in time, or answers anything else, is a failure;
// the hook's `onFailure` decides whether the message then goes (ALLOW) or not (REFUSE).
import { randomUUID } from 'node:crypto';
import { Webhook as Signer } from 'standardwebhooks';
import type { Context } from '../context.ts';
import { AppError, badInput, forbidden } from '../errors.ts';
import { checkOptionalUrl, checkText } from '../common/validate.ts';
import { newWebhookSecret } from './settings.ts';
import { assertApiKey, checkSecret } from './webhooks.ts';

type HookFallback = 'ALLOW' | 'REFUSE';

export interface BeforeSendHook {
  url: string;
  secret: string;
  timeoutMs: number;
  onFailure: HookFallback;
  updatedAt: string;
}

const settingKey = 'beforeSendHook';
const maxTimeoutMs = 10_000;

export async function setBeforeSendHook(
  ctx: Context,
  input: { url: string; secret?: string | null; timeoutMs?: number | null; onFailure?: HookFallback | null },
): Promise<BeforeSendHook> {
  assertApiKey(ctx, 'configure the before-send hook');
  const url = checkOptionalUrl(input.url, 'url');
  if (!url) throw badInput('url is required.', 'url');
  const timeoutMs = input.timeoutMs ?? 2000;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > maxTimeoutMs) {
    throw badInput(`timeoutMs must be from 100 to ${maxTimeoutMs}.`, 'timeoutMs');
  }
  const hook: BeforeSendHook = {
    url,
    secret: input.secret ? checkSecret(input.secret) : newWebhookSecret(),
    timeoutMs,
    onFailure: input.onFailure ?? 'ALLOW',
    updatedAt: ctx.runtime.clock.now().toISOString(),
  };
  await ctx.runtime.settings.set(settingKey, { ...hook });
  return hook;
}

export async function removeBeforeSendHook(ctx: Context): Promise<boolean> {
  assertApiKey(ctx, 'configure the before-send hook');
  return ctx.runtime.settings.remove(settingKey);
}

export async function beforeSendHook(ctx: Context): Promise<BeforeSendHook | null> {
  assertApiKey(ctx, 'configure the before-send hook');
  return ctx.runtime.settings.get<BeforeSendHook>(settingKey);
}

/** Whether a hook is set (to skip preparing what it would be shown). */
export async function hasBeforeSendHook(ctx: Context): Promise<boolean> {
  return (await ctx.runtime.settings.get<BeforeSendHook>(settingKey)) !== null;
}

/** The fields a hook may replace. */
export interface ReplaceableContent {
  body?: string | null;
  customType?: string | null;
  metaData?: unknown;
  attachments?: unknown[] | null;
}

export interface DraftMessage extends ReplaceableContent {
  type: string;
  parentId?: string | null;
  recipientIds?: string[];
  mentionedUsers?: unknown[];
}

/** What the message about to go is: send (with where to) or edit (with which message). */
interface Draft {
  action: 'send' | 'broadcast' | 'edit';
  senderId: string;
  conversationId?: string | null;
  /** a send to a user's 1-to-1 */
  userId?: string | null;
  /** a broadcast's targets */
  conversationIds?: string[];
  userIds?: string[];
  /** the message an edit changes */
  messageId?: string | null;
  message: DraftMessage;
}

class HookFailure extends Error {}

/**
 * Asks the hook, when there is one. Resolves with the fields to replace (empty: send as is);
 * FORBIDDEN when the hook rejects, or fails and its onFailure is REFUSE. `check` validates a
 * replacement the way the sender's own input is validated; a replacement that fails is a failure
 * of the hook, not the sender's.
 */
export async function askBeforeSend(
  ctx: Context,
  draft: Draft,
  check: (replaced: ReplaceableContent) => void,
): Promise<ReplaceableContent> {
  const hook = await ctx.runtime.settings.get<BeforeSendHook>(settingKey);
  if (!hook) return {};
  const { logger } = ctx.runtime;
  try {
    const answer = await callHook(hook, draft, ctx.runtime.clock.now());
    if (answer.action === 'allow') return {};
    if (answer.action === 'reject') {
      throw new AppError('FORBIDDEN', answer.reason ? `The message was refused: ${answer.reason}` : 'The message was refused.', {
        reason: answer.reason,
      });
    }
    try {
      check(answer.replacement);
    } catch (error) {
      if (error instanceof AppError) throw new HookFailure(`its replacement is not a valid message: ${error.message}`);
      throw error;
    }
    return answer.replacement;
  } catch (error) {
    if (!(error instanceof HookFailure)) throw error;
    logger.warn({ err: error, url: hook.url, requestId: ctx.requestId ?? undefined }, 'before-send hook failed');
    if (hook.onFailure === 'ALLOW') return {};
    throw forbidden('The message could not be checked (the before-send hook failed), so it was not sent. Try again later.');
  }
}

type HookAnswer =
  { action: 'allow' } | { action: 'reject'; reason: string | null } | { action: 'replace'; replacement: ReplaceableContent };

async function callHook(hook: BeforeSendHook, draft: Draft, now: Date): Promise<HookAnswer> {
  const body = JSON.stringify({ type: 'message.before_send', timestamp: now.toISOString(), data: draft });
  const id = `bs_${randomUUID()}`;
  let response: Response;
  try {
    response = await fetch(hook.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Parley-Webhooks/1',
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': new Signer(hook.secret).sign(id, now, body),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(hook.timeoutMs),
    });
  } catch (error) {
    throw new HookFailure(error instanceof Error && error.name === 'TimeoutError' ? `no answer in ${hook.timeoutMs} ms` : String(error));
  }
  if (response.status < 200 || response.status >= 300) {
    await response.body?.cancel();
    throw new HookFailure(`it answered HTTP ${response.status}`);
  }
  let answer: unknown;
  try {
    answer = await response.json();
  } catch {
    throw new HookFailure('its answer is not JSON');
  }
  return parseAnswer(answer);
}

function parseAnswer(answer: unknown): HookAnswer {
  const a = answer as { action?: unknown; reason?: unknown; message?: unknown };
  switch (a?.action) {
    case 'allow':
      return { action: 'allow' };
    case 'reject': {
      const reason = typeof a.reason === 'string' ? (checkText(a.reason.slice(0, 500), 'reason', { max: 500 }) ?? null) : null;
      return { action: 'reject', reason };
    }
    case 'replace': {
      const m = a.message as Record<string, unknown> | undefined;
      if (!m || typeof m !== 'object' || Array.isArray(m)) throw new HookFailure('a replace answer needs a message object');
      const replacement: ReplaceableContent = {};
      if ('body' in m) {
        if (m.body !== null && typeof m.body !== 'string') throw new HookFailure('message.body must be a string or null');
        replacement.body = m.body;
      }
      if ('customType' in m) {
        if (m.customType !== null && typeof m.customType !== 'string') throw new HookFailure('message.customType must be a string or null');
        replacement.customType = m.customType;
      }
      if ('metaData' in m) replacement.metaData = m.metaData;
      if ('attachments' in m) {
        if (m.attachments !== null && !Array.isArray(m.attachments)) throw new HookFailure('message.attachments must be a list or null');
        replacement.attachments = m.attachments;
      }
      return { action: 'replace', replacement };
    }
    default:
      throw new HookFailure('its answer has no action of allow, reject or replace');
  }
}
