// Column lists for hand-written SQL that returns whole rows in the shape Prisma's models have
// (camelCase keys, enums as strings), so rows from raw queries and from the client are
// interchangeable and can prime the same loaders. The columns come from schema.prisma through the
// generated map (prisma/generate-columns.mjs), never from a copy kept by hand.
import { Prisma, type Message, type User } from '../generated/prisma/client.ts';
import { models, type ModelName } from '../generated/columns.ts';

/** The models hand-written SQL reads whole rows of, as (model, table) names. */
const modelOf = {
  conversation: 'Conversation',
  member: 'Member',
  message: 'Message',
  user: 'User',
  revision: 'MessageRevision',
} as const satisfies Record<string, ModelName>;
type Table = keyof typeof modelOf;

/** key -> selected column expression (enums as text, as Prisma returns them), from the schema. */
function columnsOf(model: ModelName): Record<string, string> {
  const fields = models[model].fields as Record<string, { column: string; kind: string }>;
  return Object.fromEntries(Object.entries(fields).map(([key, f]) => [key, f.kind === 'enum' ? `${f.column}::text` : f.column]));
}

const tables = Object.fromEntries(Object.entries(modelOf).map(([table, model]) => [table, columnsOf(model)])) as Record<
  Table,
  Record<string, string>
>;

/** The fields of each model that hold timestamps (JSON carries them as strings). */
const dateKeys = Object.fromEntries(
  Object.entries(modelOf).map(([table, model]) => [
    table,
    Object.entries(models[model].fields as Record<string, { type: string }>)
      .filter(([, f]) => f.type === 'DateTime')
      .map(([key]) => key),
  ]),
) as Record<Table, string[]>;

/**
 * The values of a row in jsonArray()'s order. Timestamps travel as epoch milliseconds: turning a
 * number into a Date took 0.12 µs, parsing the text 0.59 µs, and an inbox page reads ~1,500.
 * date_part gives the epoch as a double, where extract gives a numeric: the same milliseconds
 * after rounding for every timestamp(3) from year 1 to 9999 (a double holds those epochs to 31 µs
 * or better, far inside the half millisecond rounding allows), for a tenth less of PostgreSQL's
 * CPU on an inbox page with members.
 */
function arrayValues(table: Table, alias: string, only?: readonly string[]): string[] {
  const dates = new Set(dateKeys[table]);
  return columnsIn(table, only).map(([key, column]) =>
    dates.has(key) ? `round(date_part('epoch', ${alias}.${column}) * 1000)::bigint` : `${alias}.${column}`,
  );
}

/** `table`'s (key, column) pairs in the model's order: all of them, or only the keys listed. */
function columnsIn(table: Table, only?: readonly string[]): [string, string][] {
  const columns = Object.entries(tables[table]);
  if (!only) return columns;
  const unknown = only.filter((key) => !(key in tables[table]));
  if (unknown.length) throw new Error(`${table} has no column for ${unknown.join(', ')}`);
  return columns.filter(([key]) => only.includes(key));
}

// A list is built once per table, alias and prefix: hot statements (the send, the loaders) ask for
// the same few on every request, and joining the names anew each time showed in send profiles.
const selected = new Map<string, Prisma.Sql>();

function select(table: Table, alias: string, prefix = '', form: 'columns' | 'array' = 'columns'): Prisma.Sql {
  const key = `${table} ${alias} ${prefix} ${form}`;
  let list = selected.get(key);
  if (!list) {
    const columns = Object.entries(tables[table]);
    list = Prisma.raw(
      form === 'columns'
        ? columns.map(([key, column]) => `${alias}.${column} AS "${prefix}${key}"`).join(', ')
        : `json_build_array(${arrayValues(table, alias).join(', ')})`,
    );
    selected.set(key, list);
  }
  return list;
}

export const conversationColumns = (alias: string, prefix = '') => select('conversation', alias, prefix);
export const memberColumns = (alias: string, prefix = '') => select('member', alias, prefix);
export const messageColumns = (alias: string, prefix = '') => select('message', alias, prefix);
export const userColumns = (alias: string, prefix = '') => select('user', alias, prefix);
export const revisionColumns = (alias: string, prefix = '') => select('revision', alias, prefix);

/** `json_build_object(...)` of a row in the model's shape, for rows nested in another query. */
export function jsonObject(table: Table, alias: string, extra: Record<string, Prisma.Sql> = {}): Prisma.Sql {
  const pairs = [
    ...Object.entries(tables[table]).map(([key, column]) => Prisma.raw(`'${key}', ${alias}.${column}`)),
    ...Object.entries(extra).map(([key, value]) => Prisma.sql`${Prisma.raw(`'${key}'`)}, ${value}`),
  ];
  return Prisma.sql`json_build_object(${Prisma.join(pairs, ', ')})`;
}

