/**
 * Every JSON answer the server suites receive goes through the contract's schema for its route and status
 * (src/core/schemas): importing this module wraps `fetch` for answers from 127.0.0.1, and {@link checked} wraps an
 * app's `request()`. A body that does not match its schema, or that carries a field the schema does not declare,
 * makes the request itself throw, so the test that made it fails. The routes seen are recorded per process in
 * test-results/contract-seen/ (test/server/contract.test.ts asserts that its own walk saw every route).
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import * as z from 'zod/mini';
import {
  AvailabilityResponseSchema,
  BookingCreatedSchema,
  ManagedBookingResponseSchema,
  OwnerBookingsResponseSchema,
  ServicesResponseSchema,
} from '../../../src/core/schemas/booking.js';
import { ApiErrorBodySchema, SlotUnavailableBodySchema } from '../../../src/core/schemas/error.js';
import { HealthResponseSchema } from '../../../src/core/schemas/health.js';
import {
  CommentAddressDeletedSchema,
  CommentAddressListResponseSchema,
  CommentAddressResponseSchema,
  CommentThreadCloseResponseSchema,
  CommentThreadListResponseSchema,
  CommentCreateResponseSchema,
  CommentDeleteResponseSchema,
  CommentExportSchema,
  CommentListResponseSchema,
  CommentPreviewResponseSchema,
  CommentUpdateResponseSchema,
  OwnerCommentListResponseSchema,
  OwnerCommentResponseSchema,
} from '../../../src/core/schemas/comments.js';
import {
  AltchaChallengeSchema,
  ErasureResponseSchema,
  FormTokenResponseSchema,
  OwnerSubscribersResponseSchema,
  SubscriptionResponseSchema,
} from '../../../src/core/schemas/newsletter.js';
import { OwnerInsightsResponseSchema } from '../../../src/core/schemas/insights.js';
import { WaitlistResponseSchema } from '../../../src/core/schemas/waitlist.js';
import {
  CheckSiteResponseSchema,
  LinkPreviewResponseSchema,
  OwnerLinkPreviewListSchema,
  OwnerLinkPreviewRemovedSchema,
  OwnerLinkPreviewResponseSchema,
} from '../../../src/core/schemas/previews.js';
import {
  TimeOffCreatedSchema,
  TimeOffDeletedSchema,
  TimeOffListResponseSchema,
} from '../../../src/core/schemas/time-off.js';
import {
  PracticeCheckResponseSchema,
  PracticeResponseSchema,
  PracticeUpdatedSchema,
} from '../../../src/core/schemas/practice.js';
import {
  CalendarVersionResponseSchema,
  OwnerActionResponseSchema,
  OwnerBookingResponseSchema,
  OwnerPreviewResponseSchema,
} from '../../../src/core/schemas/owner-bookings.js';

type Schema = z.core.$ZodType;

/** A route of the contract: what it answers on success (JSON), by status. Errors are checked for every route. */
interface ContractRoute {
  name: string;
  method: string;
  path: RegExp;
  success: Record<number, Schema | 'not-json'>;
  /** Answers a plain HTML form post with pages, whatever the status. */
  pages?: true;
}

