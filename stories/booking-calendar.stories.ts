import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import { expect, waitFor } from 'storybook/test';
import '../src/components/booking-calendar/booking-calendar.define.js';
import type { SoleusBookingCalendar } from '../src/components/booking-calendar/booking-calendar.js';
import { hostilePage, wrap } from './support/story-helpers.js';
// Expected strings come from the catalogues, so copy edits do not break the stories. Only en-GB (bundled in the
// widget anyway) is imported statically: the others are imported inside the play functions, so the widget's own
// on-demand loading of them stays real.
import en, { type BookingMessages } from '../src/components/booking-calendar/messages/en-GB.js';

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
/** A day `n` days from today (UTC, the zone every story shows times in). */
const day = (n: number) => new Date(Date.now() + n * 864e5).toISOString().slice(0, 10);
/** Days the stand-in practice opens: after today, within 90 days, never on Sundays. */
const opens = (d: string) => d > day(0) && d <= day(90) && new Date(d).getUTCDay() != 0;
/** The first day a visitor can book: the day the month opens with a time chosen. */
const firstOpen = () => [...Array(8).keys()].map((n) => day(n + 1)).find(opens)!;

/** How the stand-in server behaves in one story. */
interface Server {
  /** No free slot anywhere. */
  full?: boolean;
  /** Availability never answers (the skeleton). */
  hold?: boolean;
  /** The list of services never answers (the treatments' skeleton). */
  holdServices?: boolean;
  /** Availability fails (network error and Retry). */
  offline?: boolean;
  /** Bookings answer 409 (slot just taken). */
  taken?: boolean;
  /** 09:00 is taken two weeks after the first free day (a series conflict). */
  conflict?: boolean;
  /** The first booking request gets no answer (a plan, tried again with its key). */
  partial?: boolean;
}

const SERVICES = {
  practice: {
    name: "Jim's Sports Massage",
    timeZone: 'Europe/London',
    address: 'Studio 4, 27 Tanner Yard, London SE1 3LD',
  },
  services: [
    ['sports-massage-60', 'Sports massage (60 minutes)', 60, 6000],
    ['pre-event-massage', 'Pre-event massage', 45, 4500],
    ['post-event-recovery-massage', 'Post-event recovery massage', 60, 5500],
    ['monthly-maintenance-massage', 'Monthly maintenance massage', 60, 5000],
  ].map(([id, name, durationMinutes, amount]) => ({
    id,
    name,
    description: `${name}: a session with Jim.`,
    durationMinutes,
    price: { amount, currency: 'GBP' },
    horizonDays: 90,
  })),
};

