// Webhook endpoints: configured by the API key (createWebhook, updateWebhook, deleteWebhook), or one
// by environment (WEBHOOK_URL). Each takes a list of event types and signs with its own secret.
import type { Context } from '../context.ts';
import type { Database } from '../db/client.ts';
import type { Webhook } from '../generated/prisma/client.ts';
import { isApiKey } from '../auth/identity.ts';
import { badInput, forbidden, notFound } from '../errors.ts';
import { checkOptionalUrl } from '../common/validate.ts';
import { defaultWebhookEvents, webhookEventTypes, type WebhookEventName } from './events.ts';
import { newWebhookSecret } from './settings.ts';

const maxWebhooks = 50;
const environmentId = 'environment';

export function assertApiKey(ctx: Context, what: string): void {
  if (!isApiKey(ctx)) throw forbidden(`Only the API key may ${what}.`);
}

/** A Standard Webhooks secret: whsec_ and the base64 of 24 to 64 random bytes. */
export function checkSecret(secret: string, field = 'secret'): string {
  const match = /^whsec_([A-Za-z0-9+/]+={0,2})$/.exec(secret);
  const bytes = match ? Buffer.from(match[1]!, 'base64').length : 0;
  if (bytes < 24 || bytes > 64) {
    throw badInput(`${field} must be whsec_ followed by the base64 of 24 to 64 random bytes (or leave it out to have one made).`, field);
  }
  return secret;
}

function checkUrl(url: string): string {
  const checked = checkOptionalUrl(url, 'url');
  if (!checked) throw badInput('url is required.', 'url');
  return checked;
}

function checkEvents(events: readonly WebhookEventName[] | null | undefined): string[] {
  if (events === undefined || events === null) return defaultWebhookEvents;
  if (events.length === 0) throw badInput('Name at least one event, or leave events out for every event but PUSH.', 'events');
  return [...new Set(events.map((name) => webhookEventTypes[name]))];
}

export async function createWebhook(
  ctx: Context,
  input: { url: string; events?: WebhookEventName[] | null; secret?: string | null },
): Promise<Webhook> {
  assertApiKey(ctx, 'create webhooks');
  const url = checkUrl(input.url);
  const events = checkEvents(input.events);
  const secret = input.secret ? checkSecret(input.secret) : newWebhookSecret();
  if ((await ctx.db.prisma.webhook.count()) >= maxWebhooks) {
    throw badInput(`There may be at most ${maxWebhooks} webhooks; delete one first.`, 'url');
  }
  return ctx.db.prisma.webhook.create({ data: { url, events, secret } });
}

export async function updateWebhook(
  ctx: Context,
  id: string,
  input: { url?: string | null; events?: WebhookEventName[] | null; secret?: string | null; enabled?: boolean | null },
): Promise<Webhook> {
  assertApiKey(ctx, 'change webhooks');
  const current = await ctx.db.prisma.webhook.findUnique({ where: { id } });
  if (!current) throw notFound('Webhook', id);
  const data: Partial<Webhook> = {};
  if (input.url != null) data.url = checkUrl(input.url);
  if (input.events != null) data.events = checkEvents(input.events);
  if (input.secret != null) data.secret = checkSecret(input.secret);
  if (input.enabled != null) {
    data.enabled = input.enabled;
    // enabled again: its pending deliveries resume, and the day of failures starts over
    if (input.enabled) Object.assign(data, { disabledAt: null, disabledReason: null, failingSince: null });
    else if (current.enabled) Object.assign(data, { disabledAt: ctx.runtime.clock.now(), disabledReason: 'Disabled by the API key.' });
  }
  const updated = await ctx.db.prisma.webhook.update({ where: { id }, data });
  if (input.enabled) ctx.runtime.pubsub.publish('outbox:wake');
  return updated;
}

export async function deleteWebhook(ctx: Context, id: string): Promise<string> {
  assertApiKey(ctx, 'delete webhooks');
  const { count } = await ctx.db.prisma.webhook.deleteMany({ where: { id } });
  if (count === 0) throw notFound('Webhook', id);
  return id;
}

/** The webhook of WEBHOOK_URL, kept in step with the environment at each start (id `environment`). */
export async function ensureEnvironmentWebhook(
  db: Database,
  configured: { url: string; secret?: string; events: string[] } | null,
): Promise<void> {
  if (!configured) {
    await db.prisma.webhook.deleteMany({ where: { id: environmentId } });
    return;
  }
  const events = configured.events.length
    ? configured.events.map((name) => webhookEventTypes[name as WebhookEventName])
    : defaultWebhookEvents;
  const existing = await db.prisma.webhook.findUnique({ where: { id: environmentId } });
  const secret = configured.secret ?? existing?.secret ?? newWebhookSecret();
  await db.prisma.webhook.upsert({
    where: { id: environmentId },
    create: { id: environmentId, url: configured.url, events, secret },
    update: { url: configured.url, events, secret },
  });
}
