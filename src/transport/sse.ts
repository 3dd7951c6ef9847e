// Server-Sent Events as live connections. A stream is either one subscription (GraphQL over SSE,
// "distinct connections": GET/POST /graphql with Accept: text/event-stream) or a graphql-sse
// "single connection" stream (/graphql/stream), which carries every operation sent with its token,
// mutations included: a startWatching sent that way is bound to the stream.
//
// Accepting text/event-stream does not make a request a stream: clients such as urql accept it on
// every request. A distinct request is a stream only when it runs a subscription (the answer is one),
// which is known once its document is parsed (useOperationKind); a query or mutation sent with that
// header is a plain request, with no connection.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { getOperationAST, GraphQLError, type DocumentNode, type OperationTypeNode } from 'graphql';
import { useGraphQLSSE } from '@graphql-yoga/plugin-graphql-sse';
import type { Plugin } from 'graphql-yoga';
import type { LiveConnection } from '../context.ts';
import type { MaskError } from '../plugins/errors.ts';
import { requestIdOf } from '../request-context.ts';

/** Set by the server on stream requests only; a client's own value is always dropped. */
const connectionHeader = 'x-parley-connection';
/** `distinct` (a stream only if it subscribes) or `stream` (bound to a single-connection stream). */
const connectionKindHeader = 'x-parley-connection-kind';
export const streamEndpoint = '/graphql/stream';
const streamTokenHeader = 'x-graphql-event-stream-token';

function streamToken(req: IncomingMessage): string | null {
  const header = req.headers[streamTokenHeader];
  if (typeof header === 'string' && header) return header;
  const token = new URL(req.url ?? '/', 'http://parley').searchParams.get('token');
  return token || null;
}

/**
 * Tags a request with the live connection it may belong to. `opens`: the id of a stream this
 * request opens (its end is the connection's end): certainly (`distinct: false`, the GET of a
 * single-connection stream), or if it turns out to subscribe (`distinct: true`).
 */
export function tagConnection(req: IncomingMessage): { opens: string | null; distinct: boolean } {
  delete req.headers[connectionHeader];
  delete req.headers[connectionKindHeader];
  const path = (req.url ?? '/').split('?')[0];
  const acceptsStream = req.headers.accept?.includes('text/event-stream') ?? false;
  if (path === streamEndpoint) {
    const token = streamToken(req);
    if (!token) return { opens: null, distinct: false };
    const id = `sse:${token}`;
    req.headers[connectionHeader] = id;
    req.headers[connectionKindHeader] = 'stream';
    return { opens: req.method === 'GET' && acceptsStream ? id : null, distinct: false };
  }
  if (!acceptsStream) return { opens: null, distinct: false };
  const id = `sse:${randomUUID()}`;
  req.headers[connectionHeader] = id;
  req.headers[connectionKindHeader] = 'distinct';
  return { opens: id, distinct: true };
}

/** The live connection a request runs over: a distinct request only when it subscribes. */
export function connectionOf(request: Request, operation: OperationTypeNode | undefined): LiveConnection | null {
  const id = request.headers.get(connectionHeader);
  if (!id) return null;
  if (request.headers.get(connectionKindHeader) === 'distinct' && operation !== 'subscription') return null;
  return { id, transport: 'sse' };
}

/** The operation kind of a request, once its document is parsed (the context factory reads it). */
export interface OperationKind {
  parleyOperation?: OperationTypeNode;
}

/** Records on the request's initial context which kind of operation it runs. */
export function useOperationKind(): Plugin {
  return {
    onParse:
      ({ context }) =>
      ({ result }) => {
        const params = (context as { params?: { operationName?: string | null } }).params;
        if (!(result instanceof Error) && result && typeof result === 'object' && 'kind' in result) {
          (context as OperationKind).parleyOperation = getOperationAST(result as DocumentNode, params?.operationName)?.operation;
        }
      },
  };
}

/** Open SSE responses, to end on purpose at shutdown. */
export class StreamRegistry {
  readonly #open = new Set<ServerResponse>();

  track(res: ServerResponse, onEnd: () => void): void {
    this.#open.add(res);
    res.once('close', () => {
      this.#open.delete(res);
      onEnd();
    });
  }

  endAll(): void {
    for (const res of this.#open) res.end();
  }
}

/** The HTTP status of an error answered before an operation runs, by its code (graphql-sse's own: 400, 401). */
const statusByCode: Record<string, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
};

/**
 * graphql-sse's single-connection endpoint (/graphql/stream), with what fails before an operation
 * runs (a bad token, a document that does not parse) answered as masked GraphQL errors. graphql-sse
 * lets those throw, and the HTTP layer would answer 500 with the error's stack as the body.
 */
export function useGraphQLSSEStream(mask: MaskError): Plugin {
  const plugin = useGraphQLSSE({ endpoint: streamEndpoint });
  const onRequest = plugin.onRequest!;
  return {
    ...plugin,
    onRequest(payload) {
      // a promise only for the endpoint's requests
      const answering = onRequest(payload);
      if (!(answering instanceof Promise)) return answering;
      return answering.catch((error: unknown) => {
        const shown = mask(error, requestIdOf(payload.serverContext));
        const code = shown instanceof GraphQLError ? shown.extensions.code : undefined;
        payload.endResponse(
          new payload.fetchAPI.Response(JSON.stringify({ errors: [shown] }), {
            status: (typeof code === 'string' && statusByCode[code]) || 500,
            headers: { 'content-type': 'application/json; charset=utf-8' },
          }),
        );
      });
    },
  };
}
