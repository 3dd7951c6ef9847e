// Operation limits (graphql-armor): depth, aliases, tokens and directives per operation, the
// same over HTTP, SSE and graphql-ws since all three run through Yoga's envelop. A rejected
// operation answers BAD_USER_INPUT (the error masking adds the code) and runs nothing.
import { EnvelopArmor } from '@escape.tech/graphql-armor';
import type { Plugin } from 'graphql-yoga';
import type { Config } from '../config.ts';
import { useOperationCost } from './cost.ts';

export function useOperationLimits(limits: Config['operationLimits'], production: boolean): Plugin[] {
  const armor = new EnvelopArmor({
    maxDepth: { n: limits.depth, ignoreIntrospection: true },
    // the cost limit needs the variables: plugins/cost.ts, at execution
    costLimit: { enabled: false },
    maxAliases: { n: limits.aliases },
    maxTokens: { n: limits.tokens },
    maxDirectives: { n: limits.directives },
    // "Did you mean …?" maps a private schema for strangers; kept in development for its help
    blockFieldSuggestion: { enabled: production },
  });
  return [...(armor.protect().plugins as Plugin[]), useOperationCost(limits.cost)];
}
