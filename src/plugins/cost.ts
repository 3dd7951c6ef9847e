// The cost limit of one operation, counted with its variables, so a page size given as `$first`
// costs what the same literal does. Each field costs 1; a paged field (one with `first` or `last`)
// multiplies its selection by the page asked for, or by the list's default page when none is. Checked
// when the operation executes (HTTP, SSE and graphql-ws alike), before anything runs.
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { badInput } from '../errors.ts';
import { defaultPageSize } from '../common/pagination.ts';

const pagedEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  const paged = field.args.some((a) => a.name === 'first' || a.name === 'last');
  if (!paged) return undefined;
  // a list's own default page (conversations: 25) where it declares one
  const size = Number(args.first ?? args.last ?? field.extensions?.defaultPageSize ?? defaultPageSize);
  return 1 + childComplexity * (Number.isFinite(size) && size > 0 ? size : 0);
};

const fieldEstimator: ComplexityEstimator = ({ field, childComplexity }) =>
  // introspection is answered from the schema, and limited by depth and tokens
  field.name.startsWith('__') ? 0 : 1 + childComplexity;

/** The operation's cost; throws GraphQL's own errors for a document that does not validate. */
function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName?: string | null,
): number {
  return getComplexity({
    schema,
    query: document,
    variables: variables ?? {},
    operationName: operationName ?? undefined,
    estimators: [pagedEstimator, fieldEstimator],
  });
}

/**
 * What of the variables can change the cost: numbers (page sizes) and booleans (@include, @skip).
 * A message body or an id cannot, so a send costs one computation per document, not per request.
 */
function costKey(variables: Record<string, unknown> | null | undefined, operationName: string | null | undefined): string {
  const relevant = Object.entries(variables ?? {}).filter(([, v]) => typeof v === 'number' || typeof v === 'boolean');
  return JSON.stringify([operationName ?? null, relevant]);
}

export function useOperationCost(maxCost: number): Plugin {
  // per parsed document (Yoga caches parsing, so a document seen again is the same object)
  const costs = new WeakMap<DocumentNode, Map<string, number>>();
  const check = (args: {
    schema: GraphQLSchema;
    document: DocumentNode;
    variableValues?: Record<string, unknown> | null;
    operationName?: string | null;
  }) => {
    let known = costs.get(args.document);
    if (!known) costs.set(args.document, (known = new Map()));
    const key = costKey(args.variableValues, args.operationName);
    let cost = known.get(key);
    if (cost === undefined) {
      try {
        cost = operationCost(args.schema, args.document, args.variableValues ?? undefined, args.operationName);
      } catch {
        // variables that do not fit the operation: execution answers with GraphQL's own error
        return null;
      }
      // bounded: a client varying page sizes cannot grow it without end
      if (known.size < 64) known.set(key, cost);
    }
    return cost > maxCost
      ? badInput(`This operation costs ${cost}, over the limit of ${maxCost}: ask for smaller pages (first / last) or fewer fields.`)
      : null;
  };
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const error = check(args as never);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const error = check(args as never);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
  };
}
