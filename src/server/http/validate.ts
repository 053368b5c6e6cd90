import type { Env, Input, MiddlewareHandler, ValidationTargets } from 'hono';
import { validator } from 'hono/validator';
import * as z from 'zod';
import { type ContractError, invalidRequest } from './errors.js';

/**
 * The one validation helper. Every body, query and path parameter goes through {@link check}: first a walk for text
 * no database can keep, then the zod schema (classic or zod/mini alike) with human messages. Routes use it as the
 * {@link validate} middleware; the booking post, which must count the attempt before it answers, uses
 * {@link validate} with `defer` and reads the outcome itself.
 */

/**
 * Human messages for zod issues whose schema gave none. A schema's own `{ error: '…' }` always wins
 * (zod's precedence: schema > per-parse map), so routes can still phrase fields their own way.
 */
export const humanIssueMessage: z.core.$ZodErrorMap = (issue) => {
  const field = issue.path?.[issue.path.length - 1];
  if (issue.code === 'invalid_type') {
    if (issue.input === undefined) return 'This field is required';
    const article = /^[aeiou]/.test(issue.expected) ? 'an' : 'a';
    return `Expected ${article} ${issue.expected}`;
  }
  if (issue.code === 'invalid_format') {
    switch (issue.format) {
      case 'email':
        return 'Enter an email address like name@example.com';
      case 'url':
        return 'Enter a web address like https://example.com';
      case 'datetime':
        return 'Enter a time like 2026-10-26T09:00:00.000Z';
      case 'date':
        return 'Enter a day like 2026-10-26';
      default:
        return 'This is not in the expected format';
    }
  }
  if (issue.code === 'too_small' && issue.origin === 'string') {
    return Number(issue.minimum) <= 1 ? 'This field is required' : `Use at least ${issue.minimum} characters`;
  }
  if (issue.code === 'too_big' && issue.origin === 'string') return `Use at most ${issue.maximum} characters`;
  if (issue.code === 'too_small' && (issue.origin === 'number' || issue.origin === 'int'))
    return `Use ${issue.minimum} or more`;
  if (issue.code === 'too_big' && (issue.origin === 'number' || issue.origin === 'int'))
    return `Use ${issue.maximum} or less`;
  if (issue.code === 'too_small' && issue.origin === 'array') return `Choose at least ${issue.minimum}`;
  if (issue.code === 'too_big' && issue.origin === 'array') return `Choose at most ${issue.maximum}`;
  if (issue.code === 'invalid_value') return `Choose one of: ${issue.values.map(String).join(', ')}`;
  if (issue.code === 'unrecognized_keys')
    return `Unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}`;
  if (field !== undefined && issue.code === 'invalid_union') return 'This value is not accepted';
  return undefined;
};

/** Turns zod issues into the contract's `fields` map: dotted path (`client.email`) → first message for it. */
export function fieldsFromIssues(issues: readonly z.core.$ZodIssue[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      const prefix = issue.path.map(String).join('.');
      for (const key of issue.keys) {
        const path = prefix ? `${prefix}.${key}` : key;
        fields[path] ??= 'Unknown field';
      }
      continue;
    }
    const path = issue.path.map(String).join('.') || '_';
    fields[path] ??= issue.message;
  }
  return fields;
}

const NUL_MESSAGE = 'Remove the NUL character: it cannot be stored';
const SURROGATE_MESSAGE = 'Remove the broken character (an unpaired UTF-16 surrogate): it cannot be stored';
// A NUL, or a UTF-16 surrogate without its partner. PostgreSQL refuses NUL in text ("invalid byte sequence for
// encoding UTF8: 0x00", which was a 500) and a lone surrogate has no UTF-8 form at all (pg would store U+FFFD instead,
// silently changing what was sent): both are refused up front, on SQLite too, so the two databases answer alike.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Fields (dotted paths) of `value` whose text, or whose key, no database can store, with a message for each. */
export function unstorableFields(
  value: unknown,
  path = '',
  fields: Record<string, string> = {},
): Record<string, string> {
  const message = (text: string) => (text.includes('\u0000') ? NUL_MESSAGE : SURROGATE_MESSAGE);
  if (typeof value === 'string') {
    if (UNSTORABLE.test(value)) fields[path || '_'] ??= message(value);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => unstorableFields(item, path ? `${path}.${i}` : String(i), fields));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      if (UNSTORABLE.test(key)) fields[at.replace(UNSTORABLE, '?')] ??= message(key);
      else unstorableFields(item, at, fields);
    }
  }
  return fields;
}

