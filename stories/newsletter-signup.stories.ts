import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import '../src/components/newsletter-signup/newsletter-signup.define.js';
import { fill } from '../src/core/i18n.js';
import { hostilePage, widgetIn, wrap } from './support/story-helpers.js';
import type { SoleusNewsletterSignup } from '../src/components/newsletter-signup/newsletter-signup.js';
// Expected strings come from the catalogues, so copy edits do not break the stories. Only en-GB (bundled in the
// widget anyway) is imported statically: the others are imported inside the play functions, so the widget's own
// on-demand loading of them stays real.
import en, { type NewsletterMessages } from '../src/components/newsletter-signup/messages/en-GB.js';

/** The attributes a site owner writes; controls and docs for them come from custom-elements.json. */
interface Args {
  list: string;
  'with-name': boolean;
  consent: string;
  'privacy-url': string;
  api: string;
  theme: 'light' | 'dark' | 'auto';
  lang: string;
}

const attr = (value: string | undefined) => (value === '' || value === undefined ? nothing : value);

/** How the stand-in server answers `POST /api/v1/subscriptions`. */
type Answer = { status: number; body: unknown } | 'hold' | 'offline';

/**
 * Stands in for the Soleus server in the browser (Storybook has none): a form token on render, and `answer` to the
 * signup. Restored after the story.
 */
const server =
  (answer: Answer = { status: 202, body: { status: 'pending' } }) =>
  () => {
    const real = window.fetch;
    window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input);
      const json = (status: number, body: unknown) =>
        new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
      if (url.endsWith('/api/v1/form-token')) return json(200, { token: 'story-token' });
      if (url.endsWith('/api/v1/subscriptions') && init?.method === 'POST') {
        if (answer === 'hold') return new Promise<Response>(() => {});
        if (answer === 'offline') throw new TypeError('Failed to fetch');
        return json(answer.status, answer.body);
      }
      return real(input, init);
    };
    return () => {
      window.fetch = real;
    };
  };

