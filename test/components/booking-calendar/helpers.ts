import { fixture, html } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import '../../../src/components/booking-calendar/booking-calendar.define.js';
import type { SoleusBookingCalendar } from '../../../src/components/booking-calendar/booking-calendar.js';
import { addDays, dayNumber, fromNumber, weekday } from '../../../src/components/booking-calendar/internal/dates.js';
import { $, $$, focused, settle, shadow, type, until } from '../support/shadow-dom.js';

export { $, $$, focused, settle, shadow, type, until };

export type { SoleusBookingCalendar };

/** Today in UTC (the tests pin the widget's zone to UTC with `time-zone="UTC"`). */
export const today = () => fromNumber(Math.floor(Date.now() / 864e5));

/**
 * The stand-in `GET /api/v1/services`. No cancellation notice, so no test depends on the hour it runs at (tomorrow's
 * first time would lie inside a 24-hour notice after 09:00 UTC); the notice tests set their own (`withNotice`).
 */
export const SERVICES = {
  practice: {
    name: "Jim's Sports Massage",
    timeZone: 'Europe/London',
    address: 'Studio 4, 27 Tanner Yard, London SE1 3LD',
    phone: '+44 20 7946 0321',
    email: 'jim@example.com',
  },
  services: [
    {
      id: 'sports-massage-60',
      name: 'Sports massage (60 minutes)',
      description: 'A full session.',
      durationMinutes: 60,
      price: { amount: 6000, currency: 'GBP' },
      horizonDays: 90,
      minNoticeHours: 0,
      cancellationNoticeHours: 0,
    },
    {
      id: 'pre-event-massage',
      name: 'Pre-event massage',
      description: 'Before a race.',
      durationMinutes: 45,
      price: { amount: 4500, currency: 'GBP' },
      horizonDays: 90,
      minNoticeHours: 0,
      cancellationNoticeHours: 0,
    },
    {
      id: 'post-event-recovery-massage',
      name: 'Post-event recovery massage',
      description: 'After a race.',
      durationMinutes: 60,
      price: { amount: 5500, currency: 'GBP' },
      horizonDays: 90,
      minNoticeHours: 0,
      cancellationNoticeHours: 0,
    },
    {
      id: 'monthly-maintenance-massage',
      name: 'Monthly maintenance massage',
      description: 'Every month.',
      durationMinutes: 60,
      price: { amount: 5000, currency: 'GBP' },
      horizonDays: 90,
      minNoticeHours: 0,
      cancellationNoticeHours: 0,
    },
  ],
};

/** One request the widget made. */
export interface Call {
  method: string;
  url: string;
  body?: Record<string, unknown>;
  headers: Record<string, string>;
}

export type Answer = { status: number; body: unknown } | 'network' | 'hold';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** Options of the stand-in server. */
export interface Stub {
  /** Days (UTC) with no free slot at all. */
  full?: (day: string) => boolean;
  /** Starts (ISO) that are taken. */
  taken?: Set<string>;
  /** How `POST /api/v1/bookings` answers (default 201 with the booking). */
  post?: (body: Record<string, unknown>, n: number) => Answer;
  /** How availability answers (default slots). */
  availability?: () => Answer | undefined;
  /** How `GET /api/v1/services` answers (default `SERVICES`). */
  services?: () => Answer | undefined;
}

/**
 * The server's side of the contract in the browser: services, availability (09:00, 10:00 and 11:00 UTC on every
 * day after today except Sundays, within 90 days), and bookings. Every call is recorded.
 */
export function stubFetch(stub: Stub = {}) {
  const calls: Call[] = [];
  const real = window.fetch;
  let posts = 0;
  window.fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input));
    const method = init.method ?? 'GET';
    const body = init.body ? JSON.parse(String(init.body)) : undefined;
    calls.push({ method, url: String(input), body, headers: (init.headers ?? {}) as Record<string, string> });
    const answer = (a: Answer) => {
      if (a === 'network') throw new TypeError('Failed to fetch');
      if (a === 'hold') return new Promise<Response>(() => {});
      return json(a.status, a.body);
    };
    if (url.pathname == '/api/v1/services') return answer(stub.services?.() ?? { status: 200, body: SERVICES });
    if (url.pathname == '/api/v1/availability') {
      const a = stub.availability?.();
      if (a) return answer(a);
      const from = url.searchParams.get('from')!;
      const to = url.searchParams.get('to')!;
      const slots = [];
      const t = today();
      for (let n = dayNumber(from); n <= dayNumber(to); n++) {
        const d = fromNumber(n);
        if (d <= t || d > addDays(t, 90) || weekday(d) == 0 || stub.full?.(d)) continue;
        for (const h of ['09', '10', '11']) {
          const start = `${d}T${h}:00:00.000Z`;
          if (!stub.taken?.has(start)) slots.push({ start, end: `${d}T${h}:59:00.000Z`.replace(':59:', ':59:') });
        }
      }
      return json(200, { service: url.searchParams.get('service'), timeZone: 'Europe/London', slots });
    }
    if (url.pathname == '/api/v1/bookings' && method == 'POST') {
      const a = stub.post?.(body, ++posts) ?? { status: 201, body: created(body) };
      return answer(a);
    }
    return json(404, { error: { code: 'not_found', message: 'Not found' } });
  };
  return { calls, posts: () => calls.filter((c) => c.method == 'POST'), restore: () => (window.fetch = real) };
}

