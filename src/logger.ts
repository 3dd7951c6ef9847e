// Structured logs (pino). One root logger; requests log through a child carrying their id.
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'parley' } });
}