const segment = '[^/]+';
/** Every route of the HTTP contract under /api. */
export const CONTRACT_ROUTES: readonly ContractRoute[] = [
  { name: 'GET /api/v1/health', method: 'GET', path: /^\/api\/v1\/health$/, success: { 200: HealthResponseSchema } },
  {
    name: 'GET /api/v1/services',
    method: 'GET',
    path: /^\/api\/v1\/services$/,
    success: { 200: ServicesResponseSchema },
  },
  {
    name: 'GET /api/v1/availability',
    method: 'GET',
    path: /^\/api\/v1\/availability$/,
    success: { 200: AvailabilityResponseSchema },
  },
  {
    name: 'POST /api/v1/bookings',
    method: 'POST',
    path: /^\/api\/v1\/bookings$/,
    success: { 201: BookingCreatedSchema },
  },
  {
    name: 'GET /api/v1/bookings/<id>/calendar.ics',
    method: 'GET',
    path: new RegExp(`^/api/v1/bookings/${segment}/calendar\\.ics$`),
    success: { 200: 'not-json' },
  },
  {
    name: 'GET /api/v1/bookings/<id>',
    method: 'GET',
    path: new RegExp(`^/api/v1/bookings/${segment}$`),
    success: { 200: ManagedBookingResponseSchema },
  },
  {
    name: 'POST /api/v1/bookings/<id>/cancel',
    method: 'POST',
    path: new RegExp(`^/api/v1/bookings/${segment}/cancel$`),
    success: { 200: ManagedBookingResponseSchema },
  },
  {
    name: 'POST /api/v1/bookings/<id>/reschedule',
    method: 'POST',
    path: new RegExp(`^/api/v1/bookings/${segment}/reschedule$`),
    success: { 200: ManagedBookingResponseSchema },
  },
  {
    name: 'GET /api/v1/owner/bookings',
    method: 'GET',
    path: /^\/api\/v1\/owner\/bookings$/,
    success: { 200: OwnerBookingsResponseSchema },
  },
  {
    name: 'POST /api/v1/owner/bookings',
    method: 'POST',
    path: /^\/api\/v1\/owner\/bookings$/,
    success: { 201: OwnerActionResponseSchema, 200: OwnerPreviewResponseSchema },
  },
  {
    name: 'GET /api/v1/owner/bookings/<id>',
    method: 'GET',
    path: new RegExp(`^/api/v1/owner/bookings/${segment}$`),
    success: { 200: OwnerBookingResponseSchema },
  },
  {
    name: 'POST /api/v1/owner/bookings/<id>/cancel|move',
    method: 'POST',
    path: new RegExp(`^/api/v1/owner/bookings/${segment}/(cancel|move)$`),
    success: { 200: z.union([OwnerActionResponseSchema, OwnerPreviewResponseSchema]) },
  },
  {
    name: 'POST /api/v1/owner/bookings/<id>/attendance',
    method: 'POST',
    path: new RegExp(`^/api/v1/owner/bookings/${segment}/attendance$`),
    success: { 200: OwnerBookingResponseSchema },
  },
  {
    name: 'POST /api/v1/owner/actions/<id>/undo',
    method: 'POST',
    path: new RegExp(`^/api/v1/owner/actions/${segment}/undo$`),
    success: { 200: OwnerBookingResponseSchema },
  },
  {
    name: 'GET /api/v1/owner/calendar-version',
    method: 'GET',
    path: /^\/api\/v1\/owner\/calendar-version$/,
    success: { 200: CalendarVersionResponseSchema },
  },
  {
    name: 'GET /api/v1/owner/events',
    method: 'GET',
    path: /^\/api\/v1\/owner\/events$/,
    success: { 200: 'not-json' },
  },
  {
    name: 'POST /api/v1/owner/time-off',
    method: 'POST',
    path: /^\/api\/v1\/owner\/time-off$/,
    success: { 201: TimeOffCreatedSchema },
  },
  {
    name: 'GET /api/v1/owner/time-off',
    method: 'GET',
    path: /^\/api\/v1\/owner\/time-off$/,
    success: { 200: TimeOffListResponseSchema },
  },
  {
    name: 'DELETE /api/v1/owner/time-off/<id>',
    method: 'DELETE',
    path: new RegExp(`^/api/v1/owner/time-off/${segment}$`),
    success: { 200: TimeOffDeletedSchema },
  },
  {
    name: 'GET /api/v1/owner/practice',
    method: 'GET',
    path: /^\/api\/v1\/owner\/practice$/,
    success: { 200: PracticeResponseSchema },
  },
  {
    name: 'POST /api/v1/owner/practice/check',
    method: 'POST',
    path: /^\/api\/v1\/owner\/practice\/check$/,
    success: { 200: PracticeCheckResponseSchema },
  },
  {
    name: 'PUT /api/v1/owner/practice',
    method: 'PUT',
    path: /^\/api\/v1\/owner\/practice$/,
    success: { 200: PracticeUpdatedSchema },
  },
  {
    name: 'GET /api/v1/form-token',
    method: 'GET',
    path: /^\/api\/v1\/form-token$/,
    success: { 200: FormTokenResponseSchema },
  },
  {
    name: 'GET /api/v1/form-token/altcha',
    method: 'GET',
    path: /^\/api\/v1\/form-token\/altcha$/,
    success: { 200: AltchaChallengeSchema },
  },
  {
    name: 'POST /api/v1/subscriptions',
    method: 'POST',
    path: /^\/api\/v1\/subscriptions$/,
    // A plain form post is answered with pages (HTML), not JSON: 200 "press once more", 202, 400, 429.
    success: { 202: SubscriptionResponseSchema, 200: 'not-json' },
    pages: true,
  },
  {
    name: 'GET /api/v1/owner/subscribers',
    method: 'GET',
    path: /^\/api\/v1\/owner\/subscribers$/,
    success: { 200: OwnerSubscribersResponseSchema },
  },
  {
    name: 'GET /api/v1/owner/subscribers.csv',
    method: 'GET',
    path: /^\/api\/v1\/owner\/subscribers\.csv$/,
    success: { 200: 'not-json' },
  },
  {
    name: 'DELETE /api/v1/owner/subscribers/<email>',
    method: 'DELETE',
    path: new RegExp(`^/api/v1/owner/subscribers/${segment}$`),
    success: { 200: ErasureResponseSchema },
  },
  {
    name: 'GET /api/v1/comments',
    method: 'GET',
    path: /^\/api\/v1\/comments$/,
    success: { 200: CommentListResponseSchema },
  },
  {
    name: 'POST /api/v1/comments',
    method: 'POST',
    path: /^\/api\/v1\/comments$/,
    // A plain form post is answered with pages (HTML): 201 posted, 200 "press once more", 400, 429.
    success: { 201: CommentCreateResponseSchema, 200: 'not-json' },
    pages: true,
  },
  {
    name: 'POST /api/v1/comments/preview',
    method: 'POST',
    path: /^\/api\/v1\/comments\/preview$/,
    success: { 200: CommentPreviewResponseSchema },
  },
  {
    name: 'PATCH /api/v1/comments/<id>',
    method: 'PATCH',
    path: new RegExp(`^/api/v1/comments/${segment}$`),
    success: { 200: CommentUpdateResponseSchema },
  },
  {
    name: 'DELETE /api/v1/comments/<id>',
    method: 'DELETE',
    path: new RegExp(`^/api/v1/comments/${segment}$`),
    success: { 200: CommentDeleteResponseSchema },
  },
  {
    name: 'GET /api/v1/owner/comments',
    method: 'GET',
    path: /^\/api\/v1\/owner\/comments$/,
    success: { 200: OwnerCommentListResponseSchema },
  },
  {
    name: 'POST /api/v1/owner/comments',
    method: 'POST',
    path: /^\/api\/v1\/owner\/comments$/,
    success: { 201: OwnerCommentResponseSchema },
  },
  {
    name: 'POST /api/v1/owner/comments/<id>/approve|reject|spam',
    method: 'POST',
    path: new RegExp(`^/api/v1/owner/comments/${segment}/(approve|reject|spam)$`),
    success: { 200: OwnerCommentResponseSchema },
  },
  {
    name: 'GET /api/v1/owner/comments.json',
    method: 'GET',
    path: /^\/api\/v1\/owner\/comments\.json$/,
    success: { 200: CommentExportSchema },
  },
  {
    name: 'GET /api/v1/owner/comment-addresses',
    method: 'GET',
    path: /^\/api\/v1\/owner\/comment-addresses$/,
    success: { 200: CommentAddressListResponseSchema },
  },
  {
    name: 'POST /api/v1/owner/comment-addresses',
    method: 'POST',
    path: /^\/api\/v1\/owner\/comment-addresses$/,
    success: { 200: CommentAddressResponseSchema, 201: CommentAddressResponseSchema },
  },
  {
    name: 'DELETE /api/v1/owner/comment-addresses/<email>',
    method: 'DELETE',
    path: new RegExp(`^/api/v1/owner/comment-addresses/${segment}$`),
    success: { 200: CommentAddressDeletedSchema },
  },
  {
    name: 'GET /api/v1/owner/comment-threads',
    method: 'GET',
    path: /^\/api\/v1\/owner\/comment-threads$/,
    success: { 200: CommentThreadListResponseSchema },
  },
  {
    name: 'POST /api/v1/owner/comment-threads/close',
    method: 'POST',
    path: /^\/api\/v1\/owner\/comment-threads\/close$/,
    success: { 200: CommentThreadCloseResponseSchema },
  },
  {
    name: 'POST /api/v1/waitlist',
    method: 'POST',
    path: /^\/api\/v1\/waitlist$/,
    success: { 202: WaitlistResponseSchema },
  },
  {
    name: 'GET /api/v1/link-preview',
    method: 'GET',
    path: /^\/api\/v1\/link-preview$/,
    success: { 200: LinkPreviewResponseSchema },
  },
  {
    name: 'GET /api/v1/link-preview/image/<id>',
    method: 'GET',
    path: new RegExp(`^/api/v1/link-preview/image/${segment}$`),
    success: { 200: 'not-json' },
  },
  {
    name: 'GET /api/v1/owner/link-previews',
    method: 'GET',
    path: /^\/api\/v1\/owner\/link-previews$/,
    success: { 200: OwnerLinkPreviewListSchema },
  },
  {
    name: 'POST /api/v1/owner/link-previews',
    method: 'POST',
    path: /^\/api\/v1\/owner\/link-previews$/,
    success: { 200: OwnerLinkPreviewResponseSchema },
  },
  {
    name: 'POST /api/v1/owner/link-previews/refresh',
    method: 'POST',
    path: /^\/api\/v1\/owner\/link-previews\/refresh$/,
    success: { 200: OwnerLinkPreviewResponseSchema },
  },
  {
    name: 'DELETE /api/v1/owner/link-previews',
    method: 'DELETE',
    path: /^\/api\/v1\/owner\/link-previews$/,
    success: { 200: OwnerLinkPreviewRemovedSchema },
  },
  {
    name: 'POST /api/v1/owner/check-site',
    method: 'POST',
    path: /^\/api\/v1\/owner\/check-site$/,
    success: { 200: CheckSiteResponseSchema },
  },
  {
    name: 'GET /api/v1/owner/insights',
    method: 'GET',
    path: /^\/api\/v1\/owner\/insights$/,
    success: { 200: OwnerInsightsResponseSchema },
  },
];

