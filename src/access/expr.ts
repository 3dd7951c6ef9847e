// A small language for the rules of access: one definition of a rule, two forms of it. compileSql()
// turns a rule into a SQL condition for statements that filter many rows at once (lists, counts,
// the inbox, the one-statement send); evaluate() runs the same rule on rows already in memory (one
// message, a live delivery, a mutation's check). Both follow SQL's three-valued logic, so the two
// forms agree on NULLs too; test/access-rules.test.ts runs every rule case down both.
import { Prisma } from '../generated/prisma/client.ts';
import { models, type ModelName } from '../generated/columns.ts';

type Scalar = string | number | boolean | Date | null;
type Comparison = '=' | '<>' | '<' | '<=' | '>' | '>=';

export type Expr =
  | { op: 'col'; table: string; field: string }
  | { op: 'param'; name: string }
  | { op: 'lit'; value: Scalar }
  | { op: 'and' | 'or'; args: Expr[] }
  | { op: 'not'; arg: Expr }
  | { op: 'isNull'; arg: Expr }
  | { op: 'cmp'; cmp: Comparison; a: Expr; b: Expr }
  | { op: 'in'; arg: Expr; values: string[] }
  | { op: 'greatest'; args: Expr[] }
  | { op: 'coalesce'; args: Expr[] }
  | { op: 'if'; cond: Expr; then: Expr; else: Expr }
  /** the array holds no element */
  | { op: 'isEmpty'; arg: Expr }
  /** the array holds the value */
  | { op: 'has'; array: Expr; value: Expr };

// builders: the rules read as code
export const col = (table: string, field: string): Expr => ({ op: 'col', table, field });
export const param = (name: string): Expr => ({ op: 'param', name });
export const lit = (value: Scalar): Expr => ({ op: 'lit', value });
export const and = (...args: Expr[]): Expr => ({ op: 'and', args });
export const or = (...args: Expr[]): Expr => ({ op: 'or', args });
export const not = (arg: Expr): Expr => ({ op: 'not', arg });
export const isNull = (arg: Expr): Expr => ({ op: 'isNull', arg });
export const notNull = (arg: Expr): Expr => not(isNull(arg));
export const eq = (a: Expr, b: Expr): Expr => ({ op: 'cmp', cmp: '=', a, b });
export const ne = (a: Expr, b: Expr): Expr => ({ op: 'cmp', cmp: '<>', a, b });
export const lt = (a: Expr, b: Expr): Expr => ({ op: 'cmp', cmp: '<', a, b });
export const le = (a: Expr, b: Expr): Expr => ({ op: 'cmp', cmp: '<=', a, b });
export const gt = (a: Expr, b: Expr): Expr => ({ op: 'cmp', cmp: '>', a, b });
export const oneOf = (arg: Expr, values: string[]): Expr => ({ op: 'in', arg, values });
export const greatest = (...args: Expr[]): Expr => ({ op: 'greatest', args });
export const coalesce = (...args: Expr[]): Expr => ({ op: 'coalesce', args });
export const when = (cond: Expr, then: Expr, otherwise: Expr): Expr => ({ op: 'if', cond, then, else: otherwise });
export const isEmpty = (arg: Expr): Expr => ({ op: 'isEmpty', arg });
export const has = (array: Expr, value: Expr): Expr => ({ op: 'has', array, value });
export const TRUE = lit(true);
export const FALSE = lit(false);

// ---- SQL -------------------------------------------------------------------------------------

export interface SqlScope {
  /** rule table name -> the model it holds and the alias it has in the statement */
  tables: Record<string, { model: ModelName; alias: string }>;
  /** rule parameter -> its SQL (a bound value, or an expression of the statement) */
  params: Record<string, Prisma.Sql>;
}

const { sql, join, raw } = Prisma;

function columnSql(scope: SqlScope, table: string, field: string): Prisma.Sql {
  const bound = scope.tables[table];
  if (!bound) throw new Error(`rule table ${table} is not in the statement`);
  const columns = models[bound.model].fields as Record<string, { column: string; kind: string }>;
  const column = columns[field];
  if (!column) throw new Error(`${bound.model} has no field ${field}`);
  // enums compare as text, like the strings the rules and TypeScript use
  return raw(`${bound.alias}.${column.column}${column.kind === 'enum' ? '::text' : ''}`);
}

