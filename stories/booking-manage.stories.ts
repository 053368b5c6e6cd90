import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import { expect, waitFor } from 'storybook/test';
import '../src/components/booking-manage/booking-manage.define.js';
import type { SoleusBookingManage } from '../src/components/booking-manage/booking-manage.js';
import type { ManagedBooking } from '../src/components/booking-manage/internal/types.js';
// Expected strings come from the catalogue (en-GB is bundled in the element anyway); the others load on demand.
import { wrap } from './support/story-helpers.js';
import en, { type ManageMessages } from '../src/components/booking-manage/messages/en-GB.js';

/** The attributes a page writes; controls and docs for them come from custom-elements.json. */
interface Args {
  'time-zone': string;
  'week-start': string;
  theme: 'light' | 'dark' | 'auto';
  lang: string;
}

const attr = (value: string | undefined) => (value === '' || value === undefined ? nothing : value);
const day = (n: number) => new Date(Date.now() + n * 864e5).toISOString().slice(0, 10);

const booking = (over: Partial<ManagedBooking> = {}): ManagedBooking => ({
  id: 'bk_story',
  status: 'confirmed',
  serviceId: 'sports-massage-60',
  serviceName: 'Sports massage (60 minutes)',
  start: `${day(6)}T10:00:00.000Z`,
  end: `${day(6)}T11:00:00.000Z`,
  timeZone: 'UTC',
  practiceTimeZone: 'Europe/London',
  practice: { name: "Jim's Sports Massage", address: 'Studio 4, 27 Tanner Yard, London SE1 3LD' },
  client: { name: 'Ann Runner', email: 'ann@example.com' },
  changeableUntil: `${day(5)}T10:00:00.000Z`,
  changeable: true,
  ...over,
});

/** How the stand-in server answers. */
interface Server {
  booking?: Partial<ManagedBooking>;
  hold?: boolean;
  offline?: boolean;
  notFound?: boolean;
  /** The new time is taken when moving. */
  taken?: boolean;
}

/** Stands in for the Soleus server (Storybook has none): the booking, availability, cancel and reschedule. */
const server =
  (s: Server = {}) =>
  () => {
    const real = window.fetch;
    let current = booking(s.booking);
    const json = (status: number, body: unknown) =>
      new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(String(input), location.href);
      const path = url.pathname;
      if (path == '/api/v1/services')
        return json(200, {
          services: [
            {
              id: 'sports-massage-60',
              name: 'Sports massage',
              description: '',
              durationMinutes: 60,
              price: null,
              horizonDays: 60,
            },
          ],
        });
      if (path == '/api/v1/availability') {
        const slots = [];
        for (
          let d = url.searchParams.get('from')!;
          d <= url.searchParams.get('to')!;
          d = new Date(Date.parse(d) + 864e5).toISOString().slice(0, 10)
        ) {
          if (new Date(d).getUTCDay() == 0 || d <= day(0)) continue;
          for (const h of ['09', '10', '14'])
            slots.push({ start: `${d}T${h}:00:00.000Z`, end: `${d}T${h}:59:00.000Z` });
        }
        return json(200, { service: 'sports-massage-60', timeZone: 'Europe/London', slots });
      }
      if (path.startsWith('/api/v1/bookings/')) {
        if (s.hold) return new Promise<Response>(() => {});
        if (s.offline) throw new TypeError('Failed to fetch');
        if (s.notFound) return json(404, { error: { code: 'not_found', message: 'No booking matches this link.' } });
        if (path.endsWith('/cancel')) current = { ...current, status: 'cancelled', changeable: false };
        if (path.endsWith('/reschedule')) {
          if (s.taken)
            return json(409, { error: { code: 'slot_unavailable', message: 'This time is no longer free' } });
          const start = JSON.parse(String(init?.body)).start as string;
          current = { ...current, start, end: new Date(Date.parse(start) + 36e5).toISOString() };
        }
        return json(200, { booking: current });
      }
      return real(input, init);
    };
    return () => {
      window.fetch = real;
    };
  };

