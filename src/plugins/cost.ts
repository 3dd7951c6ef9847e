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

export function useOperationCost(maxCost: number): Plugin {
  const check = (args: {
    schema: GraphQLSchema;
    document: DocumentNode;
    variableValues?: Record<string, unknown> | null;
    operationName?: string | null;
  }) => {
    let cost: number;
    try {
      cost = operationCost(args.schema, args.document, args.variableValues ?? undefined, args.operationName);
    } catch {
      // variables that do not fit the operation: execution answers with GraphQL's own error
      return null;
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
