// The delivery worker, one per server: turns outbox events into deliveries (webhooks taking the
// type; Web Push and push-gateway pushes to the devices of members who are away) and attempts them,
// at least once each, with exponential backoff on failures that may pass. Woken by every instance's
// commits over the pub/sub, and by a poll for retries that come due.
import type { Database } from '../db/client.ts';
import type { Delivery, Prisma, PushDevice, Webhook } from '../generated/prisma/client.ts';
import type { ParleyPubSub } from '../live/pubsub.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { NotificationMetrics } from '../metrics.ts';
import {
  claimDeliveries,
  hasUndispatchedEvents,
  pendingCounts,
  pushTargets,
  takeEventsToDispatch,
  type EventRow,
} from '../sql/deliveries.ts';
import { pushNotification } from './payloads.ts';
import { attemptDelivery, type AttemptOutcome, type SenderOptions } from './senders.ts';
import { vapidKeys, type AppSettings } from './settings.ts';
import { pushAgent } from './endpoints.ts';

interface WorkerOptions {
  /** how often to look for due retries when nothing woke the worker */
  pollMs: number;
  /** attempts in flight at once on this instance */
  concurrency: number;
  /** one attempt's time limit (a timeout is a failure that may pass) */
  timeoutMs: number;
  /** the first retry's delay; each next one doubles, up to maxRetryDelayMs */
  retryBaseMs: number;
  maxRetryDelayMs: number;
  /** a delivery is given up after failing this long; an endpoint failing this long is disabled */
  retryWindowMs: number;
  allowPrivatePushEndpoints: boolean;
  vapid: { subject: string; publicKey?: string; privateKey?: string };
}

interface WorkerDeps {
  db: Database;
  pubsub: ParleyPubSub;
  clock: Clock;
  logger: Logger;
  metrics: NotificationMetrics;
  settings: AppSettings;
}

type LoadedDelivery = Delivery & {
  event: { id: bigint; type: string; conversationId: string | null; payload: Prisma.JsonValue; createdAt: Date };
} & {
  webhook: Webhook | null;
  device: PushDevice | null;
};

const dispatchBatch = 100;
// with nothing pending, wakes come over the pub/sub; this slow poll only covers a lost one
const idlePollMs = 30_000;

export class NotificationWorker {
  readonly #deps: WorkerDeps;
  readonly #options: WorkerOptions;
  readonly #inFlight = new Set<Promise<void>>();
  #timer: NodeJS.Timeout | null = null;
  #running = false;
  #again = false;
  #stopped = true;
  #stopWakes: (() => void) | null = null;
  #senders: SenderOptions | null = null;
  /** nothing waited at the last look */
  #idle = false;

  constructor(deps: WorkerDeps, options: WorkerOptions) {
    this.#deps = deps;
    this.#options = options;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#stopWakes = this.#deps.pubsub.listen('outbox:wake', () => this.wake());
    this.wake();
  }

