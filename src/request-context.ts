// An HTTP request's id: the client's x-request-id when it is a sane token, else a new one. The
// server returns it in the response's x-request-id, writes it on the request's log line, and the
// GraphQL context carries it (Context.requestId) to the lines written about the request (an
// unexpected error, a before-send hook's failure). It is passed, not carried by AsyncLocalStorage:
// on Node 20 one AsyncLocalStorage.run() turns on a hook for every promise in the process, which
// cost the inbox 10 % of its CPU and 15 % of its allocation (BENCHMARKS.md).
import type { ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';

export function requestIdFrom(header: string | string[] | undefined): string {
  const given = Array.isArray(header) ? header[0] : header;
  return given && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
}

/** The id the HTTP handler gave the request Yoga serves (`serverContext.res`); null without a server (tests' yoga.fetch). */
export function requestIdOf(serverContext: unknown): string | null {
  const header = (serverContext as { res?: ServerResponse } | undefined)?.res?.getHeader('x-request-id');
  return typeof header === 'string' ? header : null;
}
