// Signed URLs for uploads: GET /files/<id> with ?u=<viewer>&exp=<unix seconds>&sig=<HMAC>, so an
// <img src> works in a browser, which sends no Authorization header. The signature (HMAC-SHA256
// with a key derived from AUTH_SECRET) binds the file, the variant, the viewer and the expiry;
// serving still checks that this viewer may read the file now, so a recall ends it at once.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type FileVariant = 'file' | 'thumbnail';

/** Expiries are rounded up to this step, so a URL stays the same for a while and caches work. */
const stepSeconds = 300;

interface SignedParams {
  u: string;
  exp: number;
  sig: string;
}

export class UrlSigner {
  readonly #key: Buffer;

  constructor(
    authSecret: string,
    private readonly ttlSeconds: number,
  ) {
    // a key of its own: a URL signature is never a token signature
    this.#key = createHmac('sha256', authSecret).update('parley:upload-url').digest();
  }

  #signature(id: string, variant: FileVariant, viewerId: string, exp: number): string {
    return createHmac('sha256', this.#key).update(`${id}\n${variant}\n${viewerId}\n${exp}`).digest('base64url');
  }

  /** Query parameters that let `viewerId` GET the file until about ttlSeconds from `now`. */
  sign(id: string, variant: FileVariant, viewerId: string, now: Date): SignedParams {
    const exp = Math.ceil((now.getTime() / 1000 + this.ttlSeconds) / stepSeconds) * stepSeconds;
    return { u: viewerId, exp, sig: this.#signature(id, variant, viewerId, exp) };
  }

  /** The viewer the parameters were signed for, or why they are refused. */
  verify(id: string, variant: FileVariant, params: URLSearchParams, now: Date): { viewerId: string } | { refused: string } {
    const u = params.get('u');
    const exp = Number(params.get('exp'));
    const sig = params.get('sig') ?? '';
    if (!u || !Number.isInteger(exp) || !sig) return { refused: 'The link is incomplete.' };
    const expected = Buffer.from(this.#signature(id, variant, u, exp));
    const given = Buffer.from(sig);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { refused: 'The link is not valid.' };
    if (exp * 1000 <= now.getTime()) return { refused: 'The link has expired.' };
    return { viewerId: u };
  }
}
