import { ApiError, ownerApiBase } from './api.js';

/** Fired on `window` once a sign-in has set the session cookie: the shell loads the session. */
export const SIGNED_IN_EVENT = 'soleus-console-signed-in';

/** `/admin` (the sign-in routes sit beside the owner API at `/admin/api`). */
const adminBase = () => ownerApiBase().replace(/\/api$/, '');

/** A JSON POST to a sign-in route (`/sign-in`, `/passkey/options`, `/passkey/verify`). */
export async function authPost<T>(path: string, body: unknown = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(adminBase() + path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, {
      code: 'network_error',
      message: 'Could not reach the server. Check your connection and try again.',
    });
  }
  const data = (await response.json().catch(() => undefined)) as
    { error?: { code: string; message: string } } | undefined;
  if (response.ok) return data as T;
  throw new ApiError(
    response.status,
    data?.error ?? { code: `http_${response.status}`, message: `The server answered ${response.status}.` },
  );
}