/** Route name + status → times seen, in this process. */
export const seen = new Map<string, number>();
let checkedCount = 0;

const canonical = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
};

/** Checks one answer; throws an AssertionError naming the route when it breaks the contract. */
export function checkAnswer(method: string, pathname: string, status: number, type: string | null, text: string): void {
  if (!pathname.startsWith('/api/') || method === 'OPTIONS' || method === 'HEAD') return;
  const route = CONTRACT_ROUTES.find((r) => r.method === method && r.path.test(pathname));
  const name = route?.name ?? `${method} (no such route)`;
  const where = `${method} ${pathname} → ${status}`;
  const json = !!type && /^application\/json/i.test(type);
  if (route?.pages && !!type && /^text\/html/i.test(type)) {
    seen.set(`${name} ${status}`, (seen.get(`${name} ${status}`) ?? 0) + 1);
    return;
  }
  let schema: Schema | 'not-json' | undefined;
  if (status >= 400) {
    assert.ok(json, `${where}: an API error must be JSON, got ${type}`);
    const code = (JSON.parse(text) as { error?: { code?: unknown } }).error?.code;
    schema = code === 'slot_unavailable' ? SlotUnavailableBodySchema : ApiErrorBodySchema;
  } else {
    if (!route && pathname.startsWith('/api/v1/test-')) return; // routes a test adds to try the conventions
    assert.ok(route, `${where}: a success from a route the contract does not list`);
    schema = route.success[status];
    assert.ok(schema, `${where}: status ${status} is not one the contract gives this route`);
  }
  if (schema === 'not-json') {
    assert.ok(!json, `${where}: expected a non-JSON answer`);
  } else {
    assert.ok(json, `${where}: expected JSON, got ${type}`);
    const body: unknown = JSON.parse(text);
    const result = z.safeParse(schema, body);
    assert.ok(
      result.success,
      `${where} does not match its schema: ${JSON.stringify(result.error?.issues)}\n${text.slice(0, 500)}`,
    );
    // The schemas strip what they do not declare: a difference is a field the contract's schema is missing.
    assert.equal(
      JSON.stringify(canonical(result.data)),
      JSON.stringify(canonical(body)),
      `${where} carries fields its schema does not declare`,
    );
  }
  checkedCount++;
  const key = `${name} ${status}`;
  seen.set(key, (seen.get(key) ?? 0) + 1);
}

