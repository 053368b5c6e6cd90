import { ApiError } from '../core/api.js';
import type { ApiErrorBody } from '../core/schemas/error.js';

export { ApiError } from '../core/api.js';

/**
 * The owner console's client for the owner API. In the console (served at `/admin` on the server's own origin) it
 * calls `/admin/api/…` with the session cookie (`credentials: 'same-origin'`, the only cookie Soleus sets, whose
 * `Path=/admin` keeps it off every other path). A developer reusing a console screen elsewhere can point it at
 * `/api/v1/owner` with the bearer token instead: `configureOwnerApi({ base: 'https://…/api/v1/owner', token })`.
 */
export interface OwnerApiConfig {
  /** Base of the owner routes, without a trailing slash (default: this origin's `/admin/api`). */
  base: string;
  /** `SOLEUS_ADMIN_TOKEN`, sent as `Authorization: Bearer`; unset: the session cookie. */
  token?: string;
}

let config: OwnerApiConfig = { base: '/admin/api' };

/** Points every console screen at another server or credential (tests, Storybook, reuse). */
export function configureOwnerApi(next: Partial<OwnerApiConfig>): void {
  config = { ...config, ...next, base: (next.base ?? config.base).replace(/\/+$/, '') };
}

/** The current base, e.g. for an `EventSource` URL. */
export const ownerApiBase = (): string => config.base;

export interface OwnerRequestOptions {
  /** JSON body. */
  body?: unknown;
  /** Extra headers (`Idempotency-Key` is added to every write unless given). */
  headers?: Record<string, string>;
  /** Milliseconds before giving up (default 15 000). */
  timeout?: number;
}

/** Fired on `window` when the owner API answers 401: the session ended, the shell shows the sign-in screen. */
export const SIGNED_OUT_EVENT = 'soleus-console-signed-out';

const networkMessage = 'Could not reach the server. Check your connection and try again.';

/**
 * One owner API call: JSON in and out, the contract's error shape as an `ApiError` (status 0 for network failures
 * and timeouts), an `Idempotency-Key` on every write so a retried tap never acts twice.
 * @example const { bookings } = await ownerRequest<OwnerBookingsResponse>('GET', '/bookings?from=2026-12-01')
 */
export async function ownerRequest<T>(method: string, path: string, options: OwnerRequestOptions = {}): Promise<T> {
  const { body, headers = {}, timeout = 15_000 } = options;
  const write = method !== 'GET' && method !== 'HEAD';
  let response: Response;
  try {
    response = await fetch(config.base + path, {
      method,
      credentials: config.token ? 'omit' : 'same-origin',
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(config.token ? { authorization: `Bearer ${config.token}` } : {}),
        ...(write && !headers['Idempotency-Key'] ? { 'Idempotency-Key': crypto.randomUUID() } : {}),
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
  if (response.status === 401) globalThis.dispatchEvent?.(new Event(SIGNED_OUT_EVENT));
  const error = (data as Partial<ApiErrorBody> | undefined)?.error;
  throw new ApiError(
    response.status,
    error && typeof error.code === 'string' && typeof error.message === 'string'
      ? error
      : { code: `http_${response.status}`, message: `The server answered ${response.status}. Please try again.` },
  );
}
