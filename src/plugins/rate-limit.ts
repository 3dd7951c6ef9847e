// Per-user rate limits on mutations: each root field of a mutation costs one point from the user's
// allowance for the window; over it, RATE_LIMITED with the seconds to wait, and nothing runs. The
// counts live in Redis when REDIS_URL is set, so every instance shares them, with an in-memory
// fallback while Redis is unreachable. The API key is exempt unless it has its own limit.
import { Kind, getOperationAST, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Config } from '../config.ts';
import type { Context } from '../context.ts';
import { rateLimited } from '../errors.ts';

interface MutationRateLimiter {
  /** Takes `points` from the allowance of `key`; null when allowed, else the seconds to wait. */
  consume(key: string, points: number, apiKey: boolean): Promise<number | null>;
}

function limiter(points: number, duration: number, prefix: string, redis: Redis | null): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ points, duration, keyPrefix: prefix });
  if (!redis) return memory;
  return new RateLimiterRedis({ storeClient: redis, points, duration, keyPrefix: prefix, insuranceLimiter: memory });
}

export function createMutationRateLimiter(limits: Config['rateLimits'], redis: Redis | null, prefix: string): MutationRateLimiter {
  const users = limits.mutations > 0 ? limiter(limits.mutations, limits.windowSeconds, `${prefix}rl:user`, redis) : null;
  const apiKey = limits.apiKeyMutations > 0 ? limiter(limits.apiKeyMutations, limits.windowSeconds, `${prefix}rl:key`, redis) : null;
  return {
    async consume(key, points, isApiKey) {
      const chosen = isApiKey ? apiKey : users;
      if (!chosen) return null;
      try {
        await chosen.consume(isApiKey ? 'api-key' : key, points);
        return null;
      } catch (e) {
        if (e instanceof RateLimiterRes) return Math.max(1, Math.ceil(e.msBeforeNext / 1000));
        throw e;
      }
    },
  };
}

/** Root fields of the operation, when it is a mutation; 0 otherwise. */
function mutationFields(document: DocumentNode, operationName?: string | null): number {
  const operation = getOperationAST(document, operationName);
  if (operation?.operation !== 'mutation') return 0;
  return operation.selectionSet.selections.filter((s) => s.kind === Kind.FIELD && s.name.value !== '__typename').length || 1;
}

export function useMutationRateLimit(rateLimiter: MutationRateLimiter): Plugin<Context> {
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const points = mutationFields(args.document, args.operationName);
      if (points === 0) return;
      const viewer = args.contextValue.viewer;
      if (!viewer) return; // answered UNAUTHENTICATED by the resolvers
      const wait = await rateLimiter.consume(viewer.userId ?? 'api-key', points, viewer.isApiKey);
      if (wait === null) return;
      setResultAndStopExecution({
        errors: [rateLimited(`Too many changes: wait ${wait} s before the next mutation.`, wait)],
      });
    },
  };
}
