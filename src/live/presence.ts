// Live connections (graphql-ws sockets, SSE streams) recorded in the database, so that presence
// and watches work across instances. Each server refreshes the expiry of its own connections (and
// of the watches bound to them); anything a crashed server left behind lapses by itself and is
// swept, with its watchers announced as gone.
import { randomUUID } from 'node:crypto';
import type { Database } from '../db/client.ts';
import type { LiveConnection } from '../context.ts';
import { forbidden } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { deleteLapsedConnections } from '../sql/live.ts';
import type { ParleyPubSub } from './pubsub.ts';

export class Presence {
  /** This server. Rows it owns carry it, so it refreshes only its own. */
  readonly instanceId = randomUUID();
  readonly #registered = new Map<string, string>(); // connection id -> user id
  readonly #deps: { db: Database; pubsub: ParleyPubSub; logger: Logger };
  readonly #ttlMs: number;
  #timer: NodeJS.Timeout | null = null;

  constructor(deps: { db: Database; pubsub: ParleyPubSub; logger: Logger }, connectionTtlSeconds: number) {
    this.#deps = deps;
    this.#ttlMs = connectionTtlSeconds * 1000;
  }

  connectionExpiry(): Date {
    return new Date(Date.now() + this.#ttlMs);
  }

  /** Records a live connection of a user (idempotent); a connection belongs to one user. */
  async register(connection: LiveConnection, userId: string): Promise<void> {
    const known = this.#registered.get(connection.id);
    if (known === userId) return;
    if (known) throw forbidden('This connection belongs to another user.');
    const expiresAt = this.connectionExpiry();
    const row = await this.#deps.db.prisma.connection.upsert({
      where: { id: connection.id },
      create: { id: connection.id, userId, instanceId: this.instanceId, transport: connection.transport, expiresAt },
      update: { expiresAt },
    });
    if (row.userId !== userId) throw forbidden('This connection belongs to another user.');
    this.#registered.set(connection.id, userId);
  }

  isRegistered(connectionId: string): boolean {
    return this.#registered.has(connectionId);
  }

  /** The connection closed: its watches end (and are announced), the user was last seen now. */
  async unregister(connectionId: string): Promise<void> {
    const userId = this.#registered.get(connectionId);
    if (!userId) return;
    this.#registered.delete(connectionId);
    const { prisma } = this.#deps.db;
    const [watches] = await prisma.$transaction([
      prisma.watcher.findMany({ where: { connectionId }, select: { conversationId: true, userId: true } }),
      prisma.connection.deleteMany({ where: { id: connectionId } }),
      prisma.user.updateMany({ where: { id: userId }, data: { lastSeenAt: new Date() } }),
    ]);
    await this.announceEndedWatches(watches);
  }

  /** For watches that ended: tell each conversation about users who no longer watch it at all. */
  async announceEndedWatches(ended: { conversationId: string; userId: string }[]): Promise<void> {
    if (ended.length === 0) return;
    const stillWatching = await this.#deps.db.prisma.watcher.findMany({
      where: { OR: ended.map(({ conversationId, userId }) => ({ conversationId, userId })), expiresAt: { gt: new Date() } },
      select: { conversationId: true, userId: true },
    });
    const still = new Set(stillWatching.map((w) => `${w.conversationId}\u0000${w.userId}`));
    const announced = new Set<string>();
    for (const { conversationId, userId } of ended) {
      const key = `${conversationId}\u0000${userId}`;
      if (still.has(key) || announced.has(key)) continue;
      announced.add(key);
      this.#deps.pubsub.publish('watcher:changed', conversationId, { userId, watching: false });
    }
  }

  /** Keeps this server's connections and watches alive, and sweeps what lapsed anywhere. */
  async #heartbeat(): Promise<void> {
    const expiresAt = this.connectionExpiry();
    const ids = [...this.#registered.keys()];
    const { prisma } = this.#deps.db;
    if (ids.length) {
      await prisma.$transaction([
        prisma.connection.updateMany({ where: { id: { in: ids } }, data: { expiresAt } }),
        prisma.watcher.updateMany({ where: { connectionId: { in: ids } }, data: { expiresAt } }),
      ]);
    }
    await this.sweepExpired();
  }

  /** Removes lapsed connections and watches (a crashed server's, expired HTTP watches). */
  async sweepExpired(now = new Date()): Promise<void> {
    // Each row is announced by the sweep that deleted it: servers sweep concurrently, and a read
    // followed by a delete let two of them announce the same watch.
    const ended = await this.#deps.db.prisma.$transaction((tx) => deleteLapsedConnections(tx, now));
    await this.announceEndedWatches(ended);
  }

  /** Starts this server's heartbeat. */
  start(): void {
    let running = false;
    this.#timer = setInterval(
      () => {
        if (running) return;
        running = true;
        this.#heartbeat()
          .catch((error: unknown) => this.#deps.logger.warn({ err: error }, 'presence heartbeat failed'))
          .finally(() => {
            running = false;
          });
      },
      Math.max(500, this.#ttlMs / 3),
    );
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }
}
