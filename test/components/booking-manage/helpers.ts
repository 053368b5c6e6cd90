import { fixture, html } from '@open-wc/testing';
import '../../../src/components/booking-manage/booking-manage.define.js';
import type { SoleusBookingManage } from '../../../src/components/booking-manage/booking-manage.js';
import type { ManagedBooking } from '../../../src/components/booking-manage/internal/types.js';
import { $, $$, focused, settle, shadow, until } from '../support/shadow-dom.js';

export { $, $$, focused, settle, shadow, until };
export type { SoleusBookingManage, ManagedBooking };

const day = (offset: number) => new Date(Date.now() + offset * 864e5).toISOString().slice(0, 10);

/** A booking 5 days ahead at 10:00 UTC, changeable until a day before. */
export function booking(over: Partial<ManagedBooking> = {}): ManagedBooking {
  const start = `${day(5)}T10:00:00.000Z`;
  return {
    id: 'bk_1',
    status: 'confirmed',
    serviceId: 'massage-60',
    serviceName: 'Sports massage (60 minutes)',
    start,
    end: `${day(5)}T11:00:00.000Z`,
    timeZone: 'UTC',
    practiceTimeZone: 'UTC',
    practice: { name: "Jim's Sports Massage", address: 'Studio 4, 27 Tanner Yard, London SE1 3LD' },
    client: { name: 'Ann Runner', email: 'ann@example.com' },
    changeableUntil: `${day(4)}T10:00:00.000Z`,
    changeable: true,
    ...over,
  };
}

/** One request the element made. */
export interface Call {
  method: string;
  url: string;
  body?: Record<string, unknown>;
  headers: Record<string, string>;
}

export type Answer = { status: number; body: unknown } | 'network' | 'hold';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** The server's side of the contract for one booking; each answer can be replaced. */
export function stubFetch(
  o: {
    get?: () => Answer;
    cancel?: () => Answer;
    reschedule?: (start: string) => Answer;
    /** Days with no free time. */
    full?: (day: string) => boolean;
  } = {},
) {
  const calls: Call[] = [];
  const real = window.fetch;
  let current = booking();
  const reply = (a: Answer) =>
    a === 'network'
      ? Promise.reject(new TypeError('Failed to fetch'))
      : a === 'hold'
        ? new Promise<Response>(() => {})
        : Promise.resolve(json(a.status, a.body));
  window.fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), location.href);
    const method = init.method ?? 'GET';
    const body = init.body ? (JSON.parse(String(init.body)) as Record<string, unknown>) : undefined;
    calls.push({ method, url: url.href, body, headers: (init.headers ?? {}) as Record<string, string> });
    const path = url.pathname;
    if (path == '/api/v1/services')
      return json(200, {
        services: [
          {
            id: 'massage-60',
            name: 'Sports massage',
            description: '',
            durationMinutes: 60,
            price: null,
            horizonDays: 60,
          },
        ],
      });
    if (path == '/api/v1/availability') {
      const from = url.searchParams.get('from')!;
      const to = url.searchParams.get('to')!;
      const slots: { start: string; end: string }[] = [];
      for (let d = from; d <= to; d = new Date(Date.parse(d) + 864e5).toISOString().slice(0, 10)) {
        if (o.full?.(d)) continue;
        for (const h of ['09', '10', '12']) slots.push({ start: `${d}T${h}:00:00.000Z`, end: `${d}T${h}:59:00.000Z` });
      }
      return json(200, { service: 'massage-60', timeZone: 'UTC', slots });
    }
    if (path == `/api/v1/bookings/${current.id}` && method == 'GET')
      return reply(o.get?.() ?? { status: 200, body: { booking: current } });
    if (path == `/api/v1/bookings/${current.id}/cancel`) {
      const a = o.cancel?.();
      if (a) return reply(a);
      current = { ...current, status: 'cancelled', changeable: false };
      return json(200, { booking: current });
    }
    if (path == `/api/v1/bookings/${current.id}/reschedule`) {
      const start = String(body?.start);
      const a = o.reschedule?.(start);
      if (a) return reply(a);
      current = { ...current, start, end: start.replace(':00:00', ':59:00') };
      return json(200, { booking: current });
    }
    return json(404, {
      error: { code: 'not_found', message: 'No booking matches this link. Check that you used the whole link.' },
    });
  };
  return {
    calls,
    set: (b: ManagedBooking) => (current = b),
    restore: () => (window.fetch = real),
  };
}

/** The element for booking bk_1 (times in UTC), once its first answer is shown. */
export async function widget(attrs: { lang?: string; token?: string; id?: string } = {}): Promise<SoleusBookingManage> {
  const el = await fixture<SoleusBookingManage>(
    html`<soleus-booking-manage
      api="https://soleus.test"
      booking=${attrs.id ?? 'bk_1'}
      time-zone="UTC"
      lang=${attrs.lang ?? 'en-GB'}
      book-url="https://practice.test/"
      .token=${attrs.token ?? 'secret-token'}
    ></soleus-booking-manage>`,
  );
  await settle(20);
  return el;
}

/** The live regions' text: the status (progress, prompts) or the alert (problems); one of them is empty. */
export const status = (el: Element) => $(el, '[role=status]').textContent! + $(el, '[role=alert]').textContent!;
