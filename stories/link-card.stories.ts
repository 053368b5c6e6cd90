import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import { expect, waitFor } from 'storybook/test';
import '../src/components/link-card/link-card.define.js';
import type { SoleusLinkCard } from '../src/components/link-card/link-card.js';
import type { LinkPreviewResponse } from '../src/core/schemas/previews.js';
import en from '../src/components/link-card/messages/en-GB.js';
import { widgetIn, wrap } from './support/story-helpers.js';

/** The attributes a site owner writes. */
interface Args {
  href: string;
  layout: 'horizontal' | 'vertical' | 'compact';
  target: string;
  theme: 'light' | 'dark' | 'auto';
  lang: string;
}

const HREF = 'https://www.tcslondonmarathon.com/training';
const PREVIEW: LinkPreviewResponse = {
  url: HREF,
  finalUrl: HREF,
  status: 'ok',
  title: 'Marathon training hub',
  description:
    'Training plans for every level, fuelling and recovery guides, and everything you need to know before race day.',
  siteName: 'TCS London Marathon',
  lang: 'en-GB',
  // Storybook has no Soleus server: the image box shows its alt text where the thumbnail would be.
  image: { url: '/api/v1/link-preview/image/story.mac', width: 800, height: 420, alt: 'A runner at dawn' },
  fetchedAt: '2026-12-02T00:00:00.000Z',
};

type Answer = { status: number; body: unknown } | 'hold';
/** Stands in for the Soleus server's `GET /api/v1/link-preview`; restored after the story. */
const server =
  (answer: Answer = { status: 200, body: PREVIEW }) =>
  () => {
    const real = window.fetch;
    window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      if (!String(input).includes('/api/v1/link-preview?')) return real(input, init);
      if (answer === 'hold') return new Promise<Response>(() => {});
      return new Response(JSON.stringify(answer.body), {
        status: answer.status,
        headers: { 'content-type': 'application/json' },
      });
    };
    return () => {
      window.fetch = real;
    };
  };

const attr = (v: string | undefined) => (v ? v : nothing);

const meta = {
  title: 'Widgets/Link card',
  component: 'soleus-link-card',
  args: { href: HREF, layout: 'horizontal', target: '', theme: 'light', lang: 'en-GB' },
  argTypes: {
    layout: { control: 'inline-radio', options: ['horizontal', 'vertical', 'compact'] },
    theme: { control: 'inline-radio', options: ['light', 'dark', 'auto'] },
    lang: { control: 'select', options: ['en-GB', 'en-US', 'de', 'fr', 'es'] },
  },
  beforeEach: server(),
  decorators: [wrap('max-inline-size: 40em')],
  render: (a) =>
    html`<soleus-link-card
      href=${a.href}
      layout=${a.layout}
      target=${attr(a.target)}
      theme=${a.theme}
      lang=${attr(a.lang)}
      ><a href=${a.href}>TCS London Marathon training hub</a></soleus-link-card
    >`,
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<Args>;

const card = (canvasElement: HTMLElement) => widgetIn<SoleusLinkCard>(canvasElement, 'soleus-link-card');
const shown = async (canvasElement: HTMLElement) => {
  const { el, root } = await card(canvasElement);
  await waitFor(() => expect(root.querySelector('.card.ok, .plain')).not.toBeNull());
  return { el, root };
};

/** The default: image beside the text. */
export const Horizontal: Story = {
  play: async ({ canvasElement }) => {
    const { root } = await shown(canvasElement);
    await expect(root.querySelectorAll('a').length).toBe(1);
    await expect(root.querySelector('[part="title"]')!.textContent!.trim()).toBe('Marathon training hub');
  },
};

/** Image above the text. */
export const Vertical: Story = {
  args: { layout: 'vertical' },
  decorators: [wrap('max-inline-size: 22em')],
  play: async ({ canvasElement }) => void (await shown(canvasElement)),
};

/** One line: icon, title and domain. */
export const Compact: Story = {
  args: { layout: 'compact' },
  play: async ({ canvasElement }) => {
    const { root } = await shown(canvasElement);
    await expect(root.querySelector('[part="description"]')!.getBoundingClientRect().height).toBe(0);
  },
};

/** While the preview loads: a skeleton the size of the card, already the link. */
export const Loading: Story = {
  beforeEach: server('hold'),
  play: async ({ canvasElement }) => {
    const { root } = await card(canvasElement);
    await expect(root.querySelector('.card')!.getAttribute('part')).toBe('card loading');
    await expect(root.getElementById('l')!.textContent).toBe(en.loading);
  },
};

/** The preview is unavailable (the site failed, or the address is refused): the plain link, styled neatly. */
export const Unavailable: Story = {
  beforeEach: server({ status: 422, body: { error: { code: 'url_not_allowed', message: 'No.' } } }),
  play: async ({ canvasElement }) => {
    const { root } = await shown(canvasElement);
    await expect(root.querySelector('.plain')!.textContent).toBe('TCS London Marathon training hub');
  },
};

/** Dark theme. */
export const Dark: Story = {
  args: { theme: 'dark' },
  decorators: [wrap('background: #121212; padding: 1em; max-inline-size: 40em')],
  play: async ({ canvasElement }) => void (await shown(canvasElement)),
};

/** A 360 px phone column. */
export const Phone: Story = {
  globals: { viewport: { value: 'phone360', isRotated: false } },
  decorators: [wrap('inline-size: 360px; max-inline-size: 100%; padding: 0 16px; box-sizing: border-box')],
  play: async ({ canvasElement }) => {
    const { el } = await shown(canvasElement);
    await expect(el.getBoundingClientRect().width).toBeLessThanOrEqual(328.5);
  },
};

const langStory = (lang: string, words: string): Story => ({
  args: { lang, target: '_blank' },
  beforeEach: server('hold'),
  play: async ({ canvasElement }) => {
    const { root } = await card(canvasElement);
    await waitFor(() => expect(root.getElementById('l')!.textContent).toBe(words));
  },
});
/** Each language (the loading words; the new-window note). */
export const EnglishUS = langStory('en-US', 'Loading the link preview');
export const German = langStory('de', 'Linkvorschau wird geladen');
export const French = langStory('fr', 'Chargement de l’aperçu du lien');
export const Spanish = langStory('es', 'Cargando la vista previa del enlace');

const hostileCss = `
  html { font-size: 62.5% }
  .hostile-page * { line-height: 3 }
  .hostile-page a, .hostile-page img { background: #900 !important; color: #fff; border: 5px solid #900 }
`;
/** A host page with aggressive global CSS: none of it reaches the card. */
export const HostilePage: Story = {
  name: 'Hostile host page',
  parameters: { docs: { story: { inline: false, iframeHeight: 260 } } },
  decorators: [
    (story) =>
      html`<div class="hostile-page">
        <style>
          ${hostileCss}
        </style>
        <p><a href="#top">A host link</a></p>
        ${story()}
      </div>`,
  ],
  play: async ({ canvasElement }) => {
    const { root } = await shown(canvasElement);
    await expect(getComputedStyle(canvasElement.querySelector('.hostile-page p a')!).backgroundColor).toBe(
      'rgb(153, 0, 0)',
    );
    const title = root.querySelector<HTMLElement>('[part="title"]')!;
    await expect(getComputedStyle(title).backgroundColor).not.toBe('rgb(153, 0, 0)');
    await expect(parseFloat(getComputedStyle(title).fontSize)).toBeGreaterThanOrEqual(14);
  },
};