export function compileSql(expr: Expr, scope: SqlScope): Prisma.Sql {
  const c = (e: Expr) => compileSql(e, scope);
  switch (expr.op) {
    case 'col':
      return columnSql(scope, expr.table, expr.field);
    case 'param': {
      const value = scope.params[expr.name];
      if (!value) throw new Error(`rule parameter ${expr.name} has no SQL`);
      return sql`(${value})`;
    }
    case 'lit':
      if (expr.value === null) return sql`NULL`;
      if (typeof expr.value === 'boolean') return raw(expr.value ? 'TRUE' : 'FALSE');
      if (typeof expr.value === 'number' && Number.isInteger(expr.value)) return raw(String(expr.value));
      return sql`${expr.value}`;
    case 'and':
    case 'or':
      if (expr.args.length === 0) return raw(expr.op === 'and' ? 'TRUE' : 'FALSE');
      return sql`(${join(expr.args.map(c), expr.op === 'and' ? ' AND ' : ' OR ')})`;
    case 'not':
      return sql`(NOT ${c(expr.arg)})`;
    case 'isNull':
      return sql`(${c(expr.arg)} IS NULL)`;
    case 'cmp':
      return sql`(${c(expr.a)} ${raw(expr.cmp)} ${c(expr.b)})`;
    case 'in':
      return sql`(${c(expr.arg)} IN (${join(
        expr.values.map((v) => sql`${v}`),
        ', ',
      )}))`;
    case 'greatest':
      return sql`GREATEST(${join(expr.args.map(c), ', ')})`;
    case 'coalesce':
      return sql`COALESCE(${join(expr.args.map(c), ', ')})`;
    case 'if':
      return sql`(CASE WHEN ${c(expr.cond)} THEN ${c(expr.then)} ELSE ${c(expr.else)} END)`;
    case 'isEmpty':
      return sql`(cardinality(${c(expr.arg)}) = 0)`;
    case 'has':
      return sql`(${c(expr.value)} = ANY(${c(expr.array)}))`;
  }
}

// ---- TypeScript ------------------------------------------------------------------------------

export interface Rows {
  /** rule table name -> the row (a Prisma model object), or null for an absent row (a LEFT JOIN miss) */
  tables: Record<string, object | null>;
  params: Record<string, unknown>;
}

type Value = Scalar | readonly unknown[] | undefined;

/** A comparable form: dates by their time, everything else as is. */
const comparable = (v: Value) => (v instanceof Date ? v.getTime() : v);

function compare(cmp: Comparison, a: Value, b: Value): boolean | null {
  if (a === null || a === undefined || b === null || b === undefined) return null;
  const x = comparable(a) as number | string | boolean;
  const y = comparable(b) as number | string | boolean;
  switch (cmp) {
    case '=':
      return x === y;
    case '<>':
      return x !== y;
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    case '>=':
      return x >= y;
  }
}

/** Evaluates a rule on rows in memory, with SQL's NULL semantics (null: unknown). */
export function evaluate(expr: Expr, rows: Rows): Value {
  const e = (x: Expr) => evaluate(x, rows);
  switch (expr.op) {
    case 'col': {
      if (!(expr.table in rows.tables)) throw new Error(`rule table ${expr.table} was not given`);
      const row = rows.tables[expr.table] as Record<string, Value> | null;
      return row === null ? null : (row[expr.field] ?? null);
    }
    case 'param':
      if (!(expr.name in rows.params)) throw new Error(`rule parameter ${expr.name} was not given`);
      return (rows.params[expr.name] ?? null) as Value;
    case 'lit':
      return expr.value;
    case 'and': {
      let unknown = false;
      for (const arg of expr.args) {
        const v = e(arg);
        if (v === false) return false;
        if (v === null || v === undefined) unknown = true;
      }
      return unknown ? null : true;
    }
    case 'or': {
      let unknown = false;
      for (const arg of expr.args) {
        const v = e(arg);
        if (v === true) return true;
        if (v === null || v === undefined) unknown = true;
      }
      return unknown ? null : false;
    }
    case 'not': {
      const v = e(expr.arg);
      return v === null || v === undefined ? null : !v;
    }
    case 'isNull': {
      const v = e(expr.arg);
      return v === null || v === undefined;
    }
    case 'cmp':
      return compare(expr.cmp, e(expr.a), e(expr.b));
    case 'in': {
      const v = e(expr.arg);
      if (v === null || v === undefined) return null;
      return expr.values.includes(v as string);
    }
    case 'greatest': {
      // PostgreSQL's GREATEST ignores NULLs
      const values = expr.args.map(e).filter((v) => v !== null && v !== undefined);
      if (values.length === 0) return null;
      return values.reduce((best, v) => ((comparable(v) as number) > (comparable(best) as number) ? v : best));
    }
    case 'coalesce': {
      for (const arg of expr.args) {
        const v = e(arg);
        if (v !== null && v !== undefined) return v;
      }
      return null;
    }
    case 'if':
      return e(expr.cond) === true ? e(expr.then) : e(expr.else);
    case 'isEmpty': {
      const v = e(expr.arg);
      if (v === null || v === undefined) return null;
      return (v as readonly unknown[]).length === 0;
    }
    case 'has': {
      const array = e(expr.array);
      const value = e(expr.value);
      if (array === null || array === undefined || value === null || value === undefined) return null;
      const found = (array as readonly unknown[]).includes(value);
      // x = ANY(array) is unknown, not false, when the array holds a NULL and no match
      return found ? true : (array as readonly unknown[]).includes(null) ? null : false;
    }
  }
}

