import type { Context, Env, ValidationTargets } from 'hono';
import { zValidator } from '@hono/zod-validator';
import * as z from 'zod';
import { apiError } from './errors.js';

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

/** The shared zod-validator hook: a failed parse becomes 400 `invalid_request` with human `fields`. */
export function validationHook(
  result: { success: true; data: unknown } | { success: false; error: z.ZodError },
  c: Context,
): Response | undefined {
  if (result.success) return undefined;
  return apiError(c, 400, 'invalid_request', 'Some fields need attention.', fieldsFromIssues(result.error.issues));
}

/**
 * `zValidator` with the shared hook and human messages: use it for every body, query and param.
 * @example app.post('/x', validate('json', Body), (c) => c.json(c.req.valid('json')))
 */
export function validate<
  T extends z.core.$ZodType,
  Target extends keyof ValidationTargets,
  E extends Env = Env,
  P extends string = string,
>(target: Target, schema: T) {
  return zValidator<T, Target, E, P>(target, schema, validationHook as never, {
    // z.safeParseAsync works for classic and zod/mini schemas alike (the booking schemas are shared with the browser).
    validationFunction: (s, value) => z.safeParseAsync(s, value, { error: humanIssueMessage }) as never,
  });
}