const meta = {
  title: 'Widgets/Booking manage',
  component: 'soleus-booking-manage',
  args: { 'time-zone': 'UTC', 'week-start': '', theme: 'light', lang: 'en-GB' },
  argTypes: {
    theme: { control: 'inline-radio', options: ['light', 'dark', 'auto'] },
    lang: { control: 'select', options: ['en-GB', 'en-US', 'de', 'fr', 'es'] },
  },
  beforeEach: server(),
  render: (a) =>
    html`<soleus-booking-manage
      booking="bk_story"
      .token=${'story-token'}
      book-url="https://practice.example/"
      time-zone=${attr(a['time-zone'])}
      week-start=${attr(a['week-start'])}
      theme=${attr(a.theme)}
      lang=${attr(a.lang)}
    ></soleus-booking-manage>`,
  decorators: [(story) => html`<div style="max-inline-size: 36em">${story()}</div>`],
  parameters: {
    docs: {
      description: {
        component:
          'The page a confirmation email links to (`/manage#booking=…&token=…`) embeds `<soleus-booking-manage>`: it reads the id and token from the fragment. ' +
          'These stories answer the API from the browser, in UTC, with the practice in London.',
      },
    },
  },
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<Args>;

const root = (c: HTMLElement) => c.querySelector<SoleusBookingManage>('soleus-booking-manage')!;
const inside = <E extends HTMLElement = HTMLElement>(c: HTMLElement, selector: string) =>
  root(c).shadowRoot!.querySelector<E>(selector);
const status = (c: HTMLElement) =>
  (inside(c, '[role=status]')?.textContent ?? '') + (inside(c, '[role=alert]')?.textContent ?? '');
const shown = (c: HTMLElement) => waitFor(() => expect(inside(c, '#details')).toBeTruthy(), { timeout: 3000 });

/** The month of free days open, a day and a time chosen. */
async function toMoving(c: HTMLElement): Promise<void> {
  await shown(c);
  inside(c, '#move-open')!.click();
  await waitFor(() => expect(inside(c, 'td button[part~=available]')).toBeTruthy());
  inside(c, 'td button[part~=available]')!.click();
  await waitFor(() => expect(inside(c, 'input[name=slot]')).toBeTruthy());
  inside(c, 'input[name=slot]')!.click();
}

/** Confirmed and still changeable: facts, calendar links, Move and Cancel. */
export const Changeable: Story = {
  play: async ({ canvasElement: c }) => {
    await shown(c);
    await expect(inside(c, '#state')?.textContent).toBe(en.confirmed);
    await expect(root(c).shadowRoot!.querySelectorAll('.cal a').length).toBe(3);
  },
};

/** Inside the cancellation notice: why it cannot be changed, and until when it could have been. */
export const NotChangeable: Story = {
  beforeEach: server({ booking: { changeable: false } }),
  play: async ({ canvasElement: c }) => {
    await shown(c);
    await expect(status(c)).toMatch(/^This booking can no longer be changed online/);
    await expect(inside(c, '#move-open')).toBeNull();
  },
};

/** Waiting for the server. */
export const Loading: Story = {
  beforeEach: server({ hold: true }),
  play: async ({ canvasElement: c }) => {
    await waitFor(() => expect(status(c)).toBe(en.loading));
  },
};

/** Moving: the booking calendar's month with free days, a day's times, a time chosen. */
export const Moving: Story = {
  play: async ({ canvasElement: c }) => {
    await toMoving(c);
    await expect(inside(c, '.time:has(:checked)')).toBeTruthy();
  },
};

/** Moved: the new time, said in the live region. */
export const Moved: Story = {
  play: async ({ canvasElement: c }) => {
    await toMoving(c);
    inside(c, '#move')!.click();
    await waitFor(() => expect(status(c)).toMatch(/^Moved\./));
  },
};

/** The new time was taken meanwhile: said, and the month stays open with fresh times. */
export const TimeTaken: Story = {
  beforeEach: server({ taken: true }),
  play: async ({ canvasElement: c }) => {
    await toMoving(c);
    inside(c, '#move')!.click();
    await waitFor(() => expect(status(c)).toBe(en.errors.slot_unavailable));
  },
};

/** Cancel asks first. */
export const CancelAsked: Story = {
  play: async ({ canvasElement: c }) => {
    await shown(c);
    inside(c, '#cancel')!.click();
    await waitFor(() => expect(inside(c, '#cancel-yes')).toBeTruthy());
  },
};

/** Cancelled: no calendar links, "Book again" to the practice's site. */
export const Cancelled: Story = {
  play: async ({ canvasElement: c }) => {
    await shown(c);
    inside(c, '#cancel')!.click();
    await waitFor(() => expect(inside(c, '#cancel-yes')).toBeTruthy());
    inside(c, '#cancel-yes')!.click();
    await waitFor(() => expect(inside(c, '#state')?.textContent).toBe(en.cancelled));
    await expect(inside(c, '.cal a')).toBeNull();
    await expect(inside<HTMLAnchorElement>(c, '[part~=book-again]')?.href).toBe('https://practice.example/');
  },
};

/** A link that matches no booking. */
export const NotFound: Story = {
  beforeEach: server({ notFound: true }),
  play: async ({ canvasElement: c }) => {
    await waitFor(() => expect(status(c)).toBe(en.errors.not_found));
  },
};

/** No server reached: said, with Try again. */
export const NetworkError: Story = {
  beforeEach: server({ offline: true }),
  play: async ({ canvasElement: c }) => {
    await waitFor(() => expect(status(c)).toBe(en.errors.network_error), { timeout: 4000 });
    await expect(inside(c, '[part~=retry]')).toBeTruthy();
  },
};

/** Dark theme while moving. */
export const Dark: Story = {
  args: { theme: 'dark' },
  decorators: [wrap('background: #111; padding: 1em')],
  play: async ({ canvasElement: c }) => toMoving(c),
};

/** A 360 px phone while moving. */
export const Phone: Story = {
  decorators: [wrap('inline-size: 360px')],
  play: async ({ canvasElement: c }) => {
    await toMoving(c);
    await expect(root(c).scrollWidth).toBeLessThanOrEqual(360);
  },
};

const localeStory = (lang: string, load: () => Promise<{ default: ManageMessages }>): Story => ({
  args: { lang },
  play: async ({ canvasElement: c }) => {
    const m = (await load()).default;
    await waitFor(() => expect(inside(c, '#state')?.textContent).toBe(m.confirmed), { timeout: 4000 });
  },
});

export const LocaleEnGB = localeStory('en-GB', async () => ({ default: en }));
export const LocaleEnUS = localeStory('en-US', () => import('../src/components/booking-manage/messages/en-US.js'));
export const LocaleDe = localeStory('de', () => import('../src/components/booking-manage/messages/de.js'));
export const LocaleFr = localeStory('fr', () => import('../src/components/booking-manage/messages/fr.js'));
export const LocaleEs = localeStory('es', () => import('../src/components/booking-manage/messages/es.js'));