const meta = {
  title: 'Widgets/Newsletter signup',
  component: 'soleus-newsletter-signup',
  args: {
    list: 'running-tips',
    'with-name': false,
    consent: '',
    'privacy-url': '',
    api: '',
    theme: 'light',
    lang: 'en-GB',
  },
  argTypes: {
    theme: { control: 'inline-radio', options: ['light', 'dark', 'auto'] },
    lang: { control: 'select', options: ['en-GB', 'en-US', 'de', 'fr', 'es'] },
  },
  beforeEach: server(),
  render: (a) =>
    html`<soleus-newsletter-signup
      list=${attr(a.list)}
      ?with-name=${a['with-name']}
      consent=${attr(a.consent)}
      privacy-url=${attr(a['privacy-url'])}
      api=${attr(a.api)}
      theme=${attr(a.theme)}
      lang=${attr(a.lang)}
    ></soleus-newsletter-signup>`,
  decorators: [(story) => html`<div style="max-inline-size: 40em">${story()}</div>`],
  parameters: {
    docs: {
      description: {
        component:
          'Load `soleus.js` (or import `@soleus/widgets/newsletter-signup/define`) and paste `<soleus-newsletter-signup list="news"></soleus-newsletter-signup>`. ' +
          'Put a plain `<form method="post" action="https://your-server/api/v1/subscriptions">` inside it for visitors without JavaScript: ' +
          'the element reads its action, `list`, `name` field and consent label, and replaces it. ' +
          'These stories answer the API from the browser; the server waits 3 s from render before it accepts a signup, and so does the widget.',
      },
    },
  },
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<Args>;

/** The widget in a story, once defined and rendered, with Testing Library queries bound to its shadow root. */
const widget = (canvasElement: HTMLElement) =>
  widgetIn<SoleusNewsletterSignup>(canvasElement, 'soleus-newsletter-signup');

/** Types an address, ticks the box and presses Subscribe, as a visitor would. */
async function signUp(canvasElement: HTMLElement, email = 'ann@example.com') {
  const w = await widget(canvasElement);
  await userEvent.type(w.shadow.getByRole('textbox', { name: en.email }), email);
  await userEvent.click(w.shadow.getByRole('checkbox'));
  await userEvent.click(w.shadow.getByRole('button', { name: en.submit }));
  return w;
}

const status = (root: ShadowRoot) => root.querySelector('[role="status"]')!;

/** The default: heading, pitch, email, the consent line and Subscribe. */
export const Idle: Story = {
  play: async ({ canvasElement }) => {
    const { root, shadow } = await widget(canvasElement);
    await expect(shadow.getByText(en.heading)).toBeVisible();
    await expect(shadow.getByRole('textbox', { name: en.email })).toHaveAttribute('autocomplete', 'email');
    await expect(shadow.getByRole('checkbox', { name: en.consent })).not.toBeChecked();
    await expect(status(root)).toHaveTextContent('');
    // WCAG 2.5.8: targets at least 24×24 CSS px.
    for (const control of root.querySelectorAll<HTMLElement>('input:not(#hp), button')) {
      const box = control.getBoundingClientRect();
      await expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(24);
    }
  },
};

/** `with-name`, the owner's own consent wording and a link to the privacy page. */
export const WithName: Story = {
  name: 'With first name and privacy link',
  args: {
    'with-name': true,
    consent: "Yes, email me Jim's monthly running tips. I can unsubscribe at any time.",
    'privacy-url': 'https://example.com/privacy',
  },
  play: async ({ canvasElement }) => {
    const { shadow } = await widget(canvasElement);
    await expect(shadow.getByRole('textbox', { name: en.name })).toHaveAttribute('autocomplete', 'given-name');
    await expect(shadow.getByRole('link', { name: 'privacy notice' })).toHaveAttribute(
      'href',
      'https://example.com/privacy',
    );
  },
};

/** Slots: the owner's heading (a real `<h2>`), pitch and consent wording with a link. */
export const Slots: Story = {
  name: 'Owner heading, pitch and consent (slots)',
  render: (a) =>
    html`<soleus-newsletter-signup list=${attr(a.list)} theme=${attr(a.theme)} lang=${attr(a.lang)}>
      <h2 slot="heading" style="margin:0;font:700 1.5em/1.2 Georgia,serif">Running tips in your inbox</h2>
      <p slot="pitch">One short email a month from Jim. No spam, unsubscribe any time.</p>
      <span slot="consent"
        >Email me the running tips. How I handle your address:
        <a href="https://example.com/privacy">privacy notice</a>.</span
      >
    </soleus-newsletter-signup>`,
  play: async ({ canvasElement }) => {
    const { shadow } = await widget(canvasElement);
    await expect(within(canvasElement).getByRole('heading', { level: 2 })).toBeVisible();
    await expect(shadow.getByRole('checkbox', { name: /Email me the running tips/ })).toBeInTheDocument();
  },
};

/** Sending: the button shows it is busy and the live region says "Subscribing…". The server never answers here. */
export const Submitting: Story = {
  beforeEach: server('hold'),
  play: async ({ canvasElement }) => {
    const { root, shadow } = await signUp(canvasElement);
    await waitFor(() => expect(status(root)).toHaveTextContent(en.sending));
    await expect(shadow.getByRole('button', { name: en.submit })).toHaveAttribute('aria-disabled', 'true');
  },
};

/** "Check your inbox", naming the address; focus moves to it. (The widget waits until its token is 3 s old.) */
export const Pending: Story = {
  name: 'Pending (check your inbox)',
  play: async ({ canvasElement }) => {
    const { root, shadow } = await signUp(canvasElement);
    await waitFor(() => expect(status(root)).toHaveTextContent(fill(en.pending, { email: 'ann@example.com' })), {
      timeout: 6000,
    });
    await expect(root.activeElement).toBe(shadow.getByText(en.checkInbox));
    await expect(shadow.getByRole('button', { name: en.change })).toBeVisible();
  },
};

/** An error the server gives for the whole signup (here: too many attempts); everything typed stays. */
export const ServerError: Story = {
  name: 'Error (too many attempts)',
  beforeEach: server({
    status: 429,
    body: { error: { code: 'too_many_requests', message: 'Too many signup attempts.' } },
  }),
  play: async ({ canvasElement }) => {
    const { root, shadow } = await signUp(canvasElement);
    await waitFor(() => expect(status(root)).toHaveTextContent(en.tooMany), { timeout: 6000 });
    await expect(shadow.getByRole('textbox', { name: en.email })).toHaveValue('ann@example.com');
    await expect(shadow.getByRole('checkbox')).toBeChecked();
  },
};

/** No connection: said in the live region; pressing Subscribe again retries. */
export const Offline: Story = {
  name: 'Error (offline)',
  beforeEach: server('offline'),
  play: async ({ canvasElement }) => {
    const { root } = await signUp(canvasElement);
    await waitFor(() => expect(status(root)).toHaveTextContent(en.network), { timeout: 6000 });
  },
};

/** Invalid fields: the reason beside each field, `aria-invalid`, focus on the first; nothing is sent. */
export const InvalidField: Story = {
  name: 'Invalid fields',
  args: { 'with-name': true },
  play: async ({ canvasElement }) => {
    const { root, shadow } = await widget(canvasElement);
    const email = shadow.getByRole('textbox', { name: en.email });
    await userEvent.type(email, 'ann@example');
    await userEvent.type(shadow.getByRole('textbox', { name: en.name }), 'Visit www.spam.example/now');
    await userEvent.click(shadow.getByRole('button', { name: en.submit }));
    await waitFor(() => expect(root.activeElement).toBe(email));
    await expect(email).toHaveAttribute('aria-invalid', 'true');
    await expect(email).toHaveAccessibleDescription(en.emailInvalid);
    await expect(shadow.getByRole('textbox', { name: en.name })).toHaveAccessibleDescription(en.nameLink);
    await expect(shadow.getByRole('checkbox')).toHaveAccessibleDescription(en.consentRequired);
    await expect(status(root)).toHaveTextContent(en.fix);
  },
};

/** The server refuses a throwaway address: the reason appears beside the field, in the widget's words. */
export const DisposableAddress: Story = {
  name: 'Invalid field from the server (throwaway address)',
  beforeEach: server({
    status: 400,
    body: {
      error: {
        code: 'invalid_request',
        message: 'Some fields need attention.',
        fields: { email: 'Use a permanent email address' },
      },
    },
  }),
  play: async ({ canvasElement }) => {
    const { root, shadow } = await signUp(canvasElement, 'ann@mailinator.com');
    const email = shadow.getByRole('textbox', { name: en.email });
    await waitFor(() => expect(email).toHaveAccessibleDescription(en.disposable), { timeout: 6000 });
    await expect(root.activeElement).toBe(email);
  },
};

/** `theme="dark"` on a dark page. */
export const Dark: Story = {
  args: { theme: 'dark', 'with-name': true, 'privacy-url': 'https://example.com/privacy' },
  globals: { backgrounds: { value: 'dark' } },
  decorators: [wrap('background: #1b1d21; padding: 1.5em')],
  play: async ({ canvasElement }) => {
    const { root } = await widget(canvasElement);
    const [r, g, b] = getComputedStyle(root.querySelector('[part="heading"]')!).color.match(/\d+/g)!.map(Number);
    await expect(r! + g! + b!).toBeGreaterThan(600);
  },
};

/** A 360 px phone column (and so a ~300 px blog sidebar): fields stack, the button fills the width, nothing overflows. */
export const NarrowPhone: Story = {
  name: 'Narrow phone (360 px)',
  args: { 'with-name': true },
  globals: { viewport: { value: 'phone360', isRotated: false } },
  decorators: [
    wrap(
      'inline-size: 360px; max-inline-size: 100%; padding: 0 16px; box-sizing: border-box; outline: 1px dashed #999',
    ),
  ],
  play: async ({ canvasElement }) => {
    const { el, root } = await widget(canvasElement);
    const host = el.getBoundingClientRect();
    const button = root.querySelector('[part~="button"]')!.getBoundingClientRect();
    await expect(Math.round(button.width)).toBe(Math.round(host.width));
    for (const control of root.querySelectorAll<HTMLElement>('input:not(#hp), button')) {
      const box = control.getBoundingClientRect();
      await expect(box.right).toBeLessThanOrEqual(host.right + 0.5);
    }
  },
};

const hostileCss = `
  html { font-size: 62.5% }
  .hostile-page * { line-height: 3; font-family: serif }
  .hostile-page button, .hostile-page input { background: red !important; border: 5px dotted lime !important }
  .hostile-page form { display: flex }
`;

/**
 * A host page with aggressive global CSS, and the widget inside the page's own `<form>`: none of the CSS reaches
 * the widget, and subscribing never submits the page's form. Rendered in its own iframe in the docs.
 */
export const HostilePage: Story = {
  name: 'Hostile host page',
  parameters: { docs: { story: { inline: false, iframeHeight: 420 } } },
  render: (a) => hostilePage(hostileCss, meta.render(a)),
  play: async ({ canvasElement }) => {
    const { root } = await signUp(canvasElement);
    await expect(getComputedStyle(canvasElement.querySelector('.hostile-page button')!).backgroundColor).toBe(
      'rgb(255, 0, 0)',
    );
    for (const control of root.querySelectorAll<HTMLElement>('input:not(#hp), button')) {
      await expect(getComputedStyle(control).backgroundColor).not.toBe('rgb(255, 0, 0)');
    }
    const label = getComputedStyle(root.querySelector('[part="heading"]')!);
    await expect(parseFloat(label.fontSize)).toBeGreaterThanOrEqual(16);
    await waitFor(() => expect(status(root)).toHaveTextContent('ann@example.com'), { timeout: 6000 });
    await expect(canvasElement.querySelector('form')!.dataset.submits).toBe('0');
  },
};

/** Each shipped language: the catalogue loads on demand, then every label switches. */
const localeStory = (lang: string, load: () => Promise<{ default: NewsletterMessages }>): Story => ({
  name: `Locale: ${lang}`,
  args: { lang, 'with-name': true, 'privacy-url': 'https://example.com/privacy' },
  play: async ({ canvasElement }) => {
    const { default: m } = await load();
    const { shadow } = await widget(canvasElement);
    await waitFor(() => expect(shadow.getByText(m.heading)).toBeVisible());
    // en-US shares most strings with en-GB: wait for one that differs (the pitch) before checking the rest.
    await waitFor(() => expect(shadow.getByText(m.pitch)).toBeVisible());
    await expect(shadow.getByRole('textbox', { name: m.email })).toBeVisible();
    await expect(shadow.getByRole('textbox', { name: m.name })).toBeVisible();
    await expect(shadow.getByRole('button', { name: m.submit })).toBeVisible();
    await expect(shadow.getByRole('link', { name: m.privacy.split(/[[\]]/)[1]! })).toBeVisible();
  },
});

export const LocaleEnGB = localeStory('en-GB', async () => ({ default: en }));
export const LocaleEnUS = localeStory('en-US', () => import('../src/components/newsletter-signup/messages/en-US.js'));
export const LocaleDe = localeStory('de', () => import('../src/components/newsletter-signup/messages/de.js'));
export const LocaleFr = localeStory('fr', () => import('../src/components/newsletter-signup/messages/fr.js'));
export const LocaleEs = localeStory('es', () => import('../src/components/newsletter-signup/messages/es.js'));