/** The outcome of {@link check}. */
export type Checked<T> = { ok: true; data: T } | { ok: false; error: ContractError };

/** A deferred check's outcome with the value it judged (the booking post hashes the body as sent). */
export type Deferred<T> = Checked<T> & { input: unknown };

/** Checks `value` against `schema`: the data, or a 400 `invalid_request` naming every field that needs attention. */
export async function check<T extends z.core.$ZodType>(schema: T, value: unknown): Promise<Checked<z.output<T>>> {
  const unstorable = unstorableFields(value);
  if (Object.keys(unstorable).length > 0) return { ok: false, error: invalidRequest(unstorable) };
  const result = await z.safeParseAsync(schema, value, { error: humanIssueMessage });
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, error: invalidRequest(fieldsFromIssues(result.error.issues)) };
}

/** Like {@link check}, throwing the ContractError (app.ts answers it). */
export async function parseInput<T extends z.core.$ZodType>(schema: T, value: unknown): Promise<z.output<T>> {
  const checked = await check(schema, value);
  if (!checked.ok) throw checked.error;
  return checked.data;
}

type Target = 'json' | 'query' | 'param';
type ValidatedInput<T extends z.core.$ZodType, Tg extends Target, Out> = Input & {
  in: { [K in Tg]: z.input<T> extends ValidationTargets[K] ? z.input<T> : ValidationTargets[K] };
  out: { [K in Tg]: Out };
};

/**
 * The validation middleware for a body (`json`), a query or the path parameters: a failed check is 400
 * `invalid_request` with human `fields`, and `c.req.valid(target)` is the parsed, typed data. The JSON body was read
 * and parsed once by http/body.ts; Hono hands the same parsed value to every reader.
 * With `{ defer: true }` nothing is refused here: `c.req.valid(target)` is the {@link Checked} outcome, for a route
 * that must do something first (count a rate limit) and answer the refusal after it.
 * @example app.post('/x', validate('json', Body), (c) => c.json(c.req.valid('json')))
 */
export function validate<T extends z.core.$ZodType, Tg extends Target, E extends Env = Env, P extends string = string>(
  target: Tg,
  schema: T,
): MiddlewareHandler<E, P, ValidatedInput<T, Tg, z.output<T>>>;
export function validate<T extends z.core.$ZodType, Tg extends Target, E extends Env = Env, P extends string = string>(
  target: Tg,
  schema: T,
  options: { defer: true },
): MiddlewareHandler<E, P, ValidatedInput<T, Tg, Deferred<z.output<T>>>>;
export function validate(target: Target, schema: z.core.$ZodType, options?: { defer: true }): MiddlewareHandler {
  return validator(target, async (value) => {
    const checked = await check(schema, value);
    if (options?.defer) return { ...checked, input: value };
    if (!checked.ok) throw checked.error;
    return checked.data as never;
  }) as MiddlewareHandler;
}

/**
 * {@link validate} for a query string that many requests send alike (every reader of one thread, every card of one
 * link): a query string judged valid once is not parsed and checked again; its checked data is kept (the last `max`
 * strings). A refused one is checked every time, so its answer never changes. Route handlers read
 * `c.req.valid('query')` as with {@link validate}.
 */
export function validateQueryOnce<T extends z.core.$ZodType, E extends Env = Env, P extends string = string>(
  schema: T,
  max = 1000,
): MiddlewareHandler<E, P, ValidatedInput<T, 'query', z.output<T>>> {
  const check = validate('query', schema) as MiddlewareHandler;
  const known = new Map<string, unknown>();
  return (async (c, next) => {
    const url = c.req.url;
    const at = url.indexOf('?');
    const search = at < 0 ? '' : url.slice(at);
    const data = known.get(search);
    if (data !== undefined) {
      c.req.addValidatedData('query', data as never);
      return next();
    }
    return check(c, async () => {
      if (known.size >= max) known.delete(known.keys().next().value!);
      known.set(search, c.req.valid('query' as never));
      await next();
    });
  }) as MiddlewareHandler;
}
