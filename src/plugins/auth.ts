// "No credentials: every operation but __schema/__type answers UNAUTHENTICATED" (API.md), checked
// once per operation, on both transports.
import { Kind, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../context.ts';
import { unauthenticated } from '../errors.ts';

function onlyIntrospection(document: DocumentNode, operationName?: string | null): boolean {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
  if (!operation) return false;
  return operation.selectionSet.selections.every((s) => s.kind === Kind.FIELD && s.name.value.startsWith('__'));
}

export function useRequireViewer(): Plugin<Context> {
  const check = ({
    args,
    setResultAndStopExecution,
  }: {
    args: { contextValue: Context; document: DocumentNode; operationName?: string | null };
    setResultAndStopExecution: (result: { errors: readonly Error[] }) => void;
  }) => {
    if (args.contextValue.viewer) return;
    if (onlyIntrospection(args.document, args.operationName)) return;
    setResultAndStopExecution({ errors: [unauthenticated()] });
  };
  return {
    onExecute: (payload) => check(payload as never),
    onSubscribe: (payload) => check(payload as never),
  };
}
