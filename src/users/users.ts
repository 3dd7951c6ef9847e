// Users: created on first sight (a token's sub, or x-user-id with the API key), provisioned by
// the API key (upsertUser), and looked up when other actions name them.
import type { Viewer } from '../auth/identity.ts';
import type { Database, Tx } from '../db/client.ts';
import { badInput, forbidden } from '../errors.ts';
import type { Context } from '../context.ts';
import { isApiKey } from '../auth/identity.ts';
import { checkJsonObject, checkOptionalUrl, checkText } from '../common/validate.ts';

/** Ids known to exist, so a request from a known user costs no write. Bounded: it is only a cache. */
export class KnownUsers {
  readonly #ids = new Set<string>();
  static readonly limit = 50_000;

  has(id: string): boolean {
    return this.#ids.has(id);
  }

  remember(id: string): void {
    if (this.#ids.size >= KnownUsers.limit) this.#ids.clear();
    this.#ids.add(id);
  }
}

/** Creates the viewer's user the first time it is seen, filled from the token's claims. */
export async function ensureUser(db: Database, known: KnownUsers, viewer: Viewer): Promise<void> {
  const id = viewer.userId;
  if (!id || known.has(id)) return;
  // one atomic INSERT ... ON CONFLICT DO NOTHING: a new user's first requests arrive together
  // (the page's query and its socket), and an upsert with nothing to update is a read then a
  // write, which lets the second fail on the key
  await db.prisma.user.createMany({
    data: [{ id, displayName: viewer.profile?.displayName ?? id, profileImageUrl: viewer.profile?.profileImageUrl ?? null }],
    skipDuplicates: true,
  });
  known.remember(id);
}

interface UpsertUserInput {
  id: string;
  displayName?: string | null;
  profileImageUrl?: string | null;
  profileUrl?: string | null;
  metaData?: unknown;
}

/** Server-to-server user provisioning: the API key only. */
export async function upsertUser(ctx: Context, input: UpsertUserInput) {
  if (!isApiKey(ctx)) throw forbidden('Only the API key may provision users.');
  const id = checkText(input.id, 'id', { max: 128, required: true })!;
  const displayName = checkText(input.displayName, 'displayName', { max: 200 });
  const profileImageUrl = checkOptionalUrl(input.profileImageUrl, 'profileImageUrl');
  const profileUrl = checkOptionalUrl(input.profileUrl, 'profileUrl');
  const metaData = checkJsonObject(input.metaData, 'metaData');
  const data = {
    ...(displayName !== undefined && { displayName: displayName ?? '' }),
    ...(profileImageUrl !== undefined && { profileImageUrl }),
    ...(profileUrl !== undefined && { profileUrl }),
    ...(metaData !== undefined && { metaData: metaData as object }),
  };
  const user = await ctx.db.prisma.user.upsert({
    where: { id },
    create: { id, displayName: id, ...data },
    update: data,
  });
  ctx.runtime.users.remember(id);
  return user;
}

/** Fails with BAD_USER_INPUT naming the ids of users that do not exist. */
export async function assertUsersExist(tx: Tx, known: KnownUsers, ids: readonly string[], field: string): Promise<void> {
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length === 0) return;
  const found = await tx.user.findMany({ where: { id: { in: unknown } }, select: { id: true } });
  const foundIds = new Set(found.map((u) => u.id));
  const missing = unknown.filter((id) => !foundIds.has(id));
  if (missing.length) {
    throw badInput(`No user has the id ${missing.map((id) => JSON.stringify(id)).join(', ')}.`, field);
  }
  for (const id of foundIds) known.remember(id);
}
