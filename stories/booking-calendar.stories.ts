import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import { expect, waitFor } from 'storybook/test';
import '../src/components/booking-calendar/booking-calendar.define.js';
import type { SoleusBookingCalendar } from '../src/components/booking-calendar/booking-calendar.js';

/** The attributes a site owner writes; controls and docs for them come from custom-elements.json. */
interface Args {
  service: string;
  mode: 'inline' | 'popup';
  'time-zone': string;
  'week-start': string;
  theme: 'light' | 'dark' | 'auto';
  lang: string;
}

const attr = (value: string | undefined) => (value === '' || value === undefined ? nothing : value);
const day = (n: number) => new Date(Date.now() + n * 864e5).toISOString().slice(0, 10);

/** How the stand-in server behaves in one story. */
interface Server {
  /** No free slot anywhere. */
  full?: boolean;
  /** Availability never answers (the skeleton). */
  hold?: boolean;
  /** Availability fails (network error and Retry). */
  offline?: boolean;
  /** Bookings answer 409 (slot just taken). */
  taken?: boolean;
  /** 09:00 UTC is taken in week 2 (a series conflict). */
  conflict?: boolean;
}

const SERVICES = {
  practice: { name: "Jim's Sports Massage", timeZone: 'Europe/London', address: 'Studio 4, 27 Tanner Yard, London SE1 3LD' },
  services: [
    ['sports-massage-60', 'Sports massage (60 minutes)', 60, 6000],
    ['pre-event-massage', 'Pre-event massage', 45, 4500],
    ['post-event-recovery-massage', 'Post-event recovery massage', 60, 5500],
    ['monthly-maintenance-massage', 'Monthly maintenance massage', 60, 5000],
  ].map(([id, name, durationMinutes, amount]) => ({ id, name, description: `${name}: a session with Jim.`, durationMinutes, price: { amount, currency: 'GBP' }, horizonDays: 90 })),
};

/** Stands in for the Soleus server (Storybook has none): services, availability from fixtures, bookings. Restored after the story. */
const server =
  (s: Server = {}) =>
  () => {
    const real = window.fetch;
    const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(String(input), location.href);
      if (url.pathname == '/api/v1/services') return json(200, SERVICES);
      if (url.pathname == '/api/v1/availability') {
        if (s.hold) return new Promise<Response>(() => {});
        if (s.offline) throw new TypeError('Failed to fetch');
        const slots = [];
        for (let d = url.searchParams.get('from')!; d <= url.searchParams.get('to')!; d = new Date(Date.parse(d) + 864e5).toISOString().slice(0, 10)) {
          if (s.full || d <= day(0) || d > day(90) || new Date(d).getUTCDay() == 0) continue;
          for (const h of ['09', '10', '11', '14']) if (!(s.conflict && d == day(15) && h == '09')) slots.push({ start: `${d}T${h}:00:00.000Z`, end: `${d}T${h}:59:00.000Z` });
        }
        return json(200, { service: url.searchParams.get('service'), timeZone: 'Europe/London', slots });
      }
      if (url.pathname == '/api/v1/bookings' && init?.method == 'POST') {
        const body = JSON.parse(String(init.body));
        if (s.taken) return json(409, { error: { code: 'slot_unavailable', message: 'This time is no longer free', conflicts: [body.start] } });
        return json(201, { booking: { id: 'bk_story', status: 'confirmed', serviceId: body.serviceId, start: body.start, end: body.start }, manageToken: 'story-token' });
      }
      return real(input, init);
    };
    return () => {
      window.fetch = real;
    };
  };

const meta = {
  title: 'Widgets/Booking calendar',
  component: 'soleus-booking-calendar',
  args: { service: 'sports-massage-60', mode: 'inline', 'time-zone': 'UTC', 'week-start': '', theme: 'light', lang: 'en-GB' },
  argTypes: {
    mode: { control: 'inline-radio', options: ['inline', 'popup'] },
    theme: { control: 'inline-radio', options: ['light', 'dark', 'auto'] },
    lang: { control: 'select', options: ['en-GB', 'en-US', 'de', 'fr', 'es'] },
  },
  beforeEach: server(),
  render: (a) => html`<soleus-booking-calendar
    service=${attr(a.service)}
    mode=${attr(a.mode)}
    time-zone=${attr(a['time-zone'])}
    week-start=${attr(a['week-start'])}
    theme=${attr(a.theme)}
    lang=${attr(a.lang)}
  ></soleus-booking-calendar>`,
  decorators: [(story) => html`<div style="max-inline-size: 40em">${story()}</div>`],
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<Args>;

const root = (canvasElement: HTMLElement) => canvasElement.querySelector<SoleusBookingCalendar>('soleus-booking-calendar')!;
const inside = (canvasElement: HTMLElement, selector: string) => root(canvasElement).shadowRoot!.querySelector<HTMLElement>(selector);
const heading = (c: HTMLElement) => inside(c, '#h')?.textContent ?? '';
const press = (c: HTMLElement, text: RegExp) => [...root(c).shadowRoot!.querySelectorAll<HTMLElement>('button')].find((b) => text.test(b.textContent ?? ''))!.click();

async function toReview(c: HTMLElement): Promise<void> {
  await waitFor(() => expect(inside(c, 'td button[part~=available]')).toBeTruthy());
  inside(c, 'td button[part~=available]')!.click();
  await waitFor(() => expect(inside(c, 'input[name=slot]')).toBeTruthy());
  inside(c, 'input[name=slot]')!.click();
  press(c, /^Continue$/);
  await waitFor(() => expect(heading(c)).toBe('Your details'));
  for (const [id, v] of [['#name', 'Ann Runner'], ['#email', 'ann@example.com']]) {
    const input = inside(c, id) as HTMLInputElement;
    input.value = v!;
    input.dispatchEvent(new Event('input'));
  }
  press(c, /^Continue$/);
  await waitFor(() => expect(heading(c)).toBe('Check and confirm'));
}

/** The month with free days, then a day's times. */
export const Month: Story = {
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(heading(canvasElement)).toMatch(/Choose a day/));
  },
};

