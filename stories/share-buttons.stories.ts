import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import '../src/components/share-buttons/share-buttons.define.js';
import { fill } from '../src/core/i18n.js';
import { widgetIn, wrap } from './support/story-helpers.js';
import type { SoleusShareButtons } from '../src/components/share-buttons/share-buttons.js';
import type { SoleusShareEvent } from '../src/components/share-buttons/share-buttons.events.js';
// Expected strings come from the catalogues, so copy edits do not break the stories. Only en-GB (bundled in
// the widget anyway) is imported statically: the others are imported inside the play functions, so the
// widget's own on-demand loading of them stays real.
import en, { type ShareMessages } from '../src/components/share-buttons/messages/en-GB.js';

/** The attributes a site owner writes; controls and docs for them come from custom-elements.json. */
interface Args {
  url: string;
  title: string;
  text: string;
  networks: string;
  layout: 'row' | 'compact';
  visible: number;
  size: 'small' | 'medium' | 'large';
  label: string;
  'hide-label': boolean;
  theme: 'light' | 'dark' | 'auto';
  lang: string;
}

const attr = (value: string | number | undefined) => (value === '' || value === undefined ? nothing : value);

const meta = {
  title: 'Widgets/Share buttons',
  component: 'soleus-share-buttons',
  args: {
    url: 'https://example.com/blog/first-session',
    title: 'What to expect at your first session',
    text: '',
    networks: '',
    layout: 'row',
    visible: 3,
    size: 'medium',
    label: '',
    'hide-label': false,
    theme: 'light',
    lang: 'en-GB',
  },
  argTypes: {
    layout: { control: 'inline-radio', options: ['row', 'compact'] },
    size: { control: 'inline-radio', options: ['small', 'medium', 'large'] },
    theme: { control: 'inline-radio', options: ['light', 'dark', 'auto'] },
    lang: { control: 'select', options: ['en-GB', 'en-US', 'de', 'fr', 'es'] },
    visible: { control: { type: 'number', min: 0, max: 11 } },
  },
  render: (a) =>
    html`<soleus-share-buttons
      url=${attr(a.url)}
      title=${attr(a.title)}
      text=${attr(a.text)}
      networks=${attr(a.networks)}
      layout=${attr(a.layout)}
      visible=${attr(a.visible)}
      size=${attr(a.size)}
      label=${attr(a.label)}
      ?hide-label=${a['hide-label']}
      theme=${attr(a.theme)}
      lang=${attr(a.lang)}
    ></soleus-share-buttons>`,
  parameters: {
    docs: {
      description: {
        component:
          'Load `soleus.js` (or import `@soleus/widgets/share-buttons/define`) and paste `<soleus-share-buttons></soleus-share-buttons>`. ' +
          'It shares the canonical link and the document title unless `url` and `title` say otherwise.',
      },
    },
  },
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<Args>;

/** The widget in a story, once defined and rendered, with Testing Library queries bound to its shadow root. */
const widget = (canvasElement: HTMLElement) => widgetIn<SoleusShareButtons>(canvasElement, 'soleus-share-buttons');

/** Every share control (links and buttons) in the row, not in the menu. */
const rowControls = (root: ShadowRoot) => [
  ...root.querySelectorAll<HTMLElement>('.list > li > [part~="button"], [part="more-button"]'),
];

/** The default: a wrapping row of every network with visible labels (the native share sheet only where supported). */
export const Row: Story = {
  play: async ({ canvasElement }) => {
    const { root, shadow } = await widget(canvasElement);
    await expect(shadow.getByText(en.heading)).toBeVisible();
    await expect(shadow.getByRole('button', { name: en.copy })).toBeVisible();
    await expect(
      shadow.getByRole('link', { name: `${fill(en.shareOn, { network: 'LinkedIn' })} ${en.newWindow}` }),
    ).toHaveAttribute(
      'href',
      'https://www.linkedin.com/sharing/share-offsite/?url=https%3A%2F%2Fexample.com%2Fblog%2Ffirst-session',
    );
    // WCAG 2.5.8: targets at least 24×24 CSS px.
    for (const control of rowControls(root)) {
      const box = control.getBoundingClientRect();
      await expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(24);
    }
  },
};

/** `layout="compact"`: the first `visible` networks as icons, the rest behind "More". */
export const Compact: Story = {
  args: { layout: 'compact' },
  play: async ({ canvasElement }) => {
    const { root, shadow } = await widget(canvasElement);
    const more = shadow.getByRole('button', { name: en.more });
    await expect(more).toHaveAttribute('aria-expanded', 'false');
    await expect(root.querySelector('[part="menu"]')).not.toBeVisible();
  },
};

/** Compact with the menu open: "More" opens the popover and focus moves to its first item. */
export const CompactMenuOpen: Story = {
  name: 'Compact, menu open',
  args: { layout: 'compact' },
  decorators: [wrap('min-block-size: 30em')],
  play: async ({ canvasElement }) => {
    const { root, shadow } = await widget(canvasElement);
    const more = shadow.getByRole('button', { name: en.more });
    await userEvent.click(more);
    const menu = root.querySelector<HTMLElement>('[part="menu"]')!;
    await waitFor(() => expect(menu.matches(':popover-open')).toBe(true));
    await expect(menu).toBeVisible();
    await waitFor(() => expect(menu.contains(root.activeElement)).toBe(true));
    await expect(more).toHaveAttribute('aria-expanded', 'true');
    await expect(
      within(menu).getByRole('link', { name: `${fill(en.shareOn, { network: 'Reddit' })} ${en.newWindow}` }),
    ).toBeVisible();
  },
};

/** `theme="dark"` on a dark page. */
export const Dark: Story = {
  args: { theme: 'dark' },
  globals: { backgrounds: { value: 'dark' } },
  decorators: [wrap('background: #1b1d21; padding: 1.5em')],
  play: async ({ canvasElement }) => {
    const { root } = await widget(canvasElement);
    const [r, g, b] = getComputedStyle(root.querySelector('[part="heading"]')!).color.match(/\d+/g)!.map(Number);
    // Light text on the dark page.
    await expect(r! + g! + b!).toBeGreaterThan(600);
  },
};

/** A 360 px phone column: the row wraps, nothing overflows sideways. */
export const NarrowPhone: Story = {
  name: 'Narrow phone (360 px)',
  globals: { viewport: { value: 'phone360', isRotated: false } },
  decorators: [
    wrap(
      'inline-size: 360px; max-inline-size: 100%; padding: 0 16px; box-sizing: border-box; outline: 1px dashed #999',
    ),
  ],
  play: async ({ canvasElement }) => {
    const { el, root } = await widget(canvasElement);
    const host = el.getBoundingClientRect();
    for (const control of rowControls(root)) {
      const box = control.getBoundingClientRect();
      await expect(box.right).toBeLessThanOrEqual(host.right + 0.5);
      await expect(box.left).toBeGreaterThanOrEqual(host.left - 0.5);
    }
  },
};

const hostileCss = `
  html { font-size: 62.5% }
  .hostile-page * { line-height: 3 }
  .hostile-page button, .hostile-page a { background: red !important }
  .hostile-page a { color: #000 }
`;

/**
 * A host page with aggressive global CSS (`html { font-size: 62.5% }`, `* { line-height: 3 }`,
 * `button, a { background: red !important }`): none of it may reach the widget.
 * Rendered in its own iframe in the docs so the `html` rule stays inside it.
 */
export const HostilePage: Story = {
  name: 'Hostile host page',
  parameters: { docs: { story: { inline: false, iframeHeight: 260 } } },
  decorators: [
    (story) =>
      html`<div class="hostile-page">
        <style>
          ${hostileCss}
        </style>
        <p>Host page text. <a href="#top">A host link</a> <button type="button">A host button</button></p>
        ${story()}
      </div>`,
  ],
  play: async ({ canvasElement }) => {
    const { root } = await widget(canvasElement);
    // The page's own controls do get the rule (so the test would notice if the style were not applied)…
    await expect(getComputedStyle(canvasElement.querySelector('.hostile-page button')!).backgroundColor).toBe(
      'rgb(255, 0, 0)',
    );
    // …the widget's do not.
    for (const control of root.querySelectorAll<HTMLElement>('[part~="button"], [part="more-button"]')) {
      await expect(getComputedStyle(control).backgroundColor).not.toBe('rgb(255, 0, 0)');
    }
    // Sizes follow the browser's default (16 px), not the page's 62.5 % root; line height is the widget's own.
    const label = root.querySelector<HTMLElement>('[part="label"]')!;
    const style = getComputedStyle(label);
    await expect(parseFloat(style.fontSize)).toBeGreaterThanOrEqual(14);
    await expect(parseFloat(style.lineHeight)).toBeLessThan(2 * parseFloat(style.fontSize));
  },
};

/** Each shipped language: the catalogue loads on demand, then the heading and labels switch. */
const localeStory = (lang: string, load: () => Promise<{ default: ShareMessages }>): Story => ({
  name: `Locale: ${lang}`,
  args: { lang },
  play: async ({ canvasElement }) => {
    const { default: m } = await load();
    const { shadow } = await widget(canvasElement);
    await waitFor(() => expect(shadow.getByText(m.heading)).toBeVisible());
    await expect(shadow.getByRole('button', { name: m.copy })).toBeVisible();
    // The catalogue loads on demand; en-US shares the heading with en-GB, so wait for a string that differs.
    await waitFor(() => expect(shadow.getByRole('link', { name: m.emailName })).toBeVisible());
  },
});

export const LocaleEnGB = localeStory('en-GB', async () => ({ default: en }));
/** en-US differs from en-GB in a few strings, e.g. the email link's name ("Share via email"). */
export const LocaleEnUS = localeStory('en-US', () => import('../src/components/share-buttons/messages/en-US.js'));
export const LocaleDe = localeStory('de', () => import('../src/components/share-buttons/messages/de.js'));
export const LocaleFr = localeStory('fr', () => import('../src/components/share-buttons/messages/fr.js'));
export const LocaleEs = localeStory('es', () => import('../src/components/share-buttons/messages/es.js'));

/** `size="small"`: icons only, each with an accessible name. */
export const Small: Story = {
  args: { size: 'small' },
  play: async ({ canvasElement }) => {
    const { root, shadow } = await widget(canvasElement);
    // Labels stay in the DOM but are hidden; each control is named by its aria-label.
    for (const label of root.querySelectorAll<HTMLElement>('.list > li > * > [part="label"]')) {
      await expect(label).not.toBeVisible();
    }
    await expect(shadow.getByRole('button', { name: en.copy })).toBeVisible();
    for (const control of rowControls(root)) {
      const box = control.getBoundingClientRect();
      await expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(24);
    }
  },
};

/** `size="large"`. */
export const Large: Story = { args: { size: 'large' } };

/** `hide-label`: the host page writes its own lead-in; the heading is visually hidden but still names the group. */
export const HiddenLabel: Story = {
  args: { 'hide-label': true },
  render: (a) =>
    html`<p style="margin:0 0 .5em">Share this post:</p>
      ${meta.render(a)}`,
  play: async ({ canvasElement }) => {
    const { root, shadow } = await widget(canvasElement);
    await expect(shadow.getByRole('group', { name: en.heading })).toBeInTheDocument();
    // Visually hidden (clipped to 1×1), not display:none, so it keeps naming the group.
    const box = root.querySelector('[part="heading"]')!.getBoundingClientRect();
    await expect(box.width * box.height).toBeLessThanOrEqual(1);
  },
};

/** `networks` sets which networks show and in what order; unknown names are ignored. */
export const CustomNetworks: Story = {
  name: 'Custom networks and order',
  args: { networks: 'mastodon bluesky, copy email not-a-network' },
  play: async ({ canvasElement }) => {
    const { root } = await widget(canvasElement);
    const order = rowControls(root).map((c) => c.getAttribute('part')!.split(' ')[1]);
    await expect(order).toEqual(['mastodon', 'bluesky', 'copy', 'email']);
  },
};

/** Copy link: the button turns into "Copied" and the live region announces "Link copied". */
export const CopyLink: Story = {
  name: 'Copy link',
  args: { networks: 'copy email linkedin' },
  play: async ({ canvasElement }) => {
    const { el, root, shadow } = await widget(canvasElement);
    const events: SoleusShareEvent['detail'][] = [];
    el.addEventListener('soleus-share', (e) => events.push(e.detail));
    await userEvent.click(shadow.getByRole('button', { name: en.copy }));
    await expect(events).toEqual([{ network: 'copy', url: 'https://example.com/blog/first-session' }]);
    const status = root.querySelector('[part="status"]')!;
    await waitFor(() => expect(status).toHaveTextContent(en.copiedStatus));
    await expect(root.querySelector('[part~="copy"]')).toHaveAttribute('part', 'button copy copied');
    await expect(shadow.getByRole('button', { name: en.copied })).toBeVisible();
  },
};

/** Copy link when the browser refuses both the Clipboard API and `execCommand('copy')`: a focused read-only field. */
export const CopyLinkBlocked: Story = {
  name: 'Copy link, clipboard blocked',
  args: { networks: 'copy email linkedin' },
  beforeEach: () => {
    const writeText = navigator.clipboard?.writeText;
    const execCommand = document.execCommand;
    if (navigator.clipboard)
      navigator.clipboard.writeText = () => Promise.reject(new DOMException('Blocked', 'NotAllowedError'));
    document.execCommand = () => false;
    return () => {
      if (navigator.clipboard && writeText) navigator.clipboard.writeText = writeText;
      document.execCommand = execCommand;
    };
  },
  play: async ({ canvasElement }) => {
    const { root, shadow } = await widget(canvasElement);
    await userEvent.click(shadow.getByRole('button', { name: en.copy }));
    const status = root.querySelector('[part="status"]')!;
    await waitFor(() => expect(status).toHaveTextContent(en.copyFailed));
    const field = shadow.getByRole('textbox', { name: en.linkLabel });
    await expect(field).toHaveValue('https://example.com/blog/first-session');
    await expect(root.activeElement).toBe(field);
  },
};

/** Mastodon with no remembered server: the widget asks for the visitor's server, and rejects non-host names. */
export const MastodonServerPrompt: Story = {
  name: 'Mastodon server prompt',
  args: { networks: 'mastodon bluesky copy' },
  beforeEach: () => {
    localStorage.removeItem('soleus:mastodon-server');
  },
  play: async ({ canvasElement }) => {
    const { root, shadow } = await widget(canvasElement);
    await userEvent.click(
      shadow.getByRole('link', { name: `${fill(en.shareOn, { network: 'Mastodon' })} ${en.newWindow}` }),
    );
    const field = await waitFor(() => shadow.getByRole('textbox', { name: en.server }));
    await expect(root.activeElement).toBe(field);
    await userEvent.type(field, 'not a server');
    await userEvent.click(shadow.getByRole('button', { name: en.submit }));
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expect(shadow.getByText(en.serverError)).toBeVisible();
  },
};
