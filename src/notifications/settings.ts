// Settings of the app that every instance shares (the VAPID keys, the before-send hook), kept in
// the app_settings table and cached per instance. A change is announced over the pub/sub so the
// other instances drop their copy at once; the cache also expires, in case an announcement is lost.
import { randomBytes } from 'node:crypto';
import webPush from 'web-push';
import type { Database } from '../db/client.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import type { ParleyPubSub } from '../live/pubsub.ts';

const cacheMs = 30_000;

export class AppSettings {
  readonly #cache = new Map<string, { value: Promise<unknown>; expires: number }>();
  readonly #db: Database;
  readonly #pubsub: ParleyPubSub;
  #stopListening: (() => void) | null = null;

  constructor(db: Database, pubsub: ParleyPubSub) {
    this.#db = db;
    this.#pubsub = pubsub;
  }

  /** Listens for changes made on other instances. */
  start(): void {
    this.#stopListening ??= this.#pubsub.listen('app:setting', (key) => this.#cache.delete(key));
  }

  stop(): void {
    this.#stopListening?.();
    this.#stopListening = null;
  }

  async get<T>(key: string): Promise<T | null> {
    const cached = this.#cache.get(key);
    if (cached && cached.expires > Date.now()) return cached.value as Promise<T | null>;
    const value = this.#db.prisma.appSetting.findUnique({ where: { key } }).then((row) => (row?.value ?? null) as T | null);
    this.#cache.set(key, { value, expires: Date.now() + cacheMs });
    value.catch(() => this.#cache.delete(key));
    return value;
  }

  async set(key: string, value: Prisma.InputJsonValue): Promise<void> {
    await this.#db.prisma.appSetting.upsert({ where: { key }, create: { key, value }, update: { value } });
    this.#changed(key);
  }

  async remove(key: string): Promise<boolean> {
    const { count } = await this.#db.prisma.appSetting.deleteMany({ where: { key } });
    this.#changed(key);
    return count > 0;
  }

  /** Stores `make()` under `key` unless some instance stored a value first; the value that won. */
  async getOrCreate<T extends Prisma.InputJsonValue>(key: string, make: () => T): Promise<T> {
    const existing = await this.get<T>(key);
    if (existing) return existing;
    await this.#db.prisma.appSetting.createMany({ data: [{ key, value: make() }], skipDuplicates: true });
    this.#cache.delete(key);
    return (await this.get<T>(key))!;
  }

  #changed(key: string): void {
    this.#cache.delete(key);
    this.#pubsub.publish('app:setting', key);
  }
}

interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

/**
 * The server's VAPID keys for Web Push: from VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY when set, else
 * generated once and kept in the database, like the development secrets, so every instance and
 * every restart signs with the same key (subscriptions are bound to it).
 */
export function vapidKeys(settings: AppSettings, configured: { publicKey?: string; privateKey?: string }): Promise<VapidKeys> {
  if (configured.publicKey && configured.privateKey) {
    return Promise.resolve({ publicKey: configured.publicKey, privateKey: configured.privateKey });
  }
  return settings.getOrCreate<{ publicKey: string; privateKey: string }>('vapid', () => webPush.generateVAPIDKeys());
}

/** A new Standard Webhooks signing secret. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}
