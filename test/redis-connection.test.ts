// Parley's Redis connections against a Redis that takes the connection and never answers (no Redis
// needed): the start goes on after a second, and a stop with commands waiting for Redis ends at
// once, their promises settled (an unhandled rejection would end the process; vitest fails on one).
import net from 'node:net';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger } from '../src/logger.ts';
import { openPubSub } from '../src/live/pubsub.ts';

let silent: net.Server;
let url: string;
const sockets = new Set<net.Socket>();

beforeAll(async () => {
  silent = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  url = `redis://127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
});

it('opens within its first attempt’s second, and closes at once with commands waiting', async () => {
  const logger = createLogger('debug', new PassThrough());
  const opening = Date.now();
  const handle = await openPubSub(logger, url, 'silent:');
  expect(Date.now() - opening).toBeLessThan(3_000);
  expect(sockets.size).toBeGreaterThan(0);

  // a subscription and a publish, both queued behind a connection that never becomes ready
  const stop = handle.pubsub.listen('outbox:wake', () => {});
  handle.pubsub.publish('outbox:wake');
  await new Promise((resolve) => setTimeout(resolve, 50));

  const closing = Date.now();
  await handle.close();
  expect(Date.now() - closing).toBeLessThan(3_000);
  // the queued commands' rejections, had they no handler, surface here
  await new Promise((resolve) => setTimeout(resolve, 200));
  stop();
});