/** Stands in for the Soleus server (Storybook has none): services, availability from fixtures, bookings. Restored after the story. */
const server =
  (s: Server = {}) =>
  () => {
    const real = window.fetch;
    const taken = new Set<string>();
    if (s.conflict)
      taken.add(`${new Date(Date.parse(firstOpen()) + 14 * 864e5).toISOString().slice(0, 10)}T09:00:00.000Z`);
    let posts = 0;
    const json = (status: number, body: unknown) =>
      new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(String(input), location.href);
      if (url.pathname == '/api/v1/services')
        return s.holdServices ? new Promise<Response>(() => {}) : json(200, SERVICES);
      if (url.pathname == '/api/v1/availability') {
        if (s.hold) return new Promise<Response>(() => {});
        if (s.offline) throw new TypeError('Failed to fetch');
        const slots = [];
        for (
          let d = url.searchParams.get('from')!;
          d <= url.searchParams.get('to')!;
          d = new Date(Date.parse(d) + 864e5).toISOString().slice(0, 10)
        ) {
          if (s.full || !opens(d)) continue;
          for (const h of ['09', '10', '11', '14'])
            if (!taken.has(`${d}T${h}:00:00.000Z`))
              slots.push({ start: `${d}T${h}:00:00.000Z`, end: `${d}T${h}:59:00.000Z` });
        }
        return json(200, { service: url.searchParams.get('service'), timeZone: 'Europe/London', slots });
      }
      if (url.pathname == '/api/v1/bookings' && init?.method == 'POST') {
        const body = JSON.parse(String(init.body));
        const n = ++posts;
        const no = () =>
          json(409, {
            error: { code: 'slot_unavailable', message: 'This time is no longer free', conflicts: [body.start] },
          });
        if (s.taken) return no();
        if (s.partial && n == 1) throw new TypeError('Failed to fetch');
        if (body.plan) {
          // A plan: one answer, the first session, every session (its own id and service) in `series`.
          const series = (body.plan.sessions as { serviceId: string; start: string }[]).map((x, i) => ({
            id: `bk_story_${n}_${i}`,
            serviceId: x.serviceId,
            start: x.start,
            end: new Date(Date.parse(x.start) + 36e5).toISOString(),
          }));
          return json(201, {
            booking: { ...series[0], status: 'confirmed', seriesId: `sr_story_${n}`, series },
            manageToken: 'story-token',
          });
        }
        const end = new Date(Date.parse(body.start) + 36e5).toISOString();
        return json(201, {
          booking: { id: `bk_story_${n}`, status: 'confirmed', serviceId: body.serviceId, start: body.start, end },
          manageToken: 'story-token',
        });
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
  args: {
    service: 'sports-massage-60',
    mode: 'inline',
    'time-zone': 'UTC',
    'week-start': '',
    theme: 'light',
    lang: 'en-GB',
  },
  argTypes: {
    mode: { control: 'inline-radio', options: ['inline', 'popup'] },
    theme: { control: 'inline-radio', options: ['light', 'dark', 'auto'] },
    lang: { control: 'select', options: ['en-GB', 'en-US', 'de', 'fr', 'es'] },
  },
  beforeEach: server(),
  render: (a) =>
    html`<soleus-booking-calendar
      service=${attr(a.service)}
      mode=${attr(a.mode)}
      time-zone=${attr(a['time-zone'])}
      week-start=${attr(a['week-start'])}
      theme=${attr(a.theme)}
      lang=${attr(a.lang)}
    ></soleus-booking-calendar>`,
  decorators: [(story) => html`<div style="max-inline-size: 40em">${story()}</div>`],
  parameters: {
    docs: {
      description: {
        component:
          'Load `soleus.js` (or import `@soleus/widgets/booking-calendar/define`) and paste `<soleus-booking-calendar service="sports-massage-60"></soleus-booking-calendar>`. ' +
          'Put a phone number or email inside it for visitors without JavaScript. These stories answer the API from the browser, in UTC.',
      },
    },
  },
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<Args>;

const root = (c: HTMLElement) => c.querySelector<SoleusBookingCalendar>('soleus-booking-calendar')!;
const inside = <E extends HTMLElement = HTMLElement>(c: HTMLElement, selector: string) =>
  root(c).shadowRoot!.querySelector<E>(selector);
const all = (c: HTMLElement, selector: string) => [...root(c).shadowRoot!.querySelectorAll<HTMLElement>(selector)];
const heading = (c: HTMLElement) => inside(c, '#h')?.textContent ?? '';
const status = (c: HTMLElement) =>
  (inside(c, '[role=status]')?.textContent ?? '') + (inside(c, '[role=alert]')?.textContent ?? '');
function press(c: HTMLElement, text: string | RegExp): void {
  const b = all(c, 'button').find((x) =>
    typeof text == 'string' ? x.textContent?.trim() == text : text.test(x.textContent ?? ''),
  );
  if (!b) throw new Error(`no button ${text}`);
  b.click();
}
function type(c: HTMLElement, selector: string, value: string): void {
  const input = inside<HTMLInputElement>(c, selector)!;
  input.value = value;
  input.dispatchEvent(new Event('input'));
}
const step = (c: HTMLElement, text: string) => waitFor(() => expect(heading(c)).toBe(text), { timeout: 3000 });

/** The month with its free days shown. */
async function month(c: HTMLElement): Promise<void> {
  await customElements.whenDefined('soleus-booking-calendar');
  await step(c, en.day);
  await waitFor(() => expect(inside(c, 'td button[part~=available]')).toBeTruthy());
}

/** The first free day and its first time, then the details step. */
async function toDetails(c: HTMLElement): Promise<void> {
  await month(c);
  inside(c, 'td button[part~=available]')!.click();
  await waitFor(() => expect(inside(c, 'input[name=slot]')).toBeTruthy());
  inside(c, 'input[name=slot]')!.click();
  press(c, en.next);
  await step(c, en.details);
}

async function toReview(c: HTMLElement): Promise<void> {
  await toDetails(c);
  type(c, '#name', 'Ann Runner');
  type(c, '#email', 'ann@example.com');
  press(c, en.next);
  await step(c, en.review);
}

/** The race-day plan proposed for an event about five and a half weeks out. */
async function toPlan(c: HTMLElement): Promise<void> {
  await month(c);
  press(c, en.planOpen);
  await step(c, en.plan);
  type(c, '#event', day(38));
  press(c, en.propose);
  await waitFor(() => expect(all(c, '.list select').length).toBeGreaterThan(2));
}

/** The month with free days (bordered tiles), the first of them chosen, and its times as a radio group. */
export const Month: Story = {
  play: async ({ canvasElement: c }) => {
    await month(c);
    inside(c, 'td button[part~=available]')!.click();
    await waitFor(() => expect(all(c, 'input[name=slot]').length).toBe(4));
    inside(c, 'input[name=slot]')!.click();
    await waitFor(() => expect(inside(c, '.time:has(:checked)')?.textContent).toMatch(/^09:00/));
    await expect(inside(c, 'td button[aria-pressed=true]')).toBeTruthy();
  },
};

/** Choosing a treatment first (no `service`). */
export const Treatments: Story = {
  args: { service: '' },
  play: async ({ canvasElement: c }) => {
    await step(c, en.service);
    await expect(all(c, '[part=service]').length).toBe(4);
  },
};

/** Loading: a skeleton the height of the month step, so nothing below it jumps. */
export const Loading: Story = {
  beforeEach: server({ hold: true }),
  play: async ({ canvasElement: c }) => {
    await waitFor(() => expect(inside(c, '.skeleton')).toBeTruthy());
    await expect(root(c).getBoundingClientRect().height).toBeGreaterThan(400);
  },
};

/** Loading with no service fixed: a skeleton the height of a list of six treatments, so nothing below it jumps. */
export const LoadingTreatments: Story = {
  args: { service: '' },
  beforeEach: server({ holdServices: true }),
  play: async ({ canvasElement: c }) => {
    await waitFor(() => expect(inside(c, '.skeleton.s')).toBeTruthy());
    await expect(root(c).getBoundingClientRect().height).toBeGreaterThan(600);
  },
};

/** A month (and the whole horizon) with no free day. */
export const NoFreeDay: Story = {
  beforeEach: server({ full: true }),
  play: async ({ canvasElement: c }) => {
    await step(c, en.day);
    await waitFor(() => expect(inside(c, '.note')?.textContent).toBe(en.noneAtAll.replace('{n}', '90')));
    await expect(inside(c, 'td button[part~=available]')).toBeNull();
  },
};

/** The server cannot be reached: a message and Retry. */
export const NetworkError: Story = {
  beforeEach: server({ offline: true }),
  play: async ({ canvasElement: c }) => {
    await waitFor(() => expect(inside(c, '[part~=retry]')?.textContent).toBe(en.retry), { timeout: 3000 });
    await expect(status(c)).toBe(en.network);
  },
};

/** Details with mistakes: each error beside its field, the first one focused. */
export const DetailsWithErrors: Story = {
  play: async ({ canvasElement: c }) => {
    await toDetails(c);
    type(c, '#email', 'not-an-email');
    press(c, en.next);
    await waitFor(() => expect(inside(c, '#name-e')?.textContent).toBe(en.required));
    await expect(inside(c, '#email-e')?.textContent).toBe(en.emailInvalid);
    await expect(root(c).shadowRoot!.activeElement?.id).toBe('name');
    await expect(status(c)).toBe(en.fix);
  },
};

/** The review: what, when, where, price, and the repeat choice. */
export const Review: Story = {
  play: async ({ canvasElement: c }) => {
    await toReview(c);
    await expect(inside(c, 'dl')?.textContent).toContain('Sports massage (60 minutes)');
    await expect(inside(c, '#every')).toBeTruthy();
  },
};

/** Confirming a time someone else just took: the explanation and that day's fresh times. */
export const SlotJustTaken: Story = {
  beforeEach: server({ taken: true }),
  play: async ({ canvasElement: c }) => {
    await toReview(c);
    press(c, en.confirm);
    await waitFor(() => expect(status(c)).toMatch(/just taken/));
    await expect(heading(c)).toBe(en.day);
    await expect(all(c, 'input[name=slot]').length).toBeGreaterThan(0);
  },
};

/** A series every 2 weeks whose second session is taken: alternatives offered, the nearest picked. */
export const SeriesWithConflict: Story = {
  beforeEach: server({ conflict: true }),
  play: async ({ canvasElement: c }) => {
    await toReview(c);
    const every = inside<HTMLSelectElement>(c, '#every')!;
    every.value = '2';
    every.dispatchEvent(new Event('change'));
    await waitFor(() => expect(all(c, '.list > li').length).toBe(4));
    const second = all(c, '.list > li')[1]!;
    await expect(second.querySelector('.tag')?.textContent).toBe(en.taken);
    await expect(second.querySelectorAll('input[type=radio]').length).toBeGreaterThan(0);
    await expect(all(c, 'button').some((b) => b.textContent == en.confirmMany.replace('{n}', '4'))).toBe(true);
  },
};

/** The race-day plan: build-up sessions, pre-event, post-event and monthly maintenance, each at a free time. */
export const RaceDayPlan: Story = {
  play: async ({ canvasElement: c }) => {
    await toPlan(c);
    const text = inside(c, '.list')!.textContent!;
    for (const kind of Object.values(en.kinds)) await expect(text).toContain(kind);
  },
};

/**
 * A plan booked as one decision: the first try gets no answer and says so, the second (same key) books every session;
 * the confirmation lists them compactly with one "Add all to calendar".
 */
export const PlanBooked: Story = {
  beforeEach: server({ partial: true }),
  play: async ({ canvasElement: c }) => {
    await toPlan(c);
    press(c, en.next);
    await step(c, en.details);
    type(c, '#name', 'Ann Runner');
    type(c, '#email', 'ann@example.com');
    press(c, en.next);
    await step(c, en.review);
    press(c, /^Confirm \d+ bookings$/);
    await waitFor(() => expect(status(c)).toBe(en.network));
    press(c, /^Confirm \d+ bookings$/);
    await step(c, en.done);
    await waitFor(() => expect(all(c, '.sessions li').length).toBeGreaterThan(3));
    await expect(all(c, '.booked > li').length).toBe(1);
    await expect(all(c, 'a').filter((a) => a.textContent == en.addAll).length).toBe(1);
    await expect(inside(c, 'details.one')).toBeTruthy();
  },
};

/** The confirmation, with calendar links and how to change or cancel. */
export const Confirmation: Story = {
  play: async ({ canvasElement: c }) => {
    await toReview(c);
    press(c, en.confirm);
    await step(c, en.done);
    await expect(all(c, '.cal a').length).toBe(3);
  },
};

/** Popup mode, opened: a modal panel anchored to its button (a full-width sheet on narrow screens). */
export const PopupOpen: Story = {
  args: { mode: 'popup' },
  decorators: [wrap('min-block-size: 40em')],
  play: async ({ canvasElement: c }) => {
    await customElements.whenDefined('soleus-booking-calendar');
    await waitFor(() => expect(inside(c, '[part=open-button]')).toBeTruthy());
    inside(c, '[part=open-button]')!.click();
    await waitFor(() => expect(inside<HTMLDialogElement>(c, 'dialog')!.open).toBe(true));
    await step(c, en.day);
    await waitFor(() => expect(inside(c, 'dialog td button[part~=available]')).toBeTruthy());
  },
};

/** `theme="dark"` on a dark page. */
export const Dark: Story = {
  args: { theme: 'dark' },
  globals: { backgrounds: { value: 'dark' } },
  decorators: [wrap('background: #1b1d21; padding: 1.5em')],
  play: async ({ canvasElement: c }) => {
    await month(c);
    const [r, g, b] = getComputedStyle(inside(c, '#h')!).color.match(/\d+/g)!.map(Number);
    await expect(r! + g! + b!).toBeGreaterThan(600);
  },
};

/** A 360 px phone: the month, the times and the buttons fit without sideways scrolling. */
export const Phone: Story = {
  name: 'Phone (360 px)',
  globals: { viewport: { value: 'phone360', isRotated: false } },
  decorators: [wrap('inline-size: 360px; max-inline-size: 100%; padding: 0 16px; box-sizing: border-box')],
  play: async ({ canvasElement: c }) => {
    await month(c);
    inside(c, 'td button[part~=available]')!.click();
    await waitFor(() => expect(inside(c, 'input[name=slot]')).toBeTruthy());
    const host = root(c).getBoundingClientRect();
    for (const el of all(c, 'button, .time, table')) {
      const box = el.getBoundingClientRect();
      await expect(box.right).toBeLessThanOrEqual(host.right + 0.5);
      await expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(24);
    }
  },
};

/** Each shipped language: the catalogue loads on demand, then headings, day names and the clock switch. */
const localeStory = (lang: string, load: () => Promise<{ default: BookingMessages }>, clock: RegExp): Story => ({
  name: `Locale: ${lang}`,
  args: { lang },
  play: async ({ canvasElement: c }) => {
    const { default: m } = await load();
    await waitFor(() => expect(inside(c, '.root')?.getAttribute('lang')).toBe(lang));
    await step(c, m.day);
    await waitFor(() => expect(inside(c, 'td button[part~=available]')).toBeTruthy());
    await expect(inside(c, 'th .sr-only')?.textContent).toBe(m.weekdays[m.weekStart]);
    inside(c, 'td button[part~=available]')!.click();
    await waitFor(() => expect(inside(c, '.time span')?.textContent).toMatch(clock));
    await expect(all(c, 'button').some((b) => b.textContent == m.planOpen)).toBe(true);
  },
});

export const LocaleEnGB = localeStory('en-GB', async () => ({ default: en }), /^09:00$/);
export const LocaleEnUS = localeStory(
  'en-US',
  () => import('../src/components/booking-calendar/messages/en-US.js'),
  /^9:00\sAM$/,
);
export const LocaleDe = localeStory('de', () => import('../src/components/booking-calendar/messages/de.js'), /^09:00$/);
export const LocaleFr = localeStory('fr', () => import('../src/components/booking-calendar/messages/fr.js'), /^09:00$/);
export const LocaleEs = localeStory('es', () => import('../src/components/booking-calendar/messages/es.js'), /^9:00$/);

const hostileCss = `
  html { font-size: 62.5% }
  .hostile-page * { font: 30px "Comic Sans MS" !important; color: red !important; letter-spacing: 4px; line-height: 3 }
  .hostile-page button, .hostile-page table, .hostile-page input { display: none; background: red !important }
  .hostile-page form { display: flex }
`;

/**
 * A host page with aggressive global CSS, and the widget inside the page's own `<form>`: none of the CSS reaches
 * the widget, and pressing Enter in its fields never submits the page's form. Rendered in its own iframe in the docs.
 */
export const HostilePage: Story = {
  name: 'Hostile host page',
  parameters: { docs: { story: { inline: false, iframeHeight: 700 } } },
  render: (a) => hostilePage(hostileCss, meta.render(a)),
  play: async ({ canvasElement: c }) => {
    await toDetails(c);
    await expect(getComputedStyle(c.querySelector('.hostile-page p')!).color).toBe('rgb(255, 0, 0)');
    const h = getComputedStyle(inside(c, '#h')!);
    await expect(h.color).not.toBe('rgb(255, 0, 0)');
    await expect(parseFloat(h.fontSize)).toBeGreaterThanOrEqual(16);
    await expect(getComputedStyle(inside(c, '.btn')!).display).not.toBe('none');
    inside<HTMLFormElement>(c, 'form')!.requestSubmit();
    await new Promise((r) => setTimeout(r, 50));
    await expect(c.querySelector('form')!.dataset.submits).toBe('0');
  },
};
