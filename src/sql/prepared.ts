// Statements built once per shape. The inbox's statement carries the rules of access/rules.ts
// compiled to SQL several times over (window, visibility, unread, details); building it took more
// of a request's CPU than reading its rows. Its text depends only on the request's shape, so it is
// built once per shape, by the same builders, with stand-ins for the values that vary (the viewer,
// the time, the cursor, the page bounds); each request swaps in its own.
// The send's statement is cheap to build but long: it keeps only its text per shape (KeptTexts).
import type { Prisma } from '../generated/prisma/client.ts';
import type { Statement } from '../db/sql.ts';

/**
 * Stand-ins, known by identity: a string no id can be (text input refuses NUL), and objects for
 * the rest (a Date, a number), which the builders only ever pass along as bound values.
 */
export function standIns<T extends Record<string, unknown>>(names: { [K in keyof T]: 'text' | 'other' }): T {
  const stands: Record<string, unknown> = {};
  for (const [name, kind] of Object.entries(names)) {
    stands[name] = kind === 'text' ? `\u0000stand-in:${name}\u0000` : Object.freeze({ standIn: name });
  }
  return stands as T;
}

interface Template {
  text: string;
  values: unknown[];
  /** value index -> the name of the stand-in there */
  slots: [number, string][];
}

/** Prepared statements of one kind: at most `size` shapes kept, the least recently built first out. */
export class PreparedStatements<T extends Record<string, unknown>> {
  readonly #templates = new Map<string, Template>();

  constructor(
    private readonly stands: T,
    private readonly size = 200,
  ) {}

  /**
   * The statement for `shape` with `actual` values: built by `build(stands)` the first time a
   * shape is seen. `shape` must hold everything the builder reads besides the stand-ins; null
   * when the builder needs an actual value for more than binding it (built for this request).
   */
  statement(shape: string | null, actual: T, build: (values: T) => Prisma.Sql): Statement {
    if (shape === null) return build(actual);
    let template = this.#templates.get(shape);
    if (!template) {
      template = this.#template(build(this.stands));
      if (this.#templates.size >= this.size) this.#templates.delete(this.#templates.keys().next().value!);
      this.#templates.set(shape, template);
    }
    const values = template.values.slice();
    for (const [index, name] of template.slots) values[index] = actual[name];
    return { text: template.text, values };
  }

  #template(sql: Prisma.Sql): Template {
    const names = new Map<unknown, string>(Object.entries(this.stands).map(([name, stand]) => [stand, name]));
    const slots: [number, string][] = [];
    sql.values.forEach((value, index) => {
      const name = names.get(value);
      if (name !== undefined) slots.push([index, name]);
      // a stand-in inside a value (an array of ids) would reach the database as it is
      else if (Array.isArray(value) && value.some((v) => names.has(v)))
        throw new Error('a stand-in may only be bound as a value of its own');
      // a time the builder took for itself would be frozen into every later request
      else if (value instanceof Date) throw new Error('a prepared statement may not hold a time of its own: pass it as a stand-in');
    });
    return { text: sql.text, values: sql.values, slots };
  }
}

/**
 * Texts kept per shape, for a statement built afresh on every call whose text depends on its shape
 * alone (the send: sql/send.ts). Unlike PreparedStatements, the values are always this call's own
 * build, so none can be frozen; only the text is the first build's, the same string each time, so
 * the runner finds its prepared statement without flattening and hashing the text again.
 */
export class KeptTexts {
  readonly #texts = new Map<string, string>();

  constructor(private readonly size = 200) {}

  statement(shape: string, built: Statement): Statement {
    let text = this.#texts.get(shape);
    if (text === undefined) {
      text = built.text;
      if (this.#texts.size >= this.size) this.#texts.delete(this.#texts.keys().next().value!);
      this.#texts.set(shape, text);
    }
    return { text, values: built.values };
  }
}
