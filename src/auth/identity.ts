// Identity (API.md "Identity"): a bearer JWT (HS256, AUTH_SECRET; sub = user id, optional name and
// picture claims), or the server-to-server API key with x-user-id. The key alone acts as the
// app.
import { createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { AppError, forbidden, unauthenticated } from '../errors.ts';
import { checkOptionalUrl, checkText } from '../common/validate.ts';

export interface Viewer {
  /** the user the request acts as; null for the API key used without x-user-id */
  userId: string | null;
  /** the request carries the API key (server to server) */
  isApiKey: boolean;
  /** claims that fill a user created on first sight */
  profile?: { displayName?: string; profileImageUrl?: string };
  /** when the token stops being valid (a live connection is closed then); none for the API key */
  expiresAt?: Date;
}

interface Credentials {
  authorization?: string | null;
  apiKey?: string | null;
  userId?: string | null;
}

interface AuthSecrets {
  authSecret: string;
  apiKey: string;
  /** the longest a token may live: its exp at most this many seconds ahead */
  maxTokenLifetimeSeconds: number;
}

/** Clocks of token issuers and of this server may differ by this much. */
const clockSkewSeconds = 60;

/** The profile claims of a token, checked like the same fields of upsertUser. */
function profileOf(payload: Record<string, unknown>): Viewer['profile'] {
  try {
    const displayName = typeof payload.name === 'string' ? checkText(payload.name, 'name', { max: 200 }) : undefined;
    const picture = typeof payload.picture === 'string' ? checkOptionalUrl(payload.picture, 'picture') : undefined;
    return {
      ...(displayName ? { displayName } : {}),
      ...(picture ? { profileImageUrl: picture } : {}),
    };
  } catch (e) {
    if (e instanceof AppError) throw unauthenticated(`The token's ${String(e.extensions.field)} claim is not valid: ${e.message}`);
    throw e;
  }
}

export const maxUserIdLength = 128;

/** What a user id is, wherever one comes in: 1 to 128 characters, no spaces around them. */
export function isUserId(id: unknown): id is string {
  return typeof id === 'string' && id.trim() !== '' && id.length <= maxUserIdLength && id === id.trim();
}

function checkUserId(id: unknown, source: string): string {
  if (!isUserId(id)) throw unauthenticated(`${source} must be a user id of 1 to ${maxUserIdLength} characters.`);
  return id;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const encoder = new TextEncoder();

/** How many verified tokens an Authenticator remembers. */
const verifiedLimit = 10_000;

/** Resolves credentials to a viewer, for one server (its secrets, its cache of verified tokens). */
export class Authenticator {
  readonly #secrets: AuthSecrets;
  // made once: importing the key on every request is costly
  readonly #key: KeyObject;
  // tokens already verified, until they expire: a client sends the same token with every request
  readonly #verified = new Map<string, { viewer: Viewer; expiresAt: number }>();

  constructor(secrets: AuthSecrets) {
    this.#secrets = secrets;
    this.#key = createSecretKey(Buffer.from(secrets.authSecret));
  }

  /** A viewer: null when no credentials were sent; UNAUTHENTICATED when they are bad. */
  async authenticate(credentials: Credentials): Promise<Viewer | null> {
    const { authorization, apiKey, userId } = credentials;
    const secrets = this.#secrets;
    if (apiKey) {
      if (!sameSecret(apiKey, secrets.apiKey)) throw unauthenticated('The API key is not valid.');
      return { userId: userId ? checkUserId(userId, 'x-user-id') : null, isApiKey: true };
    }
    if (!authorization) return null;
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match) throw unauthenticated('The authorization header must be "Bearer <token>".');
    const token = match[1]!;
    const known = this.#verified.get(token);
    if (known && known.expiresAt > Date.now()) return known.viewer;
    try {
      // a token must expire, and not too far ahead: a stolen one stops working
      const { payload } = await jwtVerify(token, this.#key, { algorithms: ['HS256'], requiredClaims: ['exp'] });
      if (payload.exp! > Date.now() / 1000 + secrets.maxTokenLifetimeSeconds + clockSkewSeconds) {
        throw unauthenticated(`The token lives longer than the longest lifetime allowed (${secrets.maxTokenLifetimeSeconds} s).`);
      }
      const viewer: Viewer = {
        userId: checkUserId(payload.sub, 'The token subject (sub)'),
        isApiKey: false,
        profile: profileOf(payload),
        expiresAt: new Date(payload.exp! * 1000),
      };
      if (this.#verified.size >= verifiedLimit) this.#verified.clear();
      // remembered for at most a minute, and never past the token's own expiry
      this.#verified.set(token, { viewer, expiresAt: Math.min(Date.now() + 60_000, payload.exp! * 1000) });
      return viewer;
    } catch (e) {
      if (e instanceof joseErrors.JWTExpired) throw unauthenticated('The token has expired.');
      if (e instanceof joseErrors.JWTClaimValidationFailed && e.claim === 'exp') {
        throw unauthenticated('The token has no expiry: it must carry an exp claim.');
      }
      if (e instanceof joseErrors.JOSEError) throw unauthenticated('The token is not valid.');
      throw e;
    }
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

/**
 * The id of the user the request acts as: UNAUTHENTICATED without credentials, FORBIDDEN for the
 * app (the API key alone), which is signed in but has no user of its own for this operation.
 */
export function viewerId(ctx: { readonly viewer: Viewer | null }): string {
  const id = ctx.viewer?.userId;
  if (id) return id;
  if (ctx.viewer?.isApiKey) throw forbidden('This operation acts as a user: send x-user-id with the API key.');
  throw unauthenticated('Sign in: send a bearer token or an API key.');
}

/** Whether the request carries the server-to-server API key. */
export function isApiKey(ctx: { readonly viewer: Viewer | null }): boolean {
  return ctx.viewer?.isApiKey === true;
}
