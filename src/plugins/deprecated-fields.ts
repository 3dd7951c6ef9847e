// graphql_envelop_deprecated_field: which operations still ask for a deprecated field or argument,
// under the name and labels @envelop/prometheus gives it. The plugin's own counter walks the whole
// document with a TypeInfo on every request, a cached parse included (3 % of an observed inbox
// request's CPU in its profile). Here a document is walked once: yoga's parser cache hands every
// request of one query text the same DocumentNode, so the uses are kept per document.
import { getOperationAST, Kind, TypeInfo, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { extractDeprecatedFields } from '@envelop/prometheus/utils';
import type { Plugin } from 'graphql-yoga';
import { Counter, type Registry } from 'prom-client';

interface DeprecatedUse {
  fieldName: string;
  typeName: string;
}

/**
 * The deprecated fields (with their parent type) and arguments (with their field) `document` asks
 * for, once per use: the plugin's own walk, so the counts mean what they meant.
 */
export function deprecatedUses(schema: GraphQLSchema, document: DocumentNode): DeprecatedUse[] {
  return extractDeprecatedFields(document, new TypeInfo(schema));
}

export function useDeprecatedFieldCounter(registry: Registry): Plugin {
  const counter = new Counter({
    name: 'graphql_envelop_deprecated_field',
    help: 'Counts the amount of deprecated fields used in selection sets',
    labelNames: ['operationType', 'operationName', 'fieldName', 'typeName'] as const,
    registers: [registry],
  });
  let schema: GraphQLSchema | null = null;
  let known = new WeakMap<DocumentNode, DeprecatedUse[]>();
  return {
    onSchemaChange({ schema: changed }) {
      schema = changed;
      known = new WeakMap();
    },
    onParse({ context }) {
      return ({ result }) => {
        if (!schema || !result || result instanceof Error) return;
        const document = result as DocumentNode;
        let uses = known.get(document);
        if (!uses) known.set(document, (uses = deprecatedUses(schema, document)));
        if (uses.length === 0) return;
        const params = (context as { params?: { operationName?: string | null } }).params;
        // the operation asked for; with several and none named (an error later), the first, as the plugin labels it
        const operation =
          getOperationAST(document, params?.operationName) ??
          document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
        const operationName = params?.operationName || operation?.name?.value || 'Anonymous';
        const operationType = operation?.operation ?? '';
        for (const use of uses) counter.inc({ operationType, operationName, ...use });
      };
    },
  };
}
