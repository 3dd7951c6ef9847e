// Identity (API.md "Identity"): a bearer JWT (HS256, AUTH_SECRET; sub = user id, optional name and
// picture claims), or the server-to-server API key with x-user-id. The key alone acts as the
// system, which only the admin-only mutations accept.
import { timingSafeEqual } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { unauthenticated } from './errors.ts';

export interface Viewer {
  /** the user the request acts as; null for the API key used without x-user-id */
  userId: string | null;
  /** the request carries the API key (server to server) */
  isApiKey: boolean;
  /** claims that fill a user created on first sight */
  profile?: { displayName?: string; profileImageUrl?: string };
}

export interface Credentials {
  authorization?: string | null;
  apiKey?: string | null;
  userId?: string | null;
}

export interface AuthSecrets {
  authSecret: string;
  apiKey: string;
}

export const maxUserIdLength = 128;

function checkUserId(id: unknown, source: string): string {
  if (typeof id !== 'string' || id.trim() === '' || id.length > maxUserIdLength || id !== id.trim()) {
    throw unauthenticated(`${source} must be a user id of 1 to ${maxUserIdLength} characters.`);
  }
  return id;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const encoder = new TextEncoder();

/** Resolves credentials to a viewer: null when none were sent; UNAUTHENTICATED when they are bad. */
export async function authenticate(credentials: Credentials, secrets: AuthSecrets): Promise<Viewer | null> {
  const { authorization, apiKey, userId } = credentials;
  if (apiKey) {
    if (!sameSecret(apiKey, secrets.apiKey)) throw unauthenticated('The API key is not valid.');
    return { userId: userId ? checkUserId(userId, 'x-user-id') : null, isApiKey: true };
  }
  if (!authorization) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match) throw unauthenticated('The authorization header must be "Bearer <token>".');
  try {
    const { payload } = await jwtVerify(match[1]!, encoder.encode(secrets.authSecret), {
      algorithms: ['HS256'],
    });
    const profile: Viewer['profile'] = {};
    if (typeof payload.name === 'string') profile.displayName = payload.name.slice(0, 200);
    if (typeof payload.picture === 'string') profile.profileImageUrl = payload.picture.slice(0, 2048);
    return { userId: checkUserId(payload.sub, 'The token subject (sub)'), isApiKey: false, profile };
  } catch (e) {
    if (e instanceof joseErrors.JWTExpired) throw unauthenticated('The token has expired.');
    if (e instanceof joseErrors.JOSEError) throw unauthenticated('The token is not valid.');
    throw e;
  }
}

/** Signs a token for a user (npm run token, tests). */
export async function signToken(
  secret: string,
  userId: string,
  options: { name?: string; picture?: string; expiresIn?: string | number } = {},
): Promise<string> {
  const claims: Record<string, string> = {};
  if (options.name) claims.name = options.name;
  if (options.picture) claims.picture = options.picture;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(userId)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '30d')
    .sign(encoder.encode(secret));
}