  /** Stops taking work and waits for the attempts in flight (their leases would let others retry them anyway). */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#stopWakes?.();
    this.#stopWakes = null;
    await Promise.allSettled([...this.#inFlight]);
    this.#senders?.pushAgent.destroy();
    this.#senders = null;
  }

  /** Look at the outbox now. */
  wake(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = true;
    void this.#run()
      .catch((error: unknown) => this.#deps.logger.error({ err: error }, 'notification worker'))
      .finally(() => {
        this.#running = false;
        if (this.#stopped) return;
        if (this.#again) {
          this.#again = false;
          this.wake();
        } else {
          this.#schedule();
        }
      });
  }

  /** Dispatches what waits and attempts what is due, once; resolves when those attempts are done (for tests). */
  async drain(): Promise<void> {
    await this.#dispatchAll();
    for (;;) {
      const started = await this.#attemptDue();
      await Promise.allSettled([...this.#inFlight]);
      if (started === 0) return;
    }
  }

  #schedule(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(
      () => {
        this.#timer = null;
        this.wake();
      },
      this.#idle && this.#inFlight.size === 0 ? idlePollMs : this.#options.pollMs,
    );
    this.#timer.unref();
  }

  async #run(): Promise<void> {
    await this.#dispatchAll();
    await this.#attemptDue();
    const pending = await pendingCounts(this.#deps.db);
    this.#idle = pending.deliveries + pending.events === 0;
  }

  async #dispatchAll(): Promise<void> {
    while ((await this.#dispatch()) === dispatchBatch && !this.#stopped);
  }

  /** Turns a batch of events into deliveries, in one transaction; how many events it took. */
  async #dispatch(): Promise<number> {
    const { db, clock } = this.#deps;
    // a look before a transaction: the embedded database runs one transaction at a time
    if (!(await hasUndispatchedEvents(db))) return 0;
    return db.prisma.$transaction(
      async (tx) => {
        const events = await takeEventsToDispatch(tx, dispatchBatch);
        if (events.length === 0) return 0;
        const now = clock.now();
        const webhooks = await tx.webhook.findMany({ where: { enabled: true } });
        const deliveries: Prisma.DeliveryCreateManyInput[] = [];
        for (const event of events) {
          for (const webhook of webhooks) {
            if (!webhook.events.includes(event.type)) continue;
            // one conversation's events reach a webhook in order; events of no conversation share one line
            deliveries.push({ eventId: BigInt(event.id), kind: 'WEBHOOK', webhookId: webhook.id, orderKey: event.conversationId ?? '' });
          }
          if (event.type === 'message.new') deliveries.push(...(await this.#pushes(tx, event, webhooks, now)));
        }
        if (deliveries.length)
          await tx.delivery.createMany({ data: deliveries.map((d) => ({ ...d, nextAttemptAt: now, createdAt: now })) });
        await tx.outboxEvent.updateMany({ where: { id: { in: events.map((e) => BigInt(e.id)) } }, data: { dispatchedAt: now } });
        return events.length;
      },
      { maxWait: 15_000, timeout: 30_000 },
    );
  }

  /** A push to each device of each member who may be told of a new message (sql/deliveries.ts pushTargets). */
  async #pushes(tx: Prisma.TransactionClient, event: EventRow, webhooks: Webhook[], now: Date): Promise<Prisma.DeliveryCreateManyInput[]> {
    const message = event.payload.message as Record<string, unknown>;
    const targets = await pushTargets(tx as never, message.id as string, now);
    if (targets.length === 0) return [];
    const gateways = webhooks.filter((w) => w.events.includes('push'));
    const [conversation, sender] = await Promise.all([
      tx.conversation.findUnique({ where: { id: message.conversationId as string }, select: { isGroup: true, title: true } }),
      message.ownerId ? tx.user.findUnique({ where: { id: message.ownerId as string }, select: { displayName: true } }) : null,
    ]);
    if (!conversation) return [];
    const result: Prisma.DeliveryCreateManyInput[] = [];
    for (const target of targets) {
      const payload = pushNotification(message, conversation, sender, target.mentioned) as unknown as Prisma.InputJsonValue;
      const eventId = BigInt(event.id);
      if (target.kind === 'WEB_PUSH') {
        result.push({ eventId, kind: 'WEB_PUSH', deviceId: target.deviceId, payload });
      } else {
        // FCM and APNs tokens go through the app's push gateway: a webhook that takes PUSH
        for (const gateway of gateways)
          result.push({ eventId, kind: 'PUSH_GATEWAY', webhookId: gateway.id, deviceId: target.deviceId, payload });
      }
    }
    return result;
  }

  /** Claims what is due (up to the free slots) and starts attempting it; how many it started. */
  async #attemptDue(): Promise<number> {
    const free = this.#options.concurrency - this.#inFlight.size;
    if (free <= 0 || this.#stopped) return 0;
    const { db, clock } = this.#deps;
    const now = clock.now();
    // the lease outlives the attempt's time limit, so a live instance's attempt is never taken from it
    const leaseUntil = new Date(now.getTime() + this.#options.timeoutMs * 2 + 5_000);
    const claimed = await claimDeliveries(db, now, leaseUntil, free);
    if (claimed.length === 0) return 0;
    const loaded = (await db.prisma.delivery.findMany({
      where: { id: { in: claimed.map((c) => BigInt(c.id)) } },
      include: { event: true, webhook: true, device: true },
    })) as LoadedDelivery[];
    const senders = await this.#senderOptions();
    for (const delivery of loaded) {
      const attempt = this.#attempt(delivery, senders).catch((error: unknown) =>
        this.#deps.logger.error({ err: error, deliveryId: String(delivery.id) }, 'notification delivery'),
      );
      this.#inFlight.add(attempt);
      void attempt.finally(() => {
        this.#inFlight.delete(attempt);
        // a slot is free: more may be due (and the next of an ordered line may now go)
        this.wake();
      });
    }
    return loaded.length;
  }

  async #senderOptions(): Promise<SenderOptions> {
    if (this.#senders) return this.#senders;
    const { vapid } = this.#options;
    const keys = await vapidKeys(this.#deps.settings, vapid);
    this.#senders = {
      timeoutMs: this.#options.timeoutMs,
      allowPrivatePushEndpoints: this.#options.allowPrivatePushEndpoints,
      pushAgent: pushAgent(this.#options.allowPrivatePushEndpoints),
      vapid: { subject: vapid.subject, ...keys },
    };
    return this.#senders;
  }

  async #attempt(delivery: LoadedDelivery, senders: SenderOptions): Promise<void> {
    const { metrics, clock } = this.#deps;
    const started = performance.now();
    const outcome = await attemptDelivery(delivery, senders, clock.now());
    const seconds = (performance.now() - started) / 1000;
    // counted once recorded, so a scrape never sees a delivery counted as done and still pending
    await this.#record(delivery, outcome);
    const kind = delivery.kind.toLowerCase();
    metrics.deliveries.inc({ kind, outcome: outcome.result });
    metrics.deliverySeconds.observe({ kind, outcome: outcome.result }, seconds);
  }

  /** Keeps what an attempt came to; nothing when another instance took the delivery over meanwhile. */
  async #record(delivery: LoadedDelivery, outcome: AttemptOutcome): Promise<void> {
    const { db, clock, logger } = this.#deps;
    const now = clock.now();
    const mine = { id: delivery.id, attempts: delivery.attempts, state: 'PENDING' as const };
    if (outcome.result === 'expired' && delivery.deviceId) {
      // the push service says the subscription is gone (404 / 410): forget the device and its pushes
      await db.prisma.pushDevice.deleteMany({ where: { id: delivery.deviceId } });
      return;
    }
    if (outcome.result === 'delivered') {
      await db.prisma.delivery.updateMany({
        where: mine,
        data: { state: 'DELIVERED', deliveredAt: now, leasedUntil: null, lastStatus: outcome.status, lastError: null },
      });
      if (delivery.webhookId)
        await db.prisma.webhook.updateMany({
          where: { id: delivery.webhookId, failingSince: { not: null } },
          data: { failingSince: null },
        });
      return;
    }
    const firstAttemptAt = delivery.firstAttemptAt ?? now;
    const failingFor = now.getTime() - firstAttemptAt.getTime();
    const giveUp = outcome.result === 'rejected' || failingFor >= this.#options.retryWindowMs;
    const delay = this.#retryDelay(delivery.attempts, outcome.retryAfterMs);
    await db.prisma.delivery.updateMany({
      where: mine,
      data: {
        state: giveUp ? 'FAILED' : 'PENDING',
        leasedUntil: null,
        nextAttemptAt: giveUp ? now : new Date(now.getTime() + delay),
        lastStatus: outcome.status,
        lastError: outcome.error,
      },
    });
    if (delivery.webhookId) await this.#noteWebhookFailure(delivery.webhookId, outcome, now);
    logger.warn(
      {
        deliveryId: String(delivery.id),
        kind: delivery.kind,
        attempts: delivery.attempts,
        status: outcome.status,
        error: outcome.error,
        giveUp,
      },
      'notification delivery failed',
    );
  }

  /** An endpoint that has failed every attempt for the retry window is disabled, with why. */
  async #noteWebhookFailure(webhookId: string, outcome: AttemptOutcome, now: Date): Promise<void> {
    const { db } = this.#deps;
    await db.prisma.webhook.updateMany({ where: { id: webhookId, failingSince: null }, data: { failingSince: now } });
    const webhook = await db.prisma.webhook.findUnique({ where: { id: webhookId } });
    if (!webhook?.enabled || !webhook.failingSince) return;
    if (now.getTime() - webhook.failingSince.getTime() < this.#options.retryWindowMs) return;
    const hours = Math.round(this.#options.retryWindowMs / 3_600_000);
    await db.prisma.webhook.updateMany({
      where: { id: webhookId, enabled: true },
      data: {
        enabled: false,
        disabledAt: now,
        disabledReason: `Every delivery failed for ${hours} hours since ${webhook.failingSince.toISOString()}; the last: ${describe(outcome)}. Its pending deliveries wait until it is enabled again.`,
      },
    });
  }

  /** Exponential backoff with jitter, at least what the receiver asked for (Retry-After). */
  #retryDelay(attempts: number, retryAfterMs: number | null): number {
    const { retryBaseMs, maxRetryDelayMs } = this.#options;
    const exponential = Math.min(maxRetryDelayMs, retryBaseMs * 2 ** Math.max(0, attempts - 1));
    const jittered = exponential * (0.8 + Math.random() * 0.4);
    return Math.min(maxRetryDelayMs, Math.max(jittered, retryAfterMs ?? 0));
  }
}

function describe(outcome: AttemptOutcome): string {
  return outcome.status ? `HTTP ${outcome.status}${outcome.error ? ` (${outcome.error})` : ''}` : (outcome.error ?? 'unknown error');
}
