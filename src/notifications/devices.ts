// Push devices: each user registers their own (a Web Push subscription, or an FCM / APNs token that
// the app's push gateway forwards), sees them and removes them. A device belongs to one user: the
// same subscription or token registered by another user moves to them (a shared browser or phone
// signed into another account). A user keeps at most 25; a 26th replaces their oldest.
import type { Context } from '../context.ts';
import { viewerId } from '../auth/identity.ts';
import type { PushDevice, PushDeviceKind } from '../generated/prisma/client.ts';
import { badInput, notFound } from '../errors.ts';
import { checkText } from '../common/validate.ts';
import { checkPushEndpoint } from './endpoints.ts';

const maxDevicesPerUser = 25;

interface WebPushSubscriptionInput {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

/** base64url of exactly `bytes` bytes (what a browser's PushSubscription.toJSON() gives). */
function checkKey(value: string, bytes: number, field: string): string {
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(value) || Buffer.from(value, 'base64url').length !== bytes) {
    throw badInput(`${field} must be the base64url of ${bytes} bytes, as the browser's PushSubscription gives it.`, field);
  }
  return value;
}

export async function registerPushDevice(
  ctx: Context,
  kind: PushDeviceKind,
  token: string | null | undefined,
  subscription: WebPushSubscriptionInput | null | undefined,
): Promise<PushDevice> {
  const userId = viewerId(ctx);
  let data: { address: string; p256dh: string | null; auth: string | null };
  if (kind === 'WEB_PUSH') {
    if (token != null) throw badInput('A WEB_PUSH device is registered with its subscription, not a token.', 'token');
    if (!subscription) throw badInput('A WEB_PUSH device needs its subscription (endpoint and keys).', 'subscription');
    if (subscription.endpoint.length > 2048) throw badInput('The push endpoint must be at most 2048 characters.', 'subscription.endpoint');
    const endpoint = await checkPushEndpoint(subscription.endpoint, ctx.config.notifications.allowPrivatePushEndpoints);
    data = {
      address: endpoint.href,
      // an uncompressed P-256 public key, and a 16-byte authentication secret (RFC 8291)
      p256dh: checkKey(subscription.keys.p256dh, 65, 'subscription.keys.p256dh'),
      auth: checkKey(subscription.keys.auth, 16, 'subscription.keys.auth'),
    };
  } else {
    if (subscription != null) throw badInput(`An ${kind} device is registered with its token, not a subscription.`, 'subscription');
    const checked = checkText(token, 'token', { max: 4096, required: true })!;
    data = { address: checked, p256dh: null, auth: null };
  }
  return ctx.db.prisma.$transaction(async (tx) => {
    const device = await tx.pushDevice.upsert({
      where: { kind_address: { kind, address: data.address } },
      create: { userId, kind, ...data },
      update: { userId, ...data },
    });
    const surplus = await tx.pushDevice.findMany({
      where: { userId },
      orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
      skip: maxDevicesPerUser,
      select: { id: true },
    });
    if (surplus.length) await tx.pushDevice.deleteMany({ where: { id: { in: surplus.map((d) => d.id) } } });
    return device;
  });
}

export async function unregisterPushDevice(ctx: Context, id: string): Promise<string> {
  const userId = viewerId(ctx);
  // another user's device answers like one that does not exist
  const { count } = await ctx.db.prisma.pushDevice.deleteMany({ where: { id, userId } });
  if (count === 0) throw notFound('PushDevice', id);
  return id;
}
