// Fan-out: a new message goes to every subscriber of its conversation as the same object (from the
// conversation's feed). Subscribers with the same document and variables, whose selection does not
// depend on who is asking, then get one shared execution result instead of one each.
// Fields whose value depends on the viewer carry `extensions.viewerDependent` in the schema; a
// selection with one of them is executed for each viewer, as usual.
import {
  createSourceEventStream,
  execute,
  getNamedType,
  getOperationAST,
  isAbstractType,
  isObjectType,
  Kind,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLNamedType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { Context } from '../context.ts';
import { mapStream } from '../live/channel.ts';
import { masked } from './errors.ts';

/** Root fields whose events are shared objects (see live/conversation-feed.ts). */
const sharedRootFields = new Set(['messageAdded']);

/** Whether any field under `selectionSet` (fragments included) is viewer-dependent. */
function dependsOnViewer(
  schema: GraphQLSchema,
  document: DocumentNode,
  type: GraphQLNamedType,
  selectionSet: SelectionSetNode | undefined,
  seen = new Set<SelectionSetNode>(),
): boolean {
  if (!selectionSet || seen.has(selectionSet)) return false;
  seen.add(selectionSet);
  const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith('__')) continue;
      const candidates = isAbstractType(type) ? schema.getPossibleTypes(type) : isObjectType(type) ? [type] : [];
      for (const candidate of candidates) {
        const field = candidate.getFields()[selection.name.value];
        if (!field) continue;
        if (field.extensions?.viewerDependent) return true;
        if (dependsOnViewer(schema, document, getNamedType(field.type), selection.selectionSet, seen)) return true;
      }
    } else {
      const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
      if (!fragment) continue;
      const on = fragment.typeCondition ? schema.getType(fragment.typeCondition.name.value) : type;
      if (on && dependsOnViewer(schema, document, on, fragment.selectionSet, seen)) return true;
    }
  }
  return false;
}

/**
 * A shared result as JSON: the string once it is ready (read without an await). Until then,
 * `whenSettled` holds who waits for it: functions called once the string is there or the execution
 * failed (`failed`, with its `error`), so thousands of subscribers wait on one promise, not one each.
 */
export interface Serialised {
  json: string | null;
  failed: boolean;
  error: unknown;
  whenSettled: (() => void)[] | null;
}

/**
 * The shared executions of one server: which operations may share (memoised per document), and
 * one result (and its JSON) per event payload, document and variables, dropped with the payload.
 */
export class SharedResults {
  readonly #verdicts = new WeakMap<DocumentNode, Map<string, boolean>>();
  readonly #results = new WeakMap<object, Map<string, Promise<ExecutionResult>>>();
  readonly #serialised = new WeakMap<Promise<ExecutionResult>, Serialised>();
  readonly #documentIds = new WeakMap<DocumentNode, number>();
  #nextDocumentId = 0;
  readonly #compiled = new WeakMap<DocumentNode, Map<string, CompiledQuery | null>>();

  /** Whether the operation's results may be shared between subscribers. */
  isShareable(args: ExecutionArgs): boolean {
    const name = args.operationName ?? '';
    let byName = this.#verdicts.get(args.document);
    if (!byName) this.#verdicts.set(args.document, (byName = new Map()));
    let verdict = byName.get(name);
    if (verdict === undefined) {
      const operation = getOperationAST(args.document, args.operationName);
      const root = args.schema.getSubscriptionType();
      const selections = operation?.selectionSet.selections ?? [];
      const only = selections.length === 1 && selections[0]!.kind === Kind.FIELD ? selections[0] : null;
      const field = only && root ? root.getFields()[only.name.value] : undefined;
      verdict =
        operation?.operation === 'subscription' &&
        !!only &&
        !!field &&
        sharedRootFields.has(only.name.value) &&
        !only.alias &&
        !dependsOnViewer(args.schema, args.document, getNamedType(field.type), only.selectionSet);
      byName.set(name, verdict);
    }
    return verdict;
  }

