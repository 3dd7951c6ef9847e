// Parley's Redis connections (pub/sub's two, and the one for plain commands). Opening one waits for
// its first attempt only: the server starts, and serves HTTP, while Redis is away, as it goes on
// serving when Redis goes away later. ioredis keeps reconnecting; /ready says "redis" until the
// command connection answers. An outage is logged once when it starts and once when it ends, not
// at every reconnection attempt.
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../logger.ts';

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
  // commands wait in its queue and plain commands fail at once (enableOfflineQueue: false)
  await client.connect().catch(() => {});
  return client;
}