/** A rule compiled by `compile`: the same answers as evaluate(), without walking the rule each time. */
type Compiled = (rows: Rows) => Value;

/**
 * The TypeScript form of a rule as one generated function, made once: for rules run per row in hot
 * paths (every access of an inbox page, a live delivery per message and subscriber). A closure per
 * node took 0.2–0.6 µs a rule (2.3 µs for the seven of an access), its shared property loads
 * megamorphic; the generated code, with a load site per column as hand-written code has, takes
 * 0.01–0.03 µs. Case for case the same as evaluate(), which test/access-rules.test.ts holds it to.
 * The source is built from the rule alone (names quoted, values passed as constants), never from
 * input.
 */
function compile(expr: Expr): Compiled {
  const constants: unknown[] = [];
  const lines: string[] = [];
  let names = 0;
  const fresh = (prefix: string) => `${prefix}${names++}`;
  const constant = (value: unknown) => `K[${constants.push(value) - 1}]`;
  const q = (name: string) => JSON.stringify(name);
  /** The comparable form of a variable, as comparable() gives it: dates by their time. */
  const comparableJs = (x: string) => `(${x} instanceof Date ? ${x}.getTime() : ${x})`;
  /** Appends the statements computing `e`; returns the variable that holds its value (null: unknown). */
  const gen = (e: Expr): string => {
    const v = fresh('v');
    switch (e.op) {
      case 'col':
        lines.push(
          `if (!(${q(e.table)} in T)) throw new Error(${q(`rule table ${e.table} was not given`)});`,
          `const ${v} = T[${q(e.table)}] === null ? null : (T[${q(e.table)}][${q(e.field)}] ?? null);`,
        );
        return v;
      case 'param':
        lines.push(
          `if (!(${q(e.name)} in P)) throw new Error(${q(`rule parameter ${e.name} was not given`)});`,
          `const ${v} = P[${q(e.name)}] ?? null;`,
        );
        return v;
      case 'lit':
        lines.push(
          `const ${v} = ${typeof e.value === 'string' ? q(e.value) : e.value instanceof Date ? constant(e.value) : String(e.value)};`,
        );
        return v;
      case 'and':
      case 'or': {
        // and: false decides; or: true decides; else unknown when any was, as evaluate() does
        const decisive = e.op === 'or';
        const done = fresh('b');
        lines.push(`let ${v} = ${!decisive};`, `${done}: {`);
        for (const arg of e.args) {
          const a = gen(arg);
          lines.push(
            `if (${a} === ${decisive}) { ${v} = ${decisive}; break ${done}; }`,
            `if (${a} === null || ${a} === undefined) ${v} = null;`,
          );
        }
        lines.push('}');
        return v;
      }
      case 'not': {
        const a = gen(e.arg);
        lines.push(`const ${v} = ${a} === null || ${a} === undefined ? null : !${a};`);
        return v;
      }
      case 'isNull': {
        const a = gen(e.arg);
        lines.push(`const ${v} = ${a} === null || ${a} === undefined;`);
        return v;
      }
      case 'cmp': {
        const a = gen(e.a);
        const b = gen(e.b);
        const op = { '=': '===', '<>': '!==', '<': '<', '<=': '<=', '>': '>', '>=': '>=' }[e.cmp];
        lines.push(
          `const ${v} = ${a} === null || ${a} === undefined || ${b} === null || ${b} === undefined ? null : ${comparableJs(a)} ${op} ${comparableJs(b)};`,
        );
        return v;
      }
      case 'in': {
        const a = gen(e.arg);
        lines.push(`const ${v} = ${a} === null || ${a} === undefined ? null : ${constant(e.values)}.includes(${a});`);
        return v;
      }
      case 'greatest': {
        // PostgreSQL's GREATEST ignores NULLs
        lines.push(`let ${v} = null;`);
        for (const arg of e.args) {
          const a = gen(arg);
          lines.push(`if (${a} !== null && ${a} !== undefined && (${v} === null || ${comparableJs(a)} > ${comparableJs(v)})) ${v} = ${a};`);
        }
        return v;
      }
      case 'coalesce': {
        const done = fresh('b');
        lines.push(`let ${v} = null;`, `${done}: {`);
        for (const arg of e.args) {
          const a = gen(arg);
          lines.push(`if (${a} !== null && ${a} !== undefined) { ${v} = ${a}; break ${done}; }`);
        }
        lines.push('}');
        return v;
      }
      case 'if': {
        const cond = gen(e.cond);
        lines.push(`let ${v};`, `if (${cond} === true) {`);
        lines.push(`${v} = ${gen(e.then)};`, '} else {');
        lines.push(`${v} = ${gen(e.else)};`, '}');
        return v;
      }
      case 'isEmpty': {
        const a = gen(e.arg);
        lines.push(`const ${v} = ${a} === null || ${a} === undefined ? null : ${a}.length === 0;`);
        return v;
      }
      case 'has': {
        const list = gen(e.array);
        const value = gen(e.value);
        // x = ANY(array) is unknown, not false, when the array holds a NULL and no match
        lines.push(
          `const ${v} = ${list} === null || ${list} === undefined || ${value} === null || ${value} === undefined ? null : ${list}.includes(${value}) ? true : ${list}.includes(null) ? null : false;`,
        );
        return v;
      }
    }
  };
  const result = gen(expr);
  const body = ['const T = rows.tables;', 'const P = rows.params;', ...lines, `return ${result};`].join('\n');
  const made = new Function('K', `return function rule(rows) {\n${body}\n};`) as (k: unknown[]) => Compiled;
  return made(constants);
}

