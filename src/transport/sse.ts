// Server-Sent Events as live connections. A stream is either one subscription (GraphQL over SSE,
// "distinct connections": GET/POST /graphql with Accept: text/event-stream) or a graphql-sse
// "single connection" stream (/graphql/stream), which carries every operation sent with its token,
// mutations included: a startWatching sent that way is bound to the stream.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { LiveConnection } from '../context.ts';

/** Set by the server on stream requests only; a client's own value is always dropped. */
const connectionHeader = 'x-parley-connection';
export const streamEndpoint = '/graphql/stream';
const streamTokenHeader = 'x-graphql-event-stream-token';

function streamToken(req: IncomingMessage): string | null {
  const header = req.headers[streamTokenHeader];
  if (typeof header === 'string' && header) return header;
  const token = new URL(req.url ?? '/', 'http://parley').searchParams.get('token');
  return token || null;
}

/**
 * Tags a request with the live connection it belongs to. Returns the id of a stream that this
 * request opens (its end is the connection's end), or null.
 */
export function tagConnection(req: IncomingMessage): { opens: string | null } {
  delete req.headers[connectionHeader];
  const path = (req.url ?? '/').split('?')[0];
  const wantsStream = req.headers.accept?.includes('text/event-stream') ?? false;
  if (path === streamEndpoint) {
    const token = streamToken(req);
    if (!token) return { opens: null };
    const id = `sse:${token}`;
    req.headers[connectionHeader] = id;
    return { opens: req.method === 'GET' && wantsStream ? id : null };
  }
  if (!wantsStream) return { opens: null };
  const id = `sse:${randomUUID()}`;
  req.headers[connectionHeader] = id;
  return { opens: id };
}

export function connectionOf(request: Request): LiveConnection | null {
  const id = request.headers.get(connectionHeader);
  return id ? { id, transport: 'sse' } : null;
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
