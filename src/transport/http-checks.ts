// What the HTTP server answers before GraphQL: /health (the process is alive), /ready (it can
// serve: the database answers, and Redis when configured), and 413 for a body over the limit.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Redis } from 'ioredis';
import type { Database } from '../db/client.ts';

const checkTimeoutMs = 2_000;

function json(res: ServerResponse, status: number, body: unknown): true {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
  return true;
}

async function check(name: string, probe: () => Promise<unknown>): Promise<[string, string]> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([probe(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), checkTimeoutMs)))]);
    return [name, 'ok'];
  } catch (error) {
    return [name, error instanceof Error ? error.message.split('\n')[0]!.slice(0, 200) : 'failed'];
  } finally {
    clearTimeout(timer);
  }
}

/** Answers /health and /ready; false for any other request. */
export function answerHttpChecks(req: IncomingMessage, res: ServerResponse, deps: { database: Database; redis: Redis | null }): boolean {
  const path = (req.url ?? '/').split('?')[0];
  if (path === '/health') return json(res, 200, { status: 'ok' });
  if (path !== '/ready') return false;
  void (async () => {
    const checks = await Promise.all([
      check('database', () => deps.database.prisma.$queryRaw`SELECT 1`),
      ...(deps.redis ? [check('redis', () => deps.redis!.ping())] : []),
    ]);
    const ready = checks.every(([, state]) => state === 'ok');
    json(res, ready ? 200 : 503, { status: ready ? 'ready' : 'unavailable', checks: Object.fromEntries(checks) });
  })();
  return true;
}

/**
 * 413 for a body declared larger than `limit`; 411 for a body of unknown length (chunked), which
 * could not be limited before Yoga reads it. Browsers and GraphQL clients send a length.
 */
export function refuseOversizedBody(req: IncomingMessage, res: ServerResponse, limit: number): boolean {
  const length = req.headers['content-length'];
  if (length !== undefined) {
    if (Number(length) <= limit) return false;
    res.setHeader('connection', 'close');
    return json(res, 413, {
      errors: [{ message: `The request body is larger than ${limit} bytes.`, extensions: { code: 'BAD_USER_INPUT' } }],
    });
  }
  if (req.headers['transfer-encoding'] === undefined) return false;
  res.setHeader('connection', 'close');
  return json(res, 411, { errors: [{ message: 'Send a Content-Length with the request body.', extensions: { code: 'BAD_USER_INPUT' } }] });
}
