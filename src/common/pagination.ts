// Relay connections over keyset pagination. A cursor holds the sort key of its row, so a page
// starts exactly after (or before) that row even while other rows are added, moved or removed.
import { badInput } from '../errors.ts';
import { Prisma } from '../generated/prisma/client.ts';

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  /** rows to pass over first (page numbers), after the cursor when there is one */
  skip?: number | null;
}

export interface PageRequest {
  /** rows to return */
  size: number;
  /** the cursor to start from, decoded; null for the first page */
  cursor: unknown[] | null;
  /** paging with last/before: rows are fetched in reverse order, then turned around */
  backward: boolean;
  /** rows passed over before the page (an offset, for page numbers) */
  skip: number;
}

/** A list's page when the client asks for none: 50, as the reference documents' message and member lists. */
export const defaultPageSize = 50;
/** The conversation lists' default page (an inbox screen). */
export const conversationPageSize = 25;
/** The largest offset (skip) a list takes: deeper pages are read with cursors, which cost no more the deeper they go. */
export const maxSkip = 10_000;

export function encodeCursor(key: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string, field: string): unknown[] {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length > 0) return key;
  } catch {
    // fall through
  }
  throw badInput(`${field} is not a cursor from this list.`, field);
}

/**
 * Checks `first` / `last` against the server's largest page (BAD_USER_INPUT beyond it) and returns
 * that largest page: every connection, ours and plugin-prisma's (its `maxSize`), refuses alike.
 */
export function checkPageSize(args: Pick<PageArgs, 'first' | 'last'>, maxPageSize: number): number {
  const { first, last } = args;
  if (first != null && last != null) throw badInput('Use either first or last, not both.', 'first');
  // checked one by one: a list of pairs was built on every page, and an inbox makes one member page per row
  checkSize('first', first, maxPageSize);
  checkSize('last', last, maxPageSize);
  return maxPageSize;
}

function checkSize(name: 'first' | 'last', value: number | null | undefined, maxPageSize: number): void {
  if (value != null && (value < 0 || value > maxPageSize)) throw badInput(`${name} must be between 0 and ${maxPageSize}.`, name);
}

export function pageRequest(args: PageArgs, maxPageSize: number, pageSize = defaultPageSize): PageRequest {
  const { first, after, last, before, skip } = args;
  checkPageSize(args, maxPageSize);
  if (after != null && before != null) throw badInput('Use either after or before, not both.', 'after');
  if (skip != null && (!Number.isInteger(skip) || skip < 0 || skip > maxSkip)) {
    throw badInput(`skip must be between 0 and ${maxSkip}; page further with cursors (after / before).`, 'skip');
  }
  const backward = last != null || before != null;
  const size = (backward ? last : first) ?? pageSize;
  const raw = backward ? before : after;
  return { size, backward, skip: skip ?? 0, cursor: raw != null ? decodeCursor(raw, backward ? 'before' : 'after') : null };
}

interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

/**
 * Builds the connection from rows fetched with `size + 1` as the limit (the extra row tells
 * whether there is another page), in the fetch order of the request.
 */
export function toConnection<T>(rows: T[], request: PageRequest, cursorOf: (row: T) => string): Connection<T> {
  const more = rows.length > request.size;
  const page = rows.slice(0, request.size);
  if (request.backward) page.reverse();
  const edges = page.map((node) => new Edge(node, cursorOf));
  return {
    edges,
    pageInfo: {
      hasNextPage: request.backward ? request.cursor !== null || request.skip > 0 : more,
      hasPreviousPage: request.backward ? more : request.cursor !== null || request.skip > 0,
      get startCursor() {
        return edges[0]?.cursor ?? null;
      },
      get endCursor() {
        return edges.at(-1)?.cursor ?? null;
      },
    },
  };
}

/**
 * A page with its total (a count, or a function that counts when asked). Listed, not spread: on
 * Node 20 `{ ...page, totalCount }` costs a microsecond, and an inbox makes one member page per row.
 */
export function toCountedConnection<T, N>(
  rows: T[],
  request: PageRequest,
  cursorOf: (row: T) => string,
  totalCount: N,
): Connection<T> & { totalCount: N } {
  const { edges, pageInfo } = toConnection(rows, request, cursorOf);
  return { edges, pageInfo, totalCount };
}

/** An edge whose cursor is encoded only when a client asks for it. */
class Edge<T> {
  readonly node: T;
  readonly #cursorOf: (row: T) => string;
  constructor(node: T, cursorOf: (row: T) => string) {
    this.node = node;
    this.#cursorOf = cursorOf;
  }
  get cursor(): string {
    return this.#cursorOf(this.node);
  }
}

/** The largest seq (and integer key) a cursor may hold: PostgreSQL's integer. */
export const maxIntKey = 2_147_483_647;

/** A cursor's time: an ISO time of years 1 to 9999, as the database stores them. */
function isSaneTime(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(value)) return false;
  return !Number.isNaN(new Date(value).getTime());
}

/** The [time, id] key of a cursor (keyset lists ordered by a time, ids breaking ties), or BAD_USER_INPUT. */
export function timeKeyOf(request: PageRequest): { at: Date; id: string } | null {
  if (!request.cursor) return null;
  const [at, id] = request.cursor;
  if (!isSaneTime(at) || typeof id !== 'string' || id.length > 200) {
    const field = request.backward ? 'before' : 'after';
    throw badInput(`${field} is not a cursor from this list.`, field);
  }
  return { at: new Date(at), id };
}

/** `(key...) > (cursor...)` (or `<` paging backwards) for a cursor of [ISO time, id]; TRUE without one. */
export function keysetAfter(request: PageRequest, key: Prisma.Sql): Prisma.Sql {
  const cursor = timeKeyOf(request);
  if (!cursor) return Prisma.sql`TRUE`;
  return request.backward ? Prisma.sql`${key} < (${cursor.at}, ${cursor.id})` : Prisma.sql`${key} > (${cursor.at}, ${cursor.id})`;
}

export function direction(request: PageRequest): Prisma.Sql {
  return Prisma.raw(request.backward ? 'DESC' : 'ASC');
}

/**
 * The same keyset as keysetAfter(), as a Prisma filter over a time field and a tie-breaking id
 * field, with the order to list them in.
 */
export function prismaKeyset<T extends string, I extends string>(request: PageRequest, timeField: T, idField: I) {
  const cursor = timeKeyOf(request);
  const op = request.backward ? 'lt' : 'gt';
  const order = request.backward ? ('desc' as const) : ('asc' as const);
  return {
    where: cursor ? { OR: [{ [timeField]: { [op]: cursor.at } }, { [timeField]: cursor.at, [idField]: { [op]: cursor.id } }] } : {},
    orderBy: [{ [timeField]: order }, { [idField]: order }] as Record<T | I, 'asc' | 'desc'>[],
    take: request.size + 1,
  };
}
