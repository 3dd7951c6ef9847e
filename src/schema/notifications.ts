// Notifications that leave the server: webhooks and their deliveries (the API key), push devices
// (each user their own), the Web Push public key, and the before-send hook (the API key).
import { builder } from './builder.ts';
import type { Context } from '../context.ts';
import { DeliveryKind, DeliveryState, PushDeviceKind } from '../generated/prisma/client.ts';
import { eventNameOf, webhookEventTypes, type WebhookEventName } from '../notifications/events.ts';
import { assertApiKey, createWebhook, deleteWebhook, updateWebhook } from '../notifications/webhooks.ts';
import { registerPushDevice, unregisterPushDevice } from '../notifications/devices.ts';
import { beforeSendHook, removeBeforeSendHook, setBeforeSendHook, type BeforeSendHook } from '../notifications/before-send.ts';
import { vapidKeys } from '../notifications/settings.ts';
import { viewerId } from '../auth/identity.ts';
import { notFound } from '../errors.ts';
import { checkPageSize, defaultPageSize, type PageArgs } from '../common/pagination.ts';

/** Page sizes of the plugin's connections: the default and the largest of every other connection. */
const pageSizes = {
  defaultSize: defaultPageSize,
  maxSize: (args: Pick<PageArgs, 'first' | 'last'>, ctx: Context) => checkPageSize(args, ctx.config.limits.pageSize),
};

const WebhookEvent = builder.enumType('WebhookEvent', {
  description: 'What a webhook takes; each is sent with its `type` (README "Webhooks").',
  values: Object.fromEntries(
    Object.entries(webhookEventTypes).map(([name, type]) => [
      name,
      {
        value: name as WebhookEventName,
        description: type === 'push' ? '`push`: pushes for FCM and APNs devices, for a push gateway' : `\`${type}\``,
      },
    ]),
  ) as Record<WebhookEventName, { value: WebhookEventName; description: string }>,
});

builder.enumType(DeliveryKind, { name: 'DeliveryKind' });
builder.enumType(DeliveryState, { name: 'DeliveryState' });
builder.enumType(PushDeviceKind, { name: 'PushDeviceKind' });

