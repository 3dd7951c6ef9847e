// graphql_envelop_deprecated_field: which operations still ask for a deprecated field or argument,
// under the name and labels @envelop/prometheus gives it. The plugin's own counter walks the whole
// document with a TypeInfo on every request, a cached parse included (3 % of an observed inbox
// request's CPU in its profile). Here a document is walked once: yoga's parser cache hands every
// request of one query text the same DocumentNode, so the uses are kept per document.
import {
  getOperationAST,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { Counter, type Registry } from 'prom-client';

interface DeprecatedUse {
  fieldName: string;
  typeName: string;
}

/** The deprecated fields (with their parent type) and arguments (with their field) `document` asks for, once per use. */
export function deprecatedUses(schema: GraphQLSchema, document: DocumentNode): DeprecatedUse[] {
  const typeInfo = new TypeInfo(schema);
  const uses: DeprecatedUse[] = [];
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field: () => {
        const field = typeInfo.getFieldDef();
        if (field?.deprecationReason != null) uses.push({ fieldName: field.name, typeName: typeInfo.getParentType()?.name ?? '' });
      },
      Argument: () => {
        const argument = typeInfo.getArgument();
        const field = typeInfo.getFieldDef();
        // as the plugin labels it: the argument, under the field it was passed to
        if (field && argument?.deprecationReason != null) uses.push({ fieldName: argument.name, typeName: field.name });
      },
    }),
  );
  return uses;
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
