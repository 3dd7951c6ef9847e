// The connection to Parley: a development token (POST /dev/token), urql over HTTP for queries,
// mutations and uploads (its fetchExchange speaks the GraphQL multipart request spec when a
// variable is a File), and one graphql-ws socket for everything live.
import { Client, fetchExchange, subscriptionExchange } from '@urql/core';
import { createClient, type Client as SocketClient } from 'graphql-ws';

/** Where Parley is: PARLEY_URL when the client was built or served, else the usual local one. */
export const parleyUrl = (import.meta.env.PARLEY_URL as string | undefined)?.replace(/\/+$/, '') ?? 'http://localhost:4000';

export interface Session {
  userId: string;
  displayName: string;
  token: string;
  expiresAt: number;
}

const storageKey = 'parley-session';

/** Sessions are kept per tab (sessionStorage), so two windows of one browser can be two users. */
export function storedSession(): Session | null {
  const raw = sessionStorage.getItem(storageKey);
  return raw ? (JSON.parse(raw) as Session) : null;
}

export function forgetSession(): void {
  sessionStorage.removeItem(storageKey);
}

/** A development token for `userId` (Parley in development only: the route is off in production). */
export async function signIn(userId: string, displayName: string): Promise<Session> {
  const response = await fetch(`${parleyUrl}/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId, ...(displayName ? { displayName } : {}) }),
  });
  const body = (await response.json()) as { token?: string; expiresAt?: string; errors?: { message: string }[] };
  if (!response.ok || !body.token) throw new Error(body.errors?.[0]?.message ?? `Parley answered ${response.status}`);
  const session = { userId, displayName, token: body.token, expiresAt: Date.parse(body.expiresAt!) };
  sessionStorage.setItem(storageKey, JSON.stringify(session));
  return session;
}

/** The session's token, renewed when it has less than five minutes left. */
async function freshToken(session: Session): Promise<string> {
  if (session.expiresAt - Date.now() < 5 * 60_000) {
    const renewed = await signIn(session.userId, session.displayName);
    session.token = renewed.token;
    session.expiresAt = renewed.expiresAt;
  }
  return session.token;
}

/** Resolves when the browser says it is online again. */
const online = () =>
  navigator.onLine ? Promise.resolve() : new Promise<void>((resolve) => window.addEventListener('online', () => resolve(), { once: true }));

export interface Connection {
  urql: Client;
  socket: SocketClient;
  close(): void;
}

export function connect(session: Session): Connection {
  const socket = createClient({
    url: `${parleyUrl.replace(/^http/, 'ws')}/graphql`,
    // a function: every (re)connection asks for a token that is still good
    connectionParams: async () => ({ authorization: `Bearer ${await freshToken(session)}` }),
    lazy: false,
    retryAttempts: Infinity,
    shouldRetry: () => true,
    // offline, wait for the network rather than spend the retries
    retryWait: async (retries) => {
      await online();
      await new Promise((resolve) => setTimeout(resolve, Math.min(250 * 2 ** retries, 5_000)));
    },
    keepAlive: 10_000,
  });
  // a socket does not notice a network that went away until a ping goes unanswered: when the
  // browser knows, drop it at once (the client reconnects, and views resume from their cursors)
  const dropped = () => socket.terminate();
  window.addEventListener('offline', dropped);

  const urql = new Client({
    url: `${parleyUrl}/graphql`,
    requestPolicy: 'network-only',
    fetchOptions: () => ({ headers: { authorization: `Bearer ${session.token}` } }),
    exchanges: [
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({ unsubscribe: socket.subscribe({ ...request, query: request.query ?? '' }, sink) }),
        }),
      }),
    ],
  });
  return {
    urql,
    socket,
    close: () => {
      window.removeEventListener('offline', dropped);
      void socket.dispose();
    },
  };
}

/** Calls `onConnect` now and again on every reconnection of the socket; returns a stop. */
export function onEveryConnection(socket: SocketClient, onConnect: () => void): () => void {
  onConnect();
  return socket.on('connected', (_socket, _payload, wasRetry) => {
    if (wasRetry) onConnect();
  });
}
