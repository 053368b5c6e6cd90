import { fixture, html } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import '../../../src/components/newsletter-signup/newsletter-signup.define.js';
import type { SoleusNewsletterSignup } from '../../../src/components/newsletter-signup/newsletter-signup.js';
import { $, $$, focused, settle, shadow, type, until } from '../support/shadow-dom.js';

export { $, $$, focused, settle, shadow, type, until };

export type { SoleusNewsletterSignup };

/** One request the widget made. */
export interface Call {
  method: string;
  url: string;
  body?: Record<string, unknown>;
  init: RequestInit;
}

/** How the stub answers `POST /api/v1/subscriptions`: a status and body, a thrown network error, or a promise to hold it. */
export type Answer = { status: number; body: unknown; headers?: Record<string, string> } | 'network' | Promise<never>;

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

/**
 * Replaces window.fetch with the server's side of the contract: `GET …/form-token` answers a token,
 * `POST …/subscriptions` answers `answer` (default 202 pending). Every call is recorded.
 */
export function stubFetch(answer: () => Answer = () => ({ status: 202, body: { status: 'pending' } })) {
  const calls: Call[] = [];
  const real = window.fetch;
  let tokens = 0;
  window.fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = String(input);
    const method = init.method ?? 'GET';
    calls.push({ method, url, init, body: init.body ? JSON.parse(String(init.body)) : undefined });
    if (url.endsWith('/api/v1/form-token')) return json(200, { token: `token-${++tokens}` });
    if (url.endsWith('/api/v1/subscriptions') && method === 'POST') {
      const a = answer();
      if (a === 'network') throw new TypeError('Failed to fetch');
      if (a instanceof Promise) return a;
      return json(a.status, a.body, a.headers);
    }
    return json(404, { error: { code: 'not_found', message: 'Not found' } });
  };
  return {
    calls,
    posts: () => calls.filter((c) => c.method === 'POST'),
    restore: () => (window.fetch = real),
  };
}

/**
 * The widget waits until its render token is 3 s old before sending (the server drops younger ones as bots).
 * Rather than sleep, tests move Date.now forward once the token has arrived; `clock.offset` is how far.
 */
export const clock = { offset: 0 };
const realNow = Date.now;
Date.now = () => realNow.call(Date) + clock.offset;

/** Ages every token fetched so far past the server's 3 s minimum. */
export const ageTokens = () => void (clock.offset += 10_000);

/** Renders the widget and waits for its token request. */
export async function widget(
  template: TemplateResult = html`<soleus-newsletter-signup list="running-tips"></soleus-newsletter-signup>`,
) {
  const el = await fixture<SoleusNewsletterSignup>(template);
  await settle();
  ageTokens();
  return el;
}

/** Ticks the consent box by clicking it. */
export const tick = (el: Element) => $(el, '#consent').click();

/** Presses Subscribe by clicking it. */
export const submit = (el: Element) => $(el, 'button[part~="button"]').click();

/** The text of the live region. */
export const status = (el: Element) => $(el, '[role="status"]').textContent ?? '';