let ids = 0;
/** The 201 body the server sends for a booking request. */
export function created(body: Record<string, unknown>) {
  const plan = body.plan as { sessions: { serviceId: string; start: string }[] } | undefined;
  if (plan) {
    // A plan: one answer, the first session, with every session (its own id and service) in `series`.
    const n = ++ids;
    const series = plan.sessions.map((s, i) => ({
      id: `bk_p${n}_${i}`,
      serviceId: s.serviceId,
      start: s.start,
      end: new Date(Date.parse(s.start) + 3600_000).toISOString(),
    }));
    const { serviceId, start, end, id } = series[0]!;
    return {
      booking: { id, status: 'confirmed', serviceId, start, end, seriesId: `sr_${n}`, series },
      manageToken: `token-${n}`,
    };
  }
  const start = String(body.start);
  const end = new Date(Date.parse(start) + 3600_000).toISOString();
  const series = body.series as { everyWeeks: number; count: number } | undefined;
  return {
    booking: {
      id: `bk_${++ids}`,
      status: 'confirmed',
      serviceId: body.serviceId,
      start,
      end,
      ...(series
        ? {
            series: Array.from({ length: series.count }, (_, i) => ({
              id: `bk_s${i}`,
              start: new Date(Date.parse(start) + i * series.everyWeeks * 7 * 864e5).toISOString(),
              end,
            })),
          }
        : {}),
    },
    manageToken: `token-${ids}`,
  };
}

/** Renders the widget (UTC, a fixed service unless the template says otherwise) and waits for its first step. */
export async function widget(
  template: TemplateResult = html`<soleus-booking-calendar
    time-zone="UTC"
    service="sports-massage-60"
  ></soleus-booking-calendar>`,
) {
  const el = await fixture<SoleusBookingCalendar>(template);
  await until(
    () =>
      !!shadow(el).querySelector('#h') ||
      !!shadow(el).querySelector('[part~=retry]') ||
      !!shadow(el).querySelector('[part=open-button]'),
    'the first step',
  );
  await settle(20);
  return el;
}

/** The heading of the current step. */
export const heading = (el: Element) => $(el, '#h').textContent ?? '';
/** The live regions' text: the status (progress, prompts) or the alert (problems); one of them is empty. */
export const status = (el: Element) => $(el, '[role=status]').textContent! + $(el, '[role=alert]').textContent!;
/** Presses a button by its visible text. */
export function press(el: Element, text: string | RegExp): void {
  const b = $$(el, 'button').find((x) =>
    typeof text == 'string' ? x.textContent?.trim() == text : text.test(x.textContent ?? ''),
  );
  if (!b) throw new Error(`no button ${text}`);
  b.click();
}

/** Picks the first available day, then its first time; returns the day. */
export async function pickFirstTime(el: Element): Promise<string> {
  const day = $(el, 'td button[part~=available]');
  day.click();
  await until(() => !!shadow(el).querySelector('input[name=slot]'), 'times');
  $<HTMLInputElement>(el, 'input[name=slot]').click();
  await settle();
  return day.dataset.day!;
}

/** Goes from the month to the review step with valid details. */
export async function toReview(el: SoleusBookingCalendar): Promise<void> {
  await pickFirstTime(el);
  await detailsToReview(el, 'Ann Runner');
}

/** From a step with a Continue button (a time or a plan chosen) through the details, typed, to the review. */
export async function detailsToReview(el: SoleusBookingCalendar, name = 'Ann'): Promise<void> {
  press(el, 'Continue');
  await until(() => heading(el) == 'Your details', 'details');
  type(el, '#name', name);
  type(el, '#email', 'ann@example.com');
  press(el, 'Continue');
  await until(() => heading(el) == 'Check and confirm', 'review');
}

/** From the month to the plan step, with a plan suggested for an event 40 days ahead. */
export async function suggestPlan(el: SoleusBookingCalendar): Promise<void> {
  press(el, 'Plan around a race');
  await until(() => heading(el) == 'Plan around your race', 'the plan step');
  type(el, '#event', addDays(today(), 40));
  press(el, 'Suggest sessions');
  await until(() => $$(el, '.list li').length > 0, 'the plan');
}

/** `SERVICES` with every service's cancellation notice set to `hours`. */
export const withNotice = (hours: number) => ({
  ...SERVICES,
  services: SERVICES.services.map((s) => ({ ...s, cancellationNoticeHours: hours })),
});

/** Picks the first available day at least `days` ahead, then its first time; returns the day. */
export async function pickTimeFrom(el: Element, days: number): Promise<string> {
  const from = addDays(today(), days);
  for (let i = 0; i < 3; i++) {
    const day = $$(el, 'td button[part~=available]').find((b) => b.dataset.day! >= from);
    if (day) {
      day.click();
      await until(() => !!shadow(el).querySelector('input[name=slot]'), 'times');
      $<HTMLInputElement>(el, 'input[name=slot]').click();
      await settle();
      return day.dataset.day!;
    }
    $(el, '[aria-label="Next month"]').click();
    await settle(20);
  }
  throw new Error(`no free day from ${from}`);
}
