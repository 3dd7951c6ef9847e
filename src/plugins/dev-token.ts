// Development sign-in: POST /dev/token with { "userId": "ada", "displayName": "Ada Lovelace" }
// answers { "token", "userId", "expiresAt" }, a token of an hour signed with AUTH_SECRET, so that
// GraphiQL's "act as" box and a web client in development can act as anyone without a sign-in
// service. The server installs it only with NODE_ENV=development and DEV_TOKENS on; elsewhere the
// path answers 404. It makes nothing but the token: the user is created on first sight, as with
// any token (its displayName is the token's name claim). Served through Yoga, so a web client on
// another origin gets the same CORS answers as /graphql.
import type { IncomingMessage } from 'node:http';
import type { Plugin } from 'graphql-yoga';
import { decodeJwt } from 'jose';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { isUserId, maxUserIdLength, signToken } from '../auth/identity.ts';
import { checkText } from '../common/validate.ts';
import { AppError, badInput, rateLimited } from '../errors.ts';

export const devTokenPath = '/dev/token';

/** short: a development token is for a session at the desk */
const lifetimeSeconds = 3600;
/** tokens per client address per minute: a person clicking, or a web client signing in */
const perMinute = 20;

const usage = 'POST a JSON body: { "userId": "ada", "displayName": "Ada Lovelace" } (displayName optional).';

function checkInput(input: unknown): { userId: string; displayName?: string } {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw badInput(usage);
  const { userId, displayName } = input as Record<string, unknown>;
  // the rule of every user id (a token's sub, x-user-id): the token must pass it when used
  if (!isUserId(userId)) {
    throw badInput(`userId must be a user id of 1 to ${maxUserIdLength} characters, with no spaces around it.`, 'userId');
  }
  if (displayName !== undefined && typeof displayName !== 'string') throw badInput('displayName must be a string.', 'displayName');
  // checked as upsertUser checks it
  const name = checkText(displayName, 'displayName', { max: 200 });
  return { userId, ...(name ? { displayName: name } : {}) };
}

export function useDevTokens(options: { authSecret: string; maxTokenLifetimeSeconds: number }): Plugin {
  const limiter = new RateLimiterMemory({ points: perMinute, duration: 60 });
  const lifetime = Math.min(lifetimeSeconds, options.maxTokenLifetimeSeconds);
  return {
    async onRequest({ request, url, serverContext, endResponse, fetchAPI }) {
      if (url.pathname !== devTokenPath) return;
      const answer = (status: number, body: unknown, headers: Record<string, string> = {}) =>
        endResponse(fetchAPI.Response.json(body, { status, headers: { 'cache-control': 'no-store', ...headers } }));
      const refuse = (status: number, error: AppError, headers?: Record<string, string>) =>
        answer(status, { errors: [error.toJSON()] }, headers);

      if (request.method !== 'POST') return refuse(405, badInput(usage), { allow: 'POST' });
      if (!(request.headers.get('content-type') ?? '').includes('application/json')) return refuse(415, badInput(usage));
      const address = (serverContext as { req?: IncomingMessage }).req?.socket.remoteAddress ?? 'unknown';
      try {
        await limiter.consume(address);
      } catch (e) {
        if (!(e instanceof RateLimiterRes)) throw e;
        const wait = Math.max(1, Math.ceil(e.msBeforeNext / 1000));
        return refuse(429, rateLimited(`Too many development tokens: wait ${wait} s.`, wait), { 'retry-after': String(wait) });
      }
      let input: unknown;
      try {
        input = await request.json();
      } catch {
        return refuse(400, badInput(`The body is not JSON. ${usage}`));
      }
      let checked: ReturnType<typeof checkInput>;
      try {
        checked = checkInput(input);
      } catch (e) {
        if (e instanceof AppError) return refuse(400, e);
        throw e;
      }
      const token = await signToken(options.authSecret, checked.userId, { name: checked.displayName, expiresIn: `${lifetime}s` });
      const expiresAt = new Date(decodeJwt(token).exp! * 1000).toISOString();
      return answer(200, { token, userId: checked.userId, expiresAt });
    },
  };
}
