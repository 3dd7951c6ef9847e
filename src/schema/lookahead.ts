// What a list query selects on its nodes, so the list can fetch those fields in the same statement.
import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode, valueFromASTUntyped } from 'graphql';

/** The fields selected at `path` under the current field, fragments merged. */
function fieldsAt(info: GraphQLResolveInfo, selectionSets: readonly (SelectionSetNode | undefined)[], path: string[]): FieldNode[] {
  let fields: FieldNode[] = [];
  const collect = (set: SelectionSetNode | undefined, into: FieldNode[]) => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) into.push(selection);
      else if (selection.kind === Kind.INLINE_FRAGMENT) collect(selection.selectionSet, into);
      else collect(info.fragments[selection.name.value]?.selectionSet, into);
    }
  };
  for (const set of selectionSets) collect(set, fields);
  for (const name of path) {
    const next: FieldNode[] = [];
    for (const field of fields) if (field.name.value === name) collect(field.selectionSet, next);
    fields = next;
  }
  return fields;
}

export interface NodeSelection {
  has(field: string): boolean;
  /** a literal or variable argument of the first selection of `field` */
  argument(field: string, name: string): unknown;
}

/** The selection on `edges { node { ... } }` of the connection being resolved. */
export function connectionNodeSelection(info: GraphQLResolveInfo): NodeSelection {
  const fields = fieldsAt(info, info.fieldNodes.map((f) => f.selectionSet), ['edges', 'node']);
  const byName = new Map<string, FieldNode[]>();
  for (const field of fields) byName.set(field.name.value, [...(byName.get(field.name.value) ?? []), field]);
  return {
    has: (field) => byName.has(field),
    argument: (field, name) => {
      const node = byName.get(field)?.[0]?.arguments?.find((a) => a.name.value === name);
      return node ? valueFromASTUntyped(node.value, info.variableValues) : undefined;
    },
  };
}
