// What a list query selects on its nodes, so the list's one statement can bring those fields along
// (the inbox: unread counts, last messages, the first page of members). Read with
// graphql-parse-resolve-info, fragments and variables resolved.
import type { GraphQLResolveInfo } from 'graphql';
import { parseResolveInfo, simplifyParsedResolveInfoFragmentWithType, type ResolveTree } from 'graphql-parse-resolve-info';

interface NodeSelection {
  has(field: string): boolean;
  /** the arguments of the first selection of `field`, variables resolved */
  args(field: string): Record<string, unknown>;
}

function fieldsOf(tree: ResolveTree | undefined, typeName: string): Record<string, ResolveTree> {
  if (!tree) return {};
  const byType = tree.fieldsByTypeName[typeName] ?? Object.values(tree.fieldsByTypeName)[0] ?? {};
  return byType;
}

/** The selection on `edges { node { ... } }` of the connection being resolved, nodes of `nodeType`. */
export function connectionNodeSelection(
  info: GraphQLResolveInfo,
  connectionType: string,
  edgeType: string,
  nodeType: string,
): NodeSelection {
  const root = parseResolveInfo(info) as ResolveTree | null;
  const connection = root ? simplifyParsedResolveInfoFragmentWithType(root, info.returnType) : null;
  const edges = Object.values(fieldsOf(connection ?? undefined, connectionType)).filter((f) => f.name === 'edges');
  const nodes = edges.flatMap((e) => Object.values(fieldsOf(e, edgeType)).filter((f) => f.name === 'node'));
  const fields = nodes.flatMap((n) => Object.values(fieldsOf(n, nodeType)));
  return {
    has: (field) => fields.some((f) => f.name === field),
    args: (field) => fields.find((f) => f.name === field)?.args ?? {},
  };
}
