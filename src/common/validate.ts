// Input checks shared by every domain. Each failure is BAD_USER_INPUT naming the field.
import { badInput } from '../errors.ts';

/** undefined: not given; null: cleared; string: the trimmed value. */
export function checkText(
  value: string | null | undefined,
  field: string,
  options: { max: number; required?: boolean; allowEmpty?: boolean },
): string | null | undefined {
  if (value === undefined || value === null) {
    if (options.required) throw badInput(`${field} is required.`, field);
    return value;
  }
  const trimmed = value.trim();
  if (!trimmed && !options.allowEmpty) {
    if (options.required) throw badInput(`${field} must not be empty.`, field);
    return null;
  }
  if ([...trimmed].length > options.max) {
    throw badInput(`${field} must be at most ${options.max} characters.`, field);
  }
  return trimmed;
}

const maxUrlLength = 2048;

export function isHttpUrl(value: string): boolean {
  if (value.length > maxUrlLength) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

export function checkOptionalUrl(value: string | null | undefined, field: string): string | null | undefined {
  if (value === undefined || value === null || value === '') return value === '' ? null : value;
  if (!isHttpUrl(value)) throw badInput(`${field} must be an http(s) URL of at most ${maxUrlLength} characters.`, field);
  return value;
}

const maxJsonBytes = 16 * 1024;

/** A JSON object (not an array or a scalar) of bounded size. */
export function checkJsonObject(value: unknown, field: string): Record<string, unknown> | null | undefined {
  if (value === undefined || value === null) return value;
  if (typeof value !== 'object' || Array.isArray(value)) throw badInput(`${field} must be a JSON object.`, field);
  if (Buffer.byteLength(JSON.stringify(value)) > maxJsonBytes) {
    throw badInput(`${field} must be at most ${maxJsonBytes} bytes of JSON.`, field);
  }
  return value as Record<string, unknown>;
}

/** A list of ids: deduplicated, each non-empty, at most `max` of them. */
export function checkIds(ids: readonly string[] | null | undefined, field: string, max: number): string[] {
  if (!ids) return [];
  if (ids.length > max) throw badInput(`${field} may hold at most ${max} ids.`, field);
  const seen = new Set<string>();
  for (const id of ids) {
    if (typeof id !== 'string' || !id.trim() || id.length > 128) {
      throw badInput(`${field} must hold ids of 1 to 128 characters.`, field);
    }
    seen.add(id);
  }
  return [...seen];
}

const clientIdPattern = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;

/** An id chosen by the client (idempotent create): letters, digits and _ . : -, up to 128. */
export function checkClientId(id: string | null | undefined, field = 'id'): string | undefined {
  if (id === undefined || id === null) return undefined;
  if (!clientIdPattern.test(id)) {
    throw badInput(`${field} must be 1 to 128 letters, digits, _ . : or -, starting with a letter or digit.`, field);
  }
  return id;
}

export function checkTags(tags: readonly string[] | null | undefined, field = 'tags'): string[] | undefined {
  if (tags === undefined || tags === null) return undefined;
  if (tags.length > 30) throw badInput(`${field} may hold at most 30 tags.`, field);
  const result = new Set<string>();
  for (const tag of tags) {
    const t = tag.trim();
    if (!t || [...t].length > 64) throw badInput(`Each of ${field} must be 1 to 64 characters.`, field);
    result.add(t);
  }
  return [...result];
}

export function checkIntRange(value: number | null | undefined, field: string, min: number, max: number): number | null | undefined {
  if (value === undefined || value === null) return value;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw badInput(`${field} must be a whole number from ${min} to ${max}.`, field);
  }
  return value;
}
