import { Hono } from 'hono';
import {
  EraseParamSchema,
  OwnerSubscribersQuerySchema,
  type ErasureResponse,
  type FormTokenResponse,
  type OwnerSubscribersResponse,
  type Subscriber,
  type SubscriptionResponse,
} from '../../core/schemas/newsletter.js';
import { requireAdmin } from '../http/auth.js';
import { isFormPost } from '../http/body.js';
import { clientIp } from '../http/client-ip.js';
import { ContractError } from '../http/errors.js';
import { validate } from '../http/validate.js';
import { createAltchaChallenge } from './bot-defence.js';
import type { NewsletterContext } from './context.js';
import { subscribersCsv } from './csv.js';
import { PAGE_HEADERS } from '../pages/layout.js';
import {
  checkInboxPage,
  correctFormPage,
  needsJavaScriptPage,
  pressOnceMorePage,
  safeBackUrl,
  tooManyPage,
  type Page,
  type SubmittedForm,
} from '../pages/newsletter.js';
import type { SubscriberRow } from './records.js';
import { subscribe } from './signup.js';
import { erase, listSubscribers } from './subscribers.js';
import { FORM_TOKEN_MIN_AGE_MS, issueFormToken } from './tokens.js';

export { isFormPost } from '../http/body.js';

/** For app.ts: the one API route that also takes a plain HTML form post. */
export const SUBSCRIPTIONS_PATH = '/api/v1/subscriptions';

/** Where the ALTCHA challenge is served, when the owner switched proof of work on. */
export const ALTCHA_CHALLENGE_PATH = '/api/v1/form-token/altcha';

const NO_STORE = { 'Cache-Control': 'no-store' };
const ACCEPTED: SubscriptionResponse = { status: 'pending' };

const FORM_FIELDS = ['email', 'name', 'list', 'consent', 'consentText', 'source', 'hp', 't', 'altcha'] as const;

/** A form post's fields as the JSON shape: empty optional fields dropped, a ticked box (`on`) as `true`. */
function fromForm(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of FORM_FIELDS) {
    let value = body[key];
    if (Array.isArray(value)) value = value[value.length - 1];
    if (typeof value !== 'string') continue;
    if (key === 'consent') {
      if (/^(on|true|1|yes)$/i.test(value.trim())) out.consent = true;
      continue;
    }
    if (value === '' && key !== 'email' && key !== 'consentText') continue;
    out[key] = value;
  }
  return out;
}

/** What the person typed, for re-rendering the form without losing anything. */
function submitted(raw: Record<string, unknown>): SubmittedForm {
  const text = (v: unknown) => (typeof v === 'string' ? v.slice(0, 2000) : '');
  return {
    email: text(raw.email).trim(),
    name: text(raw.name).trim(),
    list: text(raw.list),
    consent: raw.consent === true,
    consentText: text(raw.consentText),
    source: text(raw.source),
  };
}

/**
 * `POST /api/v1/subscriptions`: JSON from the widget, or a plain form post (no JavaScript) answered with HTML. The
 * logic is newsletter/signup.ts; this turns its answer into JSON or a page.
 */
export function subscriptionsRoutes(ctx: NewsletterContext) {
  return new Hono().post('/', async (c) => {
    const form = isFormPost(c.req.header('Content-Type'));
    // JSON was parsed (and checked) once by http/body.ts; Hono hands back that same value.
    const raw: unknown = form ? fromForm(await c.req.parseBody()) : await c.req.json();
    const typed = submitted(
      raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {},
    );
    const backUrl = form ? safeBackUrl(typed.source, c.req.header('Referer')) : undefined;
    // A plain form may have no `source` field: the page it came from (Referer) is carried from here on, into the
    // hidden fields of any page we answer with, because our own pages send no Referer on the next post.
    if (form && backUrl && !typed.source && raw && typeof raw === 'object' && !Array.isArray(raw)) {
      typed.source = backUrl;
      (raw as Record<string, unknown>).source = backUrl;
    }
    const answer = await subscribe(ctx, raw, {
      ip: clientIp(c, ctx.trustProxy),
      source: safeBackUrl(c.req.header('Referer')) ?? null,
    });
    const nowMs = ctx.now().getTime();

    if (form) {
      const page = (p: Page, headers: Record<string, string> = {}) =>
        c.html(p.html, p.status, { ...PAGE_HEADERS, ...headers });
      switch (answer.kind) {
        case 'accepted':
          return page(checkInboxPage(backUrl));
        case 'invalid':
          // The form again, with what was typed and a fresh token.
          return page(correctFormPage(typed, answer.fields, issueFormToken(ctx.secret, nowMs), backUrl));
        case 'token_required': {
          // A button to press once more, carrying a fresh token dated as if issued FORM_TOKEN_MIN_AGE_MS - 1 s
          // earlier: the person already spent that long on the first form, and a fast but real click must not be lost.
          const token = issueFormToken(ctx.secret, nowMs - (FORM_TOKEN_MIN_AGE_MS - 1_000));
          return page(pressOnceMorePage(typed, token, backUrl));
        }
        case 'proof_of_work_required':
          return page(needsJavaScriptPage(backUrl));
        case 'limited':
          return page(tooManyPage(answer.retryAfterSeconds, backUrl), {
            'Retry-After': String(answer.retryAfterSeconds),
          });
      }
    }
    switch (answer.kind) {
      case 'accepted':
        return c.json(ACCEPTED, 202, NO_STORE);
      case 'invalid':
        throw new ContractError(400, 'invalid_request', 'Some fields need attention.', answer.fields);
      case 'token_required':
        throw new ContractError(
          400,
          'form_token_required',
          'Fetch a token from GET /api/v1/form-token when the form renders and send it as "t".',
        );
      case 'proof_of_work_required':
        throw new ContractError(
          400,
          'proof_of_work_required',
          'Solve the proof-of-work challenge from GET /api/v1/form-token/altcha and send it as "altcha".',
        );
      case 'limited':
        throw new ContractError(
          429,
          'too_many_requests',
          `Too many signup attempts; please wait ${answer.retryAfterSeconds} seconds and try again.`,
          undefined,
          undefined,
          { 'Retry-After': String(answer.retryAfterSeconds) },
        );
    }
  });
}

