// One attempt of one delivery: a signed webhook POST (Standard Webhooks), a Web Push message
// (VAPID, encrypted for the subscription by the web-push package), or a push handed to the app's
// push gateway (a webhook taking PUSH). Each answers what came of it; the worker decides what next.
import { Webhook as Signer } from 'standardwebhooks';
import webPush, { WebPushError } from 'web-push';
import type { Delivery, PushDevice, Webhook } from '../generated/prisma/client.ts';
import { webhookBody, webhookData } from './payloads.ts';
import type { Agent } from 'node:https';
import { assertSendable } from './endpoints.ts';

export interface SenderOptions {
  timeoutMs: number;
  allowPrivatePushEndpoints: boolean;
  /** for Web Push endpoints: refuses non-public addresses when it connects (endpoints.ts) */
  pushAgent: Agent;
  vapid: { subject: string; publicKey: string; privateKey: string };
}

export interface AttemptOutcome {
  /** delivered; failed (may pass: retry); rejected (a 4xx that will not pass: stop); expired (the push subscription is gone) */
  result: 'delivered' | 'failed' | 'rejected' | 'expired';
  status: number | null;
  error: string | null;
  /** the receiver's Retry-After, when it gave one */
  retryAfterMs: number | null;
}

type Attempted = Delivery & {
  event: { id: bigint; type: string; conversationId: string | null; payload: unknown; createdAt: Date };
  webhook: Webhook | null;
  device: PushDevice | null;
};

/** Network errors, timeouts, 408, 429 and 5xx may pass; any other 4xx is the receiver's final answer. */
function outcomeOfStatus(status: number, retryAfter: string | null): AttemptOutcome {
  if (status >= 200 && status < 300) return { result: 'delivered', status, error: null, retryAfterMs: null };
  const mayPass = status === 408 || status === 429 || status >= 500;
  return {
    result: mayPass ? 'failed' : 'rejected',
    status,
    error: `HTTP ${status}`,
    retryAfterMs: retryAfterMs(retryAfter),
  };
}

function retryAfterMs(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

function networkFailure(error: unknown): AttemptOutcome {
  const message = error instanceof Error ? (error.name === 'TimeoutError' ? 'timed out' : error.message) : String(error);
  return { result: 'failed', status: null, error: message.slice(0, 500), retryAfterMs: null };
}

/** POSTs a body to a webhook endpoint, signed with its secret. */
async function postSigned(webhook: Webhook, messageId: string, body: string, now: Date, timeoutMs: number): Promise<AttemptOutcome> {
  const signature = new Signer(webhook.secret).sign(messageId, now, body);
  try {
    const response = await fetch(webhook.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Parley-Webhooks/1',
        'webhook-id': messageId,
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': signature,
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    // the answer's body is not read: drop it so the connection can be reused
    await response.body?.cancel();
    return outcomeOfStatus(response.status, response.headers.get('retry-after'));
  } catch (error) {
    return networkFailure(error);
  }
}

export async function attemptDelivery(delivery: Attempted, options: SenderOptions, now: Date): Promise<AttemptOutcome> {
  const { event } = delivery;
  switch (delivery.kind) {
    case 'WEBHOOK': {
      const data = webhookData(event.type, event.conversationId, event.payload as Record<string, unknown>);
      // the same id on every attempt and for every endpoint: receivers drop repeats by it
      return postSigned(delivery.webhook!, `evt_${event.id}`, webhookBody(event.type, event.createdAt, data), now, options.timeoutMs);
    }
    case 'PUSH_GATEWAY': {
      const device = delivery.device!;
      const data = {
        userId: device.userId,
        device: { id: device.id, kind: device.kind, token: device.address },
        notification: delivery.payload,
      };
      return postSigned(delivery.webhook!, `push_${delivery.id}`, webhookBody('push', event.createdAt, data), now, options.timeoutMs);
    }
    case 'WEB_PUSH':
      return sendWebPush(delivery.device!, delivery.payload, options);
  }
}

async function sendWebPush(device: PushDevice, payload: unknown, options: SenderOptions): Promise<AttemptOutcome> {
  try {
    assertSendable(device.address, options.allowPrivatePushEndpoints);
    const response = await webPush.sendNotification(
      { endpoint: device.address, keys: { p256dh: device.p256dh!, auth: device.auth! } },
      JSON.stringify(payload),
      {
        vapidDetails: options.vapid,
        TTL: 24 * 3600,
        urgency: 'high',
        timeout: options.timeoutMs,
        agent: options.pushAgent,
      },
    );
    return { result: 'delivered', status: response.statusCode, error: null, retryAfterMs: null };
  } catch (error) {
    if (error instanceof WebPushError) {
      if (error.statusCode === 404 || error.statusCode === 410) {
        return { result: 'expired', status: error.statusCode, error: `HTTP ${error.statusCode}: subscription gone`, retryAfterMs: null };
      }
      const header = (error.headers as Record<string, string | undefined>)['retry-after'] ?? null;
      return outcomeOfStatus(error.statusCode, header);
    }
    if ((error as { code?: string }).code === 'EPUSHENDPOINT') {
      return { result: 'rejected', status: null, error: (error as Error).message, retryAfterMs: null };
    }
    return networkFailure(error);
  }
}