/** jsonArray() of a row an outer join may leave out: NULL then, not an array of nulls. */
export function jsonArrayOrNull(table: Table, alias: string): Prisma.Sql {
  return Prisma.sql`CASE WHEN ${Prisma.raw(alias)}.id IS NULL THEN NULL ELSE ${jsonArray(table, alias)} END`;
}

/**
 * `json_build_array(...)` of a row: smaller and quicker to parse than an object, for long lists.
 * `only`: the keys to carry (a row for one use that needs a few), read back by an arrayReader given
 * the same keys.
 */
export function jsonArray(table: Table, alias: string, extra: Record<string, Prisma.Sql> = {}, only?: readonly string[]): Prisma.Sql {
  const extras = Object.values(extra);
  if (extras.length === 0 && !only) return select(table, alias, '', 'array');
  const values = [...arrayValues(table, alias, only).map((value) => Prisma.raw(value)), ...extras];
  return Prisma.sql`json_build_array(${Prisma.join(values, ', ')})`;
}

/** A timestamp as JSON carries it (epoch milliseconds from jsonArray, UTC text from jsonObject) as a Date. */
function toDate(v: unknown): unknown {
  if (typeof v === 'number') return new Date(v);
  return typeof v === 'string' ? new Date(v.endsWith('Z') ? v : `${v}Z`) : v;
}

const keysOf = Object.fromEntries(Object.entries(tables).map(([name, columns]) => [name, Object.keys(columns)])) as Record<Table, string[]>;

/** How many values a jsonArray() row of `table` (of the `only` keys) holds before any extra ones. */
export const columnCount = (table: Table, only?: readonly string[]): number => columnsIn(table, only).length;

// Rows are rebuilt by a function generated per table (and prefix, or extra keys) with one object
// literal: an inbox page rebuilds ~350 rows, and growing each object key by key took 1.5× (a
// member with its user, 3.6 against 2.4 µs) to 6× (a conversation's columns, 2.5 against 0.4 µs)
// the time of a literal of fixed shape. Keys come from the Prisma schema, quoted; never input.
// Callers build each reading function once, at module load: looking one up by a name built on
// every row took 0.7 % of the inbox's busy time in its profile.
function rowBuilder<S, T>(make: () => string): (source: S) => T {
  return new Function('toDate', `return function read(source) {\n${make()}\n};`)(toDate) as (source: S) => T;
}

/**
 * A reader of jsonArray() rows back in the model's shape (of the `only` keys, given the same ones
 * as jsonArray); extra values follow the columns, under `extraKeys` (absent when the array stops
 * before them).
 */
export function arrayReader<T>(table: Table, extraKeys: string[] = [], only?: readonly string[]): (values: unknown[]) => T {
  return rowBuilder<unknown[], T>(() => {
    const keys = columnsIn(table, only).map(([key]) => key);
    const dates = new Set(dateKeys[table]);
    const fields = keys.map((key, i) => `${JSON.stringify(key)}: ${dates.has(key) ? `toDate(source[${i}])` : `source[${i}]`}`);
    const extras = extraKeys.map(
      (key, i) => `if (source.length > ${keys.length + i}) row[${JSON.stringify(key)}] = source[${keys.length + i}];`,
    );
    return [`const row = { ${fields.join(', ')} };`, ...extras, 'return row;'].join('\n');
  });
}

/** A row of jsonObject() back in the model's shape: timestamps become Dates (stored as UTC). */
export function fromJson<T>(table: Table, value: Record<string, unknown>): T {
  for (const key of dateKeys[table]) {
    value[key] = toDate(value[key]);
  }
  return value as T;
}

/**
 * A reader that splits `{ prefix+key: value }` columns of a joined row back into an object of
 * `table`; null when every one is null.
 */
export function columnPicker<T>(table: Table, prefix = ''): (row: Record<string, unknown>) => T | null {
  return rowBuilder<Record<string, unknown>, T | null>(() => {
    const keys = keysOf[table];
    const values = keys.map((key, i) => `const v${i} = source[${JSON.stringify(prefix + key)}];`);
    const present = keys.map((_key, i) => `(v${i} !== null && v${i} !== undefined)`).join(' || ');
    const fields = keys.map((key, i) => `${JSON.stringify(key)}: v${i}`);
    return [...values, `return ${present} ? { ${fields.join(', ')} } : null;`].join('\n');
  });
}

/**
 * Readers of whole jsonArray() rows, built once and shared by every statement that reads them (the
 * live feeds' read, the send's answer, the inbox's last message).
 */
export const readMessageArray = arrayReader<Message>('message');
export const readUserArray = arrayReader<User>('user');
