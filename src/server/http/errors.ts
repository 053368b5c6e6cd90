import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiErrorBody } from '../../core/schemas/error.js';

export type { ApiErrorBody } from '../../core/schemas/error.js';

/** Builds the contract's error body `{ error: { code, message, fields? } }`. */
export function errorBody(code: string, message: string, fields?: Record<string, string>): ApiErrorBody {
  return { error: fields ? { code, message, fields } : { code, message } };
}

/**
 * A refusal in the contract's terms: status, snake_case code, human message and, for validation, `fields`. Features
 * throw it (or a subclass such as BookingError); app.ts's error handler is the one place that turns it into a
 * response, so no route catches and converts errors itself.
 */
export class ContractError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
    /** More members of `error`, e.g. `conflicts` of a 409 slot_unavailable. */
    readonly extra?: Record<string, unknown>,
    /** Response headers, e.g. `Retry-After`. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ContractError';
  }

  /** The error body, `extra` members included. */
  body(): ApiErrorBody {
    const body = errorBody(this.code, this.message, this.fields);
    return this.extra ? { error: { ...body.error, ...this.extra } } : body;
  }
}

/** 400 `invalid_request` with `fields`: the one validation refusal. */
export const invalidRequest = (fields: Record<string, string>): ContractError =>
  new ContractError(400, 'invalid_request', 'Some fields need attention.', fields);

/** Responds with the contract's error shape. */
export function apiError(
  c: Context,
  status: ContentfulStatusCode,
  code: string,
  message: string,
  fields?: Record<string, string>,
  headers?: Record<string, string>,
): Response {
  return c.json(errorBody(code, message, fields), status, headers);
}

/** The response for a ContractError. */
export function contractErrorResponse(c: Context, error: ContractError): Response {
  return c.json(error.body(), error.status, error.headers);
}

/** Default code for an HTTP status raised without one (e.g. by a Hono middleware). */
export function codeForStatus(status: number): string {
  const codes: Record<number, string> = {
    400: 'bad_request',
    401: 'unauthorized',
    403: 'forbidden',
    404: 'not_found',
    405: 'method_not_allowed',
    408: 'request_timeout',
    409: 'conflict',
    413: 'payload_too_large',
    415: 'unsupported_media_type',
    422: 'unprocessable_entity',
    429: 'too_many_requests',
  };
  return codes[status] ?? (status >= 500 ? 'internal_error' : 'bad_request');
}
