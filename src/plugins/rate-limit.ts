// Per-user rate limits on mutations: each root field of a mutation costs one point from the user's
// allowance for the window; over it, RATE_LIMITED with the seconds to wait, and nothing runs. The
// counts live in Redis when REDIS_URL is set, so every instance shares them, with an in-memory
// fallback while Redis is unreachable. The API key is exempt unless it has its own limit.
// Typing, read marks and watches are frequent and small: they spend a budget of their own, so a
// chatty client never runs out of sends.
import { Kind, getOperationAST, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Config } from '../config.ts';
import type { Context } from '../context.ts';
import { rateLimited } from '../errors.ts';

/** The mutations that spend the light budget (RATE_LIMIT_LIGHT_MUTATIONS) instead of the main one. */
const lightMutations = new Set(['sendTypingEvent', 'markConversationRead', 'startWatching', 'stopWatching']);

interface Points {
  main: number;
  light: number;
}

interface MutationRateLimiter {
  /** Takes points from the allowances of `key`; null when allowed, else the seconds to wait. */
  consume(key: string, points: Points, apiKey: boolean): Promise<number | null>;
}

function limiter(points: number, duration: number, prefix: string, redis: Redis | null): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ points, duration, keyPrefix: prefix });
  if (!redis) return memory;
  return new RateLimiterRedis({ storeClient: redis, points, duration, keyPrefix: prefix, insuranceLimiter: memory });
}

async function take(chosen: RateLimiterAbstract | null, key: string, points: number): Promise<number | null> {
  if (!chosen || points === 0) return null;
  try {
    await chosen.consume(key, points);
    return null;
  } catch (e) {
    if (e instanceof RateLimiterRes) return Math.max(1, Math.ceil(e.msBeforeNext / 1000));
    throw e;
  }
}

export function createMutationRateLimiter(limits: Config['rateLimits'], redis: Redis | null, prefix: string): MutationRateLimiter {
  const users = limits.mutations > 0 ? limiter(limits.mutations, limits.windowSeconds, `${prefix}rl:user`, redis) : null;
  const light = limits.lightMutations > 0 ? limiter(limits.lightMutations, limits.windowSeconds, `${prefix}rl:light`, redis) : null;
  const apiKey = limits.apiKeyMutations > 0 ? limiter(limits.apiKeyMutations, limits.windowSeconds, `${prefix}rl:key`, redis) : null;
  return {
    async consume(key, points, isApiKey) {
      if (isApiKey) return take(apiKey, 'api-key', points.main + points.light);
      const waits = await Promise.all([take(users, key, points.main), take(light, key, points.light)]);
      const refused = waits.filter((w): w is number => w !== null);
      return refused.length ? Math.max(...refused) : null;
    },
  };
}

/** Root fields of the operation by budget, when it is a mutation; none otherwise. */
function mutationFields(document: DocumentNode, operationName?: string | null): Points | null {
  const operation = getOperationAST(document, operationName);
  if (operation?.operation !== 'mutation') return null;
  const points: Points = { main: 0, light: 0 };
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) {
      points.main += 1; // fragments: counted as one, from the main budget
    } else if (selection.name.value !== '__typename') {
      points[lightMutations.has(selection.name.value) ? 'light' : 'main'] += 1;
    }
  }
  if (points.main + points.light === 0) points.main = 1;
  return points;
}

export function useMutationRateLimit(rateLimiter: MutationRateLimiter): Plugin<Context> {
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const points = mutationFields(args.document, args.operationName);
      if (!points) return;
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