/**
 * `GET /api/v1/form-token` → `{ token }`: the signed render time a widget sends back as `t` (plus, with
 * SOLEUS_ALTCHA=1, `altcha`: the challenge path). `GET /api/v1/form-token/altcha` → an ALTCHA challenge.
 */
export function formTokenRoutes(ctx: NewsletterContext) {
  return new Hono()
    .get('/', (c) => {
      const body: FormTokenResponse = { token: issueFormToken(ctx.secret, ctx.now().getTime()) };
      if (ctx.altcha) body.altcha = ALTCHA_CHALLENGE_PATH;
      return c.json(body, 200, NO_STORE);
    })
    .get('/altcha', async (c) => {
      if (!ctx.altcha) throw new ContractError(404, 'not_found', 'Proof of work is not switched on for this server.');
      return c.json(await createAltchaChallenge(ctx.secret, ctx.now().getTime()), 200, NO_STORE);
    });
}

/** A subscriber with their consent record, as the owner sees it. */
function ownerView(r: SubscriberRow): Subscriber {
  return {
    email: r.email,
    name: r.name,
    list: r.list,
    status: r.status,
    consent: {
      text: r.consent_text,
      source: r.consent_source,
      signedUpAt: r.created_at,
      confirmedAt: r.confirmed_at,
      unsubscribedAt: r.unsubscribed_at,
    },
  };
}

/**
 * The owner's view of the newsletter, with the admin bearer token (same 401s as the booking owner API):
 * `GET /api/v1/owner/subscribers[?list=&status=&q=]` (JSON; `q` a part of the email or name), `GET /api/v1/owner/subscribers.csv` (the same with the
 * consent columns, for a spreadsheet) and `DELETE /api/v1/owner/subscribers/<email>` (erasure).
 */
export function ownerSubscribersRoutes(ctx: NewsletterContext) {
  const authorise = requireAdmin(ctx.adminToken);
  const app = new Hono();
  app.use('/subscribers', authorise);
  app.use('/subscribers.csv', authorise);
  app.use('/subscribers/*', authorise);
  const filter = validate('query', OwnerSubscribersQuerySchema);

  return app
    .get('/subscribers', filter, async (c) => {
      const { list, status, q } = c.req.valid('query');
      const rows = await listSubscribers(ctx, { list: list || undefined, status, q: q || undefined });
      const body: OwnerSubscribersResponse = { subscribers: rows.map(ownerView) };
      return c.json(body, 200, NO_STORE);
    })
    .get('/subscribers.csv', filter, async (c) => {
      const { list, status, q } = c.req.valid('query');
      const rows = await listSubscribers(ctx, { list: list || undefined, status, q: q || undefined });
      const day = ctx.now().toISOString().slice(0, 10);
      return c.body(subscribersCsv(rows), 200, {
        'Content-Type': 'text/csv; charset=utf-8; header=present',
        'Content-Disposition': `attachment; filename="subscribers-${day}.csv"`,
        ...NO_STORE,
        'X-Content-Type-Options': 'nosniff',
      });
    })
    .delete('/subscribers/:email', validate('param', EraseParamSchema), async (c) => {
      const { email } = c.req.valid('param');
      const erased = await erase(ctx, email);
      const n = erased.subscriptions.length;
      if (n === 0) {
        throw new ContractError(
          404,
          'unknown_subscriber',
          'No subscriber has this email address: there is nothing to erase.',
        );
      }
      const body: ErasureResponse = {
        erased: true,
        email,
        subscriptions: erased.subscriptions,
        webhookDeliveries: erased.webhookDeliveries,
        outboxMessages: erased.outboxMessages,
        message: `Erased ${email}: ${n} subscription${n === 1 ? '' : 's'} and the consent record${
          n === 1 ? '' : 's'
        } with ${n === 1 ? 'it' : 'them'}. Links in emails already sent no longer work.`,
      };
      return c.json(body, 200, NO_STORE);
    });
}
