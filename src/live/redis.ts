// Parley's Redis connections (pub/sub's two, and the one for plain commands). Opening one waits a
// second at most for its first attempt: the server starts, and serves HTTP, while Redis is away, as
// it goes on serving when Redis goes away later. ioredis keeps reconnecting; /ready says "redis"
// until the command connection answers. An outage is logged once when it starts and once when it
// ends, not at every reconnection attempt.
import { setTimeout as delay } from 'node:timers/promises';
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../logger.ts';

const firstAttemptMs = 1_000;
const quitMs = 1_000;

export async function openRedis(url: string, name: string, options: RedisOptions, logger: Logger): Promise<Redis> {
  const client = new Redis(url, { ...options, lazyConnect: true });
  let away = false;
  client.on('error', (error: Error) => {
    if (away) return;
    away = true;
    logger.warn({ err: error, connection: name }, 'redis is not answering; retrying');
  });
  client.on('ready', () => {
    if (!away) return;
    away = false;
    logger.info({ connection: name }, 'redis answers again');
  });
  // a failed first attempt is logged above, and ioredis goes on trying; while it does, pub/sub's
  // commands wait in its queue and plain commands fail at once (enableOfflineQueue: false). A host
  // that takes the connection and never answers, or drops it silently, holds the start a second.
  await Promise.race([client.connect().catch(() => {}), delay(firstAttemptMs, undefined, { ref: false })]);
  return client;
}

/**
 * Closes a connection without waiting on Redis: QUIT when it answers (a second at most), else at
 * once. A QUIT sent while Redis is away would wait in the queue behind the commands there until
 * Redis came back, and hold the server's stop with it.
 */
export async function closeRedis(client: Redis): Promise<void> {
  if (client.status === 'ready') await Promise.race([client.quit().catch(() => {}), delay(quitMs, undefined, { ref: false })]);
  client.disconnect();
}
