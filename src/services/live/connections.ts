// Live connections (graphql-ws sockets, SSE streams) recorded in the database, so that presence
// and watches work across instances. Each instance refreshes the expiry of its own connections
// (and of the watches bound to them); anything a crashed instance left behind lapses by itself and
// is swept, with its watchers announced as gone.
import { randomUUID } from 'node:crypto';
import { prisma } from '../../db/client.ts';
import type { LiveConnection } from '../../context.ts';
import { forbidden } from '../../errors.ts';
import { pubsub } from '../../pubsub.ts';
import type { Logger } from '../../logger.ts';

/** This process. Rows it owns carry it, so it refreshes only its own. */
export const instanceId = randomUUID();

let ttlMs = 30_000;
const registered = new Map<string, string>(); // connection id -> user id

export function connectionExpiry(): Date {
  return new Date(Date.now() + ttlMs);
}

/** Records a live connection of a user (idempotent); a connection belongs to one user. */
export async function registerConnection(connection: LiveConnection, userId: string): Promise<void> {
  const known = registered.get(connection.id);
  if (known === userId) return;
  if (known) throw forbidden('This connection belongs to another user.');
  const expiresAt = connectionExpiry();
  const row = await prisma.connection.upsert({
    where: { id: connection.id },
    create: { id: connection.id, userId, instanceId, transport: connection.transport, expiresAt },
    update: { expiresAt },
  });
  if (row.userId !== userId) throw forbidden('This connection belongs to another user.');
  registered.set(connection.id, userId);
}

export function isRegistered(connectionId: string): boolean {
  return registered.has(connectionId);
}

/** The connection closed: its watches end (and are announced), the user was last seen now. */
export async function unregisterConnection(connectionId: string): Promise<void> {
  const userId = registered.get(connectionId);
  if (!userId) return;
  registered.delete(connectionId);
  const [watches] = await prisma.$transaction([
    prisma.watcher.findMany({ where: { connectionId }, select: { conversationId: true, userId: true } }),
    prisma.connection.deleteMany({ where: { id: connectionId } }),
    prisma.user.updateMany({ where: { id: userId }, data: { lastSeenAt: new Date() } }),
  ]);
  await announceEndedWatches(watches);
}

/** For watches that ended: tell each conversation about users who no longer watch it at all. */
export async function announceEndedWatches(ended: { conversationId: string; userId: string }[]): Promise<void> {
  if (ended.length === 0) return;
  const stillWatching = await prisma.watcher.findMany({
    where: {
      OR: ended.map(({ conversationId, userId }) => ({ conversationId, userId })),
      expiresAt: { gt: new Date() },
    },
    select: { conversationId: true, userId: true },
  });
  const still = new Set(stillWatching.map((w) => `${w.conversationId}\u0000${w.userId}`));
  const announced = new Set<string>();
  for (const { conversationId, userId } of ended) {
    const key = `${conversationId}\u0000${userId}`;
    if (still.has(key) || announced.has(key)) continue;
    announced.add(key);
    pubsub.publish('watcher:changed', conversationId, { userId, watching: false });
  }
}

/** Keeps this instance's connections and watches alive, and sweeps what lapsed anywhere. */
async function heartbeat(): Promise<void> {
  const expiresAt = connectionExpiry();
  const ids = [...registered.keys()];
  if (ids.length) {
    await prisma.$transaction([
      prisma.connection.updateMany({ where: { id: { in: ids } }, data: { expiresAt } }),
      prisma.watcher.updateMany({ where: { connectionId: { in: ids } }, data: { expiresAt } }),
    ]);
  }
  await sweepExpired();
}

/** Removes lapsed connections and watches (a crashed instance's, expired HTTP watches). */
export async function sweepExpired(now = new Date()): Promise<void> {
  // Each row is announced by the sweep that deleted it: instances sweep concurrently, and a read
  // followed by a delete let two of them announce the same watch.
  const ended = await prisma.$transaction(async (tx) => {
    const watches = await tx.$queryRaw<{ conversationId: string; userId: string }[]>`
      DELETE FROM watchers
       WHERE expires_at <= ${now}
          OR connection_id IN (SELECT id FROM connections WHERE expires_at <= ${now})
      RETURNING conversation_id AS "conversationId", user_id AS "userId"`;
    const connections = await tx.$queryRaw<{ userId: string; expiresAt: Date }[]>`
      DELETE FROM connections WHERE expires_at <= ${now}
      RETURNING user_id AS "userId", expires_at AS "expiresAt"`;
    for (const c of connections) {
      await tx.user.updateMany({
        where: { id: c.userId, OR: [{ lastSeenAt: null }, { lastSeenAt: { lt: c.expiresAt } }] },
        data: { lastSeenAt: c.expiresAt },
      });
    }
    return watches;
  });
  await announceEndedWatches(ended);
}

/** Starts the heartbeat of this instance; returns its stop. */
export function startPresence(connectionTtlSeconds: number, logger: Logger): () => void {
  ttlMs = connectionTtlSeconds * 1000;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    heartbeat()
      .catch((error: unknown) => logger.warn({ err: error }, 'presence heartbeat failed'))
      .finally(() => {
        running = false;
      });
  }, Math.max(500, ttlMs / 3));
  timer.unref();
  return () => clearInterval(timer);
}
