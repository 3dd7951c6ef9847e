// Live connections (graphql-ws sockets, SSE streams) recorded in the database, so that presence
// and watches work across instances. Each instance refreshes the expiry of its own connections;
// a crashed instance's rows lapse by themselves (see sweepExpired).
import { randomUUID } from 'node:crypto';
import { prisma } from '../../db/client.ts';
import type { LiveConnection } from '../../context.ts';
import { pubsub } from '../../pubsub.ts';

/** This process. Rows it owns carry it, so it can refresh them and another can tell them apart. */
export const instanceId = randomUUID();

/** How long a connection (and the watches bound to it) outlives its last refresh. */
export const connectionTtlMs = 60_000;

const registered = new Map<string, string>(); // connection id -> user id

/** Records a live connection of a user (idempotent). */
export async function registerConnection(connection: LiveConnection, userId: string): Promise<void> {
  if (registered.get(connection.id) === userId) return;
  const expiresAt = new Date(Date.now() + connectionTtlMs);
  await prisma.connection.upsert({
    where: { id: connection.id },
    create: { id: connection.id, userId, instanceId, transport: connection.transport, expiresAt },
    update: { expiresAt },
  });
  registered.set(connection.id, userId);
}

export function connectionExpiry(): Date {
  return new Date(Date.now() + connectionTtlMs);
}

/** The connection closed: its watches end (and are announced), the user was last seen now. */
export async function unregisterConnection(connectionId: string): Promise<void> {
  const userId = registered.get(connectionId);
  if (!userId) return;
  registered.delete(connectionId);
  const now = new Date();
  const [watches] = await prisma.$transaction([
    prisma.watcher.findMany({ where: { connectionId }, select: { conversationId: true, userId: true } }),
    prisma.connection.deleteMany({ where: { id: connectionId } }),
    prisma.user.updateMany({ where: { id: userId }, data: { lastSeenAt: now } }),
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