  /** What subscribers must have in common to share results: the document (yoga parses a query text once), operation and variables. */
  key(args: ExecutionArgs): string {
    let documentId = this.#documentIds.get(args.document);
    if (documentId === undefined) this.#documentIds.set(args.document, (documentId = ++this.#nextDocumentId));
    return JSON.stringify([documentId, args.operationName ?? null, args.variableValues ?? null]);
  }

  /**
   * The one execution of a shareable operation for an event payload, made by the first subscriber to
   * ask, in its context. `admit`: records the payload as seen in that context first, for a payload
   * its stream handed over without recording it (live/channel.ts `Pushable`).
   */
  result(args: ExecutionArgs, key: string, payload: object, admit?: (payload: object) => void): Promise<ExecutionResult> {
    let byKey = this.#results.get(payload);
    if (!byKey) this.#results.set(payload, (byKey = new Map()));
    let result = byKey.get(key);
    if (!result) {
      admit?.(payload);
      // execution answers synchronously when no resolver waits: always a promise here
      byKey.set(key, (result = Promise.resolve(this.#execute(args, payload))));
    }
    return result;
  }

  /**
   * One execution of the operation's selection on an event: compiled by graphql-jit, as queries and
   * mutations run (server.ts), once per document and operation. It runs once per message for all
   * of a conversation's subscribers, and the reference executor spent 21 µs where the compiled
   * query spends 6 (the fan-out's selection, in process). An operation graphql-jit cannot compile
   * runs on the reference executor.
   */
  #execute(args: ExecutionArgs, payload: object): ExecutionResult | Promise<ExecutionResult> {
    const name = args.operationName ?? '';
    let byName = this.#compiled.get(args.document);
    if (!byName) this.#compiled.set(args.document, (byName = new Map()));
    let compiled = byName.get(name);
    if (compiled === undefined) {
      const made = compileQuery(args.schema, args.document, args.operationName ?? undefined);
      byName.set(name, (compiled = isCompiledQuery(made) ? made : null));
    }
    if (!compiled) return execute({ ...args, rootValue: payload }) as ExecutionResult | Promise<ExecutionResult>;
    return compiled.query(payload, args.contextValue, args.variableValues) as ExecutionResult | Promise<ExecutionResult>;
  }

  /** The shared result serialised once, for writing straight to sockets (transport/direct-subscriptions.ts). */
  json(args: ExecutionArgs, key: string, payload: object, mask: (error: unknown) => Error, admit?: (payload: object) => void): Serialised {
    const result = this.result(args, key, payload, admit);
    let entry = this.#serialised.get(result);
    if (!entry) {
      const made: Serialised = { json: null, failed: false, error: null, whenSettled: [] };
      const settle = () => {
        const waiting = made.whenSettled!;
        made.whenSettled = null;
        for (const wake of waiting) wake();
      };
      // a failure is handed to every waiter, which ends its stream with it (and graphql-ws reports it)
      result
        .then((r) => {
          made.json = JSON.stringify(masked(r, mask));
        })
        .catch((error: unknown) => {
          made.failed = true;
          made.error = error;
        })
        .finally(settle);
      this.#serialised.set(result, (entry = made));
    }
    return entry;
  }
}

export function useSharedSubscriptionResults(shared: SharedResults): Plugin<Context> {
  const subscribe = async (args: ExecutionArgs) => {
    const source = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in Object(source))) return source as ExecutionResult;
    const key = shared.key(args);
    return mapStream((source as AsyncIterable<unknown>)[Symbol.asyncIterator](), (payload) =>
      payload === null || typeof payload !== 'object' || payload instanceof Error
        ? (execute({ ...args, rootValue: payload }) as Promise<ExecutionResult>)
        : shared.result(args, key, payload),
    );
  };
  return {
    onSubscribe({ args, setSubscribeFn }) {
      if (shared.isShareable(args as ExecutionArgs)) setSubscribeFn(subscribe as never);
    },
  };
}