const WebhookRef = builder.prismaObject('Webhook', {
  description: 'An endpoint that receives events, signed with the Standard Webhooks scheme. The API key only.',
  fields: (t) => ({
    id: t.exposeID('id'),
    url: t.exposeString('url'),
    events: t.field({
      type: [WebhookEvent],
      resolve: (w) => w.events.map(eventNameOf).filter((name): name is WebhookEventName => name !== null),
    }),
    secret: t.exposeString('secret', { description: 'The signing secret (whsec_...), to verify webhook-signature.' }),
    enabled: t.exposeBoolean('enabled'),
    disabledReason: t.exposeString('disabledReason', {
      nullable: true,
      description: 'Why it was disabled: by the API key, or because every delivery failed for a day.',
    }),
    disabledAt: t.expose('disabledAt', { type: 'DateTime', nullable: true }),
    failingSince: t.expose('failingSince', {
      type: 'DateTime',
      nullable: true,
      description: 'The first failure since the last success; null while deliveries succeed.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const DeliveryRef = builder.prismaObject('Delivery', {
  description: 'One event to one endpoint, with its attempts.',
  fields: (t) => ({
    id: t.id({ resolve: (d) => String(d.id) }),
    eventId: t.id({ description: 'The event (its webhook-id is evt_<eventId>).', resolve: (d) => String(d.eventId) }),
    eventType: t.string({ select: { event: { select: { type: true } } }, resolve: (d) => d.event.type }),
    kind: t.expose('kind', { type: DeliveryKind }),
    state: t.expose('state', { type: DeliveryState }),
    attempts: t.exposeInt('attempts'),
    lastStatus: t.exposeInt('lastStatus', { nullable: true, description: 'The HTTP status of the last attempt.' }),
    lastError: t.exposeString('lastError', { nullable: true }),
    nextAttemptAt: t.expose('nextAttemptAt', { type: 'DateTime', description: 'When it is tried next, while PENDING.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    firstAttemptAt: t.expose('firstAttemptAt', { type: 'DateTime', nullable: true }),
    lastAttemptAt: t.expose('lastAttemptAt', { type: 'DateTime', nullable: true }),
    deliveredAt: t.expose('deliveredAt', { type: 'DateTime', nullable: true }),
  }),
});

const DeliveryConnection = builder.connectionObject({ type: DeliveryRef, name: 'DeliveryConnection' });

/** A webhook's deliveries, newest first, optionally of one state: the one query both lists use. */
function deliveriesQuery(state: DeliveryState | null | undefined) {
  return { where: state ? { state } : {}, orderBy: { id: 'desc' as const } };
}

// The webhook's deliveries and its backlog, for a dashboard that shows every endpoint's health in
// one request. plugin-prisma loads them with the webhooks that a Prisma query brought (one
// statement: the rows, and the counts as a sub-select), or batches them by webhook otherwise. The
// Webhook type is the API key's only (every field returning it checks the key), so these carry
// no rule of their own.
builder.prismaObjectFields(WebhookRef, (t) => ({
  deliveries: t.relatedConnection(
    'deliveries',
    {
      cursor: 'id',
      ...pageSizes,
      totalCount: true,
      description: 'Its deliveries, newest first; state: only those in that state.',
      args: { state: t.arg({ type: DeliveryState }) },
      query: (args) => deliveriesQuery(args.state),
    },
    DeliveryConnection,
  ),
  pendingDeliveryCount: t.relationCount('deliveries', {
    description: 'Deliveries waiting for their next attempt: the backlog.',
    where: { state: 'PENDING' },
  }),
  failedDeliveryCount: t.relationCount('deliveries', {
    description: 'Deliveries given up (a 4xx the receiver meant, or the retry window ran out).',
    where: { state: 'FAILED' },
  }),
}));

const PushDeviceRef = builder.prismaObject('PushDevice', {
  description: "A device of the viewer's that gets push notifications while they are away.",
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.expose('kind', { type: PushDeviceKind }),
    endpoint: t.string({
      nullable: true,
      description: 'The Web Push endpoint (WEB_PUSH).',
      resolve: (d) => (d.kind === 'WEB_PUSH' ? d.address : null),
    }),
    token: t.string({ nullable: true, description: 'The FCM or APNs token.', resolve: (d) => (d.kind === 'WEB_PUSH' ? null : d.address) }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const BeforeSendFallback = builder.enumType('BeforeSendFallback', {
  description: 'What happens to a message when the before-send hook fails (no answer in time, or not a valid one).',
  values: {
    ALLOW: { description: 'It is sent as it is.' },
    REFUSE: { description: 'It is refused (FORBIDDEN).' },
  } as const,
});

const BeforeSendHookRef = builder.objectRef<BeforeSendHook>('BeforeSendHook');
BeforeSendHookRef.implement({
  description: 'Called with every message a user sends or edits, before it is written: it may allow, reject or replace it.',
  fields: (t) => ({
    url: t.exposeString('url'),
    secret: t.exposeString('secret', { description: 'Its requests are signed like webhooks, with this secret.' }),
    timeoutMs: t.exposeInt('timeoutMs'),
    onFailure: t.field({ type: BeforeSendFallback, resolve: (h) => h.onFailure }),
    updatedAt: t.field({ type: 'DateTime', resolve: (h) => new Date(h.updatedAt) }),
  }),
});

const WebPushSubscriptionKeys = builder.inputType('WebPushSubscriptionKeys', {
  fields: (t) => ({ p256dh: t.string({ required: true }), auth: t.string({ required: true }) }),
});

const WebPushSubscriptionInput = builder.inputType('WebPushSubscriptionInput', {
  description: "A browser's PushSubscription, as its toJSON() gives it.",
  fields: (t) => ({
    endpoint: t.string({ required: true }),
    keys: t.field({ type: WebPushSubscriptionKeys, required: true }),
  }),
});

builder.queryFields((t) => ({
  webhooks: t.prismaField({
    type: [WebhookRef],
    description: 'Every webhook. The API key only.',
    resolve: (query, _root, _args, ctx) => {
      assertApiKey(ctx, 'see webhooks');
      return ctx.db.prisma.webhook.findMany({ ...query, orderBy: { createdAt: 'asc' } });
    },
  }),
  webhookDeliveries: t.prismaConnection(
    {
      type: DeliveryRef,
      cursor: 'id',
      ...pageSizes,
      description: "A webhook's deliveries, newest first: state, attempts and last errors. The API key only.",
      args: { webhookId: t.arg.id({ required: true }), state: t.arg({ type: DeliveryState }) },
      totalCount: (_root, args, ctx) =>
        ctx.db.prisma.delivery.count({ where: { ...deliveriesQuery(args.state).where, webhookId: args.webhookId } }),
      resolve: async (query, _root, args, ctx) => {
        assertApiKey(ctx, "see a webhook's deliveries");
        const webhook = await ctx.db.prisma.webhook.findUnique({ where: { id: args.webhookId }, select: { id: true } });
        if (!webhook) throw notFound('Webhook', args.webhookId);
        const { where, orderBy } = deliveriesQuery(args.state);
        return ctx.db.prisma.delivery.findMany({ ...query, where: { ...where, webhookId: args.webhookId }, orderBy });
      },
    },
    DeliveryConnection,
  ),
  pushDevices: t.prismaField({
    type: [PushDeviceRef],
    description: "The viewer's push devices.",
    resolve: (query, _root, _args, ctx) =>
      ctx.db.prisma.pushDevice.findMany({ ...query, where: { userId: viewerId(ctx) }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
  }),
  webPushPublicKey: t.string({
    description: "The server's VAPID public key: pass it as applicationServerKey to pushManager.subscribe().",
    resolve: async (_root, _args, ctx) => (await vapidKeys(ctx.runtime.settings, ctx.config.notifications.vapid)).publicKey,
  }),
  beforeSendHook: t.field({
    type: BeforeSendHookRef,
    nullable: true,
    description: 'The before-send hook, if one is set. The API key only.',
    resolve: (_root, _args, ctx) => beforeSendHook(ctx),
  }),
}));

builder.mutationFields((t) => ({
  createWebhook: t.field({
    type: WebhookRef,
    description: 'A new webhook endpoint (the API key only). events: left out, every event but PUSH. secret: left out, one is made.',
    args: { url: t.arg.string({ required: true }), events: t.arg({ type: [WebhookEvent] }), secret: t.arg.string() },
    resolve: (_root, args, ctx) => createWebhook(ctx, args),
  }),
  updateWebhook: t.field({
    type: WebhookRef,
    description: 'Changes a webhook (the API key only). enabled: true resumes a disabled one with its pending deliveries.',
    args: {
      id: t.arg.id({ required: true }),
      url: t.arg.string(),
      events: t.arg({ type: [WebhookEvent] }),
      secret: t.arg.string(),
      enabled: t.arg.boolean(),
    },
    resolve: (_root, { id, ...input }, ctx) => updateWebhook(ctx, id, input),
  }),
  deleteWebhook: t.id({
    description: 'Deletes a webhook and its deliveries (the API key only).',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => deleteWebhook(ctx, id),
  }),
  registerPushDevice: t.field({
    type: PushDeviceRef,
    description: "Registers a device of the viewer's: WEB_PUSH with its subscription, FCM or APNS with its token.",
    args: {
      kind: t.arg({ type: PushDeviceKind, required: true }),
      token: t.arg.string(),
      subscription: t.arg({ type: WebPushSubscriptionInput }),
    },
    resolve: (_root, args, ctx) => registerPushDevice(ctx, args.kind, args.token, args.subscription),
  }),
  unregisterPushDevice: t.id({
    description: "Removes one of the viewer's devices.",
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => unregisterPushDevice(ctx, id),
  }),
  setBeforeSendHook: t.field({
    type: BeforeSendHookRef,
    description: 'Sets the before-send hook (the API key only). timeoutMs: default 2000. onFailure: default ALLOW.',
    args: {
      url: t.arg.string({ required: true }),
      secret: t.arg.string(),
      timeoutMs: t.arg.int(),
      onFailure: t.arg({ type: BeforeSendFallback }),
    },
    resolve: (_root, args, ctx) => setBeforeSendHook(ctx, args),
  }),
  removeBeforeSendHook: t.boolean({
    description: 'Removes the before-send hook (the API key only); whether there was one.',
    resolve: (_root, _args, ctx) => removeBeforeSendHook(ctx),
  }),
}));
