// Structured logs (pino). One root logger; a line written while serving an HTTP request carries
// that request's id (request-context.ts), with nothing passed around.
import { pino, type Logger } from 'pino';
import { requestScope } from './request-context.ts';

export type { Logger };

/** `destination`: where lines go (stdout by default). */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  const options = {
    level,
    base: { service: 'parley' },
    mixin: () => {
      const scope = requestScope.getStore();
      return scope ? { requestId: scope.requestId } : {};
    },
  };
  return destination ? pino(options, destination as never) : pino(options);
}