/** Choosing a treatment first (no `service`). */
export const Treatments: Story = { args: { service: '' }, play: async ({ canvasElement }) => waitFor(() => expect(heading(canvasElement)).toBe('Choose a treatment')) };

/** Loading: a skeleton that keeps the final height. */
export const Loading: Story = { beforeEach: server({ hold: true }) };

/** A month (and the whole horizon) with no free day. */
export const NoFreeDay: Story = {
  beforeEach: server({ full: true }),
  play: async ({ canvasElement }) => waitFor(() => expect(inside(canvasElement, '.note')?.textContent).toMatch(/No free times/)),
};

/** The server cannot be reached: a message and Retry. */
export const NetworkError: Story = {
  beforeEach: server({ offline: true }),
  play: async ({ canvasElement }) => waitFor(() => expect(inside(canvasElement, '[part~=retry]')).toBeTruthy(), { timeout: 3000 }),
};

/** Confirming a time someone else just took: the explanation and that day's fresh times. */
export const SlotJustTaken: Story = {
  beforeEach: server({ taken: true }),
  play: async ({ canvasElement }) => {
    await toReview(canvasElement);
    press(canvasElement, /Confirm booking/);
    await waitFor(() => expect(inside(canvasElement, '[role=status]')?.textContent).toMatch(/just taken/));
  },
};

/** A series every 2 weeks with one session taken: alternatives offered. */
export const SeriesWithConflict: Story = {
  beforeEach: server({ conflict: true }),
  play: async ({ canvasElement }) => {
    await toReview(canvasElement);
    const every = inside(canvasElement, '#every') as HTMLSelectElement;
    every.value = '2';
    every.dispatchEvent(new Event('change'));
    await waitFor(() => expect(inside(canvasElement, '.list')).toBeTruthy());
  },
};

/** The race-day plan for an event five weeks out. */
export const RaceDayPlan: Story = {
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(heading(canvasElement)).toMatch(/Choose a day/));
    press(canvasElement, /Plan around a race/);
    await waitFor(() => expect(heading(canvasElement)).toBe('Plan around your race'));
    const input = inside(canvasElement, '#event') as HTMLInputElement;
    input.value = day(36);
    input.dispatchEvent(new Event('input'));
    press(canvasElement, /Suggest sessions/);
    await waitFor(() => expect(inside(canvasElement, '.list li')).toBeTruthy());
  },
};

/** The confirmation, with calendar links and how to change or cancel. */
export const Confirmation: Story = {
  play: async ({ canvasElement }) => {
    await toReview(canvasElement);
    press(canvasElement, /Confirm booking/);
    await waitFor(() => expect(heading(canvasElement)).toBe('You are booked in'));
  },
};

/** Popup mode: the button (open it to see the panel). */
export const Popup: Story = { args: { mode: 'popup' } };

/** Dark theme. */
export const Dark: Story = { args: { theme: 'dark' }, parameters: { backgrounds: { value: 'dark' } } };

/** A phone-width column. */
export const Phone: Story = { decorators: [(story) => html`<div style="inline-size: 340px">${story()}</div>`] };

export const German: Story = { args: { lang: 'de' } };
export const French: Story = { args: { lang: 'fr' } };
export const Spanish: Story = { args: { lang: 'es' } };
export const AmericanEnglish: Story = { args: { lang: 'en-US' } };

/** A host page that styles everything it can reach: the widget keeps its own look. */
export const HostilePage: Story = {
  decorators: [
    (story) => html`<style>
        .hostile * { font: 30px Comic Sans MS !important; color: red !important; letter-spacing: 4px; }
        .hostile button, .hostile table { display: none; }
        html { font-size: 62.5%; }
      </style>
      <div class="hostile">${story()}</div>`,
  ],
};
