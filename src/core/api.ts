import type {
  AvailabilityResponse,
  BookingCreated,
  ManagedBookingResponse,
  OwnerBookingsResponse,
  ServicesResponse,
} from './schemas/booking.js';
import type { ApiErrorBody } from './schemas/error.js';
import type { HealthResponse } from './schemas/health.js';
import type {
  AltchaChallenge,
  ErasureResponse,
  FormTokenResponse,
  OwnerSubscribersResponse,
  SubscriptionResponse,
} from './schemas/newsletter.js';
import type { LinkPreviewResponse } from './schemas/previews.js';

/** An error in the contract's shape, for network failures and timeouts too. */
export class ApiError extends Error {
  /** Machine-readable reason: the server's `code`, or `network_error` / `timeout`. */
  readonly code: string;
  /** HTTP status, 0 when no response arrived. */
  readonly status: number;
  /** Field path → message, for validation errors. */
  readonly fields: Record<string, string>;

  constructor(status: number, body: ApiErrorBody['error']) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.fields = body.fields ?? {};
  }
}

export interface RequestOptions {
  /** JSON body; sent as application/json. */
  body?: unknown;
  /** Extra headers, e.g. `Idempotency-Key`. */
  headers?: Record<string, string>;
  /** Milliseconds before giving up (default 10 000). */
  timeout?: number;
  /** Retry once on a network error, timeout or 5xx; default true for GET only. */
  retry?: boolean;
}

/** The origin the Soleus script was loaded from: where the server lives by default. */
export function scriptOrigin(url: string = import.meta.url): string {
  try {
    return new URL(url).origin;
  } catch {
    return globalThis.location?.origin ?? '';
  }
}

/** Base URL from a widget's `api` attribute, else the script's origin. */
export function apiBase(attribute: string | null | undefined): string {
  return (attribute?.trim() || scriptOrigin()).replace(/\/+$/, '');
}

const networkMessage = 'Could not reach the server. Check your connection and try again.';

/**
 * Calls the Soleus HTTP API: JSON in and out, never cookies, a timeout, one retry for reads,
 * and every failure turned into an `ApiError` with the contract's `{ code, message, fields }`.
 */
export async function request<T>(base: string, method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const { body, headers = {}, timeout = 10_000, retry = method === 'GET' } = options;
  const attempt = async (): Promise<T> => {
    let response: Response;
    try {
      response = await fetch(base + path, {
        method,
        credentials: 'omit',
        mode: 'cors',
        headers: {
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeout),
      });
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      throw new ApiError(0, {
        code: timedOut ? 'timeout' : 'network_error',
        message: timedOut ? 'The server took too long to answer. Please try again.' : networkMessage,
      });
    }
    const data: unknown = await response.json().catch(() => undefined);
    if (response.ok) return data as T;
    const error = (data as Partial<ApiErrorBody> | undefined)?.error;
    throw new ApiError(
      response.status,
      error && typeof error.code === 'string' && typeof error.message === 'string'
        ? error
        : { code: `http_${response.status}`, message: `The server answered ${response.status}. Please try again.` },
    );
  };
  try {
    return await attempt();
  } catch (error) {
    const e = error as ApiError;
    if (retry && (e.status === 0 || e.status >= 500)) return attempt();
    throw error;
  }
}

/**
 * What each route of the HTTP contract answers, with the types inferred from the schemas in ./schemas (type imports
 * only: nothing of the schemas' runtime reaches a widget's bundle). The one source of the client's answer types.
 */
export interface ApiRoutes {
  'GET /api/v1/health': HealthResponse;
  'GET /api/v1/services': ServicesResponse;
  'GET /api/v1/availability': AvailabilityResponse;
  'POST /api/v1/bookings': BookingCreated;
  'GET /api/v1/bookings/<id>': ManagedBookingResponse;
  'POST /api/v1/bookings/<id>/cancel': ManagedBookingResponse;
  'POST /api/v1/bookings/<id>/reschedule': ManagedBookingResponse;
  'GET /api/v1/owner/bookings': OwnerBookingsResponse;
  'GET /api/v1/form-token': FormTokenResponse;
  'GET /api/v1/form-token/altcha': AltchaChallenge;
  'POST /api/v1/subscriptions': SubscriptionResponse;
  'GET /api/v1/owner/subscribers': OwnerSubscribersResponse;
  'DELETE /api/v1/owner/subscribers/<email>': ErasureResponse;
  'GET /api/v1/link-preview': LinkPreviewResponse;
}

/**
 * {@link request} typed by the contract: `call(base, 'GET /api/v1/services', '/api/v1/services')` resolves to a
 * `ServicesResponse`. `path` is the route with its ids and query filled in.
 * @example const { booking } = await call(base, 'GET /api/v1/bookings/<id>', `/api/v1/bookings/${id}`, { headers })
 */
export function call<R extends keyof ApiRoutes>(
  base: string,
  route: R,
  path: string,
  options?: RequestOptions,
): Promise<ApiRoutes[R]> {
  return request<ApiRoutes[R]>(base, route.slice(0, route.indexOf(' ')), path, options);
}
