// PostgreSQL text and jsonb cannot hold the NUL character (U+0000): a string carrying it would
// fail deep inside a write as a database error. Refused up front, in variables and in the
// document's own string literals, with BAD_USER_INPUT.
import { visit, BREAK, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { badInput } from '../errors.ts';

function hasNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 200 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((v) => hasNul(v, depth + 1));
  return Object.entries(value).some(([k, v]) => k.includes('\u0000') || hasNul(v, depth + 1));
}

// a document is parsed once and served many times (Yoga's parse cache): walk it once
const documentVerdicts = new WeakMap<DocumentNode, boolean>();

function documentHasNul(document: DocumentNode): boolean {
  let found = documentVerdicts.get(document);
  if (found === undefined) documentVerdicts.set(document, (found = walkForNul(document)));
  return found;
}

function walkForNul(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    StringValue(node) {
      if (node.value.includes('\u0000')) {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}

const refusal = () => badInput('Text may not contain the NUL character (U+0000).');

export function useRejectNulText(): Plugin {
  const check = (args: { document: DocumentNode; variableValues?: unknown }) =>
    hasNul(args.variableValues) || documentHasNul(args.document);
  return {
    onExecute({ args, setResultAndStopExecution }) {
      if (check(args)) setResultAndStopExecution({ errors: [refusal()] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      if (check(args)) setResultAndStopExecution({ errors: [refusal()] });
    },
  };
}