/** The fields of `table` a rule reads: what a row must carry for the rule to run on it in memory. */
export function fieldsRead(expr: Expr, table: string): Set<string> {
  const fields = new Set<string>();
  const visit = (e: Expr): void => {
    switch (e.op) {
      case 'col':
        if (e.table === table) fields.add(e.field);
        return;
      case 'param':
      case 'lit':
        return;
      case 'and':
      case 'or':
      case 'greatest':
      case 'coalesce':
        e.args.forEach(visit);
        return;
      case 'not':
      case 'isNull':
      case 'in':
      case 'isEmpty':
        visit(e.arg);
        return;
      case 'cmp':
        visit(e.a);
        visit(e.b);
        return;
      case 'if':
        visit(e.cond);
        visit(e.then);
        visit(e.else);
        return;
      case 'has':
        visit(e.array);
        visit(e.value);
        return;
      default: {
        const unknown: never = e;
        throw new Error(`fieldsRead: unknown expression ${JSON.stringify(unknown)}`);
      }
    }
  };
  visit(expr);
  return fields;
}

/** Each rule's compiled form, made on its first run: rules are built once (module constants, canRule's memo). */
const compiledRules = new WeakMap<Expr, Compiled>();

/**
 * A rule's value on rows, by its compiled form: the run-time checks (every access of an inbox
 * page, every action) go through here. evaluate() stays the reference the compiled form is tested
 * against.
 */
export function run(expr: Expr, rows: Rows): Value {
  return compiledRule(expr)(rows);
}

/** The rule's compiled form, made once per rule: for a hot path that keeps it (a live delivery). */
export function compiledRule(expr: Expr): Compiled {
  let compiled = compiledRules.get(expr);
  if (!compiled) {
    compiled = compile(expr);
    compiledRules.set(expr, compiled);
  }
  return compiled;
}

/** A rule holds only when it is true: false and unknown both refuse, as in a WHERE clause. */
export function holds(expr: Expr, rows: Rows): boolean {
  return run(expr, rows) === true;
}