async function checkResponse(method: string, url: URL, response: Response, decoded: boolean): Promise<void> {
  if (!url.pathname.startsWith('/api/')) return;
  if (/^text\/event-stream/i.test(response.headers.get('Content-Type') ?? '')) {
    // A stream does not end: its type is the check, and the test reads its events itself.
    checkAnswer(method, url.pathname, response.status, response.headers.get('Content-Type'), '');
    return;
  }
  // fetch undoes a Content-Encoding; app.request() hands over the bytes as sent.
  const bytes = Buffer.from(await response.clone().arrayBuffer());
  const coding = decoded ? null : response.headers.get('Content-Encoding');
  const text = (coding === 'br' ? brotliDecompressSync(bytes) : coding === 'gzip' ? gunzipSync(bytes) : bytes).toString(
    'utf8',
  );
  checkAnswer(method, url.pathname, response.status, response.headers.get('Content-Type'), text);
}

const methodOf = (input: RequestInfo | URL, init?: RequestInit) =>
  (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
const urlOf = (input: RequestInfo | URL) =>
  new URL(input instanceof Request ? input.url : String(input), 'http://localhost');

const plainFetch = globalThis.fetch;
const marker = Symbol.for('soleus.contract-fetch');
if (!(globalThis.fetch as unknown as Record<symbol, boolean>)[marker]) {
  const wrapped = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const response = await plainFetch(input, init);
    const url = urlOf(input);
    // Only our own servers in tests; the encoding is undone by fetch, so the body is the JSON as sent.
    if (url.hostname === '127.0.0.1' || url.hostname === 'localhost')
      await checkResponse(methodOf(input, init), url, response, true);
    return response;
  };
  (wrapped as unknown as Record<symbol, boolean>)[marker] = true;
  globalThis.fetch = wrapped as typeof fetch;
  process.on('exit', () => {
    if (seen.size === 0) return;
    const dir = join(import.meta.dirname, '..', '..', '..', 'test-results', 'contract-seen');
    try {
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        join(dir, `${process.pid}.json`),
        JSON.stringify({ checked: checkedCount, seen: Object.fromEntries(seen) }),
      );
    } catch {
      /* the record is a report, not a check */
    }
  });
}

/** Wraps `app.request()` so that every answer it gives is checked too. */
export function checked<A extends { request: (...args: never[]) => Response | Promise<Response> }>(app: A): A {
  const request = app.request.bind(app) as (
    input: RequestInfo | URL,
    init?: RequestInit,
    ...rest: unknown[]
  ) => Promise<Response>;
  (app as { request: unknown }).request = async (input: RequestInfo | URL, init?: RequestInit, ...rest: unknown[]) => {
    const response = await request(input, init, ...rest);
    await checkResponse(methodOf(input, init), urlOf(input), response, false);
    return response;
  };
  return app;
}
