import { expect, fixture } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import '../../src/define-all.js';
import { $, until } from './support/shadow-dom.js';

/**
 * `theme="auto"` takes the host page's colour scheme, not the device's: on a page that declares none (it renders
 * light whatever the device) a visitor in dark mode must still get dark text, not light text on the white page.
 */
const TAGS = [
  'soleus-booking-calendar',
  'soleus-newsletter-signup',
  'soleus-share-buttons',
  'soleus-booking-manage',
  'soleus-link-card',
  'soleus-comment-box',
];
/** The root's text colour in each scheme (`--soleus-color-text`'s fallback in core/styles.ts). */
const LIGHT_TEXT = 'rgb(31, 41, 51)';
const DARK_TEXT = 'rgb(232, 234, 237)';

describe('theme="auto" follows the host page, light when it declares no scheme', () => {
  const realFetch = window.fetch;
  const meta = document.createElement('meta');
  meta.name = 'color-scheme';

  before(async () => {
    // The widgets' own requests wait for ever: only their colours are read here.
    window.fetch = () => new Promise<Response>(() => undefined);
    await emulateMedia({ colorScheme: 'dark' });
  });
  after(async () => {
    window.fetch = realFetch;
    document.documentElement.style.colorScheme = '';
    meta.remove();
    await emulateMedia({ colorScheme: 'light' });
  });

  /** The `.root` text colour of a fresh `tag` with `attrs`. */
  async function textColour(tag: string, attrs = ''): Promise<string> {
    const holder = await fixture(`<div><${tag} ${attrs} href="https://www.example.org/"></${tag}></div>`);
    const el = holder.firstElementChild!;
    await until(() => !!el.shadowRoot?.querySelector('.root'), `${tag} rendered`);
    return getComputedStyle($(el, '.root')).color;
  }

  for (const tag of TAGS) {
    it(`${tag}: light on a light-only page on a dark device, dark once the page declares both schemes`, async () => {
      expect(matchMedia('(prefers-color-scheme: dark)').matches).to.equal(true);
      document.documentElement.style.colorScheme = '';
      expect(await textColour(tag)).to.equal(LIGHT_TEXT);
      // A pinned theme still wins over the page.
      expect(await textColour(tag, 'theme="dark"')).to.equal(DARK_TEXT);

      document.documentElement.style.colorScheme = 'light dark';
      expect(await textColour(tag)).to.equal(DARK_TEXT);
      expect(await textColour(tag, 'theme="light"')).to.equal(LIGHT_TEXT);
      document.documentElement.style.colorScheme = '';

      // The same through the page's <meta name="color-scheme">, with no CSS at all.
      meta.content = 'light dark';
      document.head.append(meta);
      expect(await textColour(tag)).to.equal(DARK_TEXT);
      meta.remove();
    });
  }

  it('on a light device the page that declares both schemes is light too', async () => {
    await emulateMedia({ colorScheme: 'light' });
    document.documentElement.style.colorScheme = 'light dark';
    try {
      for (const tag of TAGS) expect(await textColour(tag), tag).to.equal(LIGHT_TEXT);
    } finally {
      document.documentElement.style.colorScheme = '';
      await emulateMedia({ colorScheme: 'dark' });
    }
  });
});
