// Structured logs (pino). One root logger; the lines about an HTTP request carry its id, passed
// to them (request-context.ts).
import { pino, type Logger } from 'pino';

export type { Logger };

/** `destination`: where lines go (stdout by default). */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  const options = { level, base: { service: 'parley' } };
  return destination ? pino(options, destination as never) : pino(options);
}
