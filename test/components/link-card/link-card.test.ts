import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import '../../../src/components/link-card/link-card.define.js';
import type { SoleusLinkCard } from '../../../src/components/link-card/link-card.js';
import { SoleusLinkCardOpenEvent } from '../../../src/components/link-card/link-card.events.js';
import type { LinkPreviewResponse } from '../../../src/core/schemas/previews.js';
import { $, $$, settle, shadow, until } from '../support/shadow-dom.js';

const HREF = 'https://www.example.org/training';
const OK: LinkPreviewResponse = {
  url: HREF,
  finalUrl: HREF,
  status: 'ok',
  title: 'Marathon training hub',
  description: 'Training plans for every level, fuelling and recovery guides, and race-day advice.',
  siteName: 'Example Marathon',
  lang: 'en-GB',
  image: { url: '/api/v1/link-preview/image/abc.def', width: 800, height: 420, alt: 'A runner at dawn' },
  icon: { url: '/api/v1/link-preview/image/ico.mac' },
  fetchedAt: '2026-12-02T00:00:00.000Z',
};

type Answer = { status: number; body: unknown } | 'network';
/** The server's side of `GET /api/v1/link-preview`, held until `release` when asked to. */
function stubFetch(answer: Answer = { status: 200, body: OK }, hold = false) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const real = window.fetch;
  let release: () => void = () => undefined;
  const gate = hold ? new Promise<void>((r) => (release = r)) : Promise.resolve();
  window.fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    calls.push({ url: String(input), init });
    await gate;
    if (answer === 'network') throw new TypeError('Failed to fetch');
    return new Response(JSON.stringify(answer.body), {
      status: answer.status,
      headers: { 'content-type': 'application/json' },
    });
  };
  return { calls, release: () => release(), restore: () => (window.fetch = real) };
}

const card = (attrs: TemplateResult | string = '') =>
  typeof attrs === 'string'
    ? fixture<SoleusLinkCard>(
        html`<soleus-link-card href=${HREF} api="https://soleus.example.net"
          ><a href=${HREF}>Training hub (fallback)</a></soleus-link-card
        >`,
      )
    : fixture<SoleusLinkCard>(attrs);

/** The link's accessible name: its text (it carries no aria-label or aria-labelledby that could differ). */
const nameOf = (_el: Element, link: Element) => {
  expect(link.hasAttribute('aria-label') || link.hasAttribute('aria-labelledby')).to.equal(false);
  return link.textContent!.replace(/\s+/g, ' ').trim();
};

const loaded = (el: SoleusLinkCard) => until(() => !shadow(el).querySelector('.loading'), 'the preview');

let stub: ReturnType<typeof stubFetch>;
afterEach(() => stub?.restore());

describe('<soleus-link-card>', () => {
  it('asks this server (not the third party) once, without cookies, for the absolute href', async () => {
    stub = stubFetch();
    const el = await card();
    await loaded(el);
    expect(stub.calls.length).to.equal(1);
    expect(stub.calls[0]!.url).to.equal(
      `https://soleus.example.net/api/v1/link-preview?url=${encodeURIComponent(HREF)}`,
    );
    expect(stub.calls[0]!.init.credentials).to.equal('omit');
  });

  it('loading: a skeleton that is already the link, named by the fallback text, busy described', async () => {
    stub = stubFetch(undefined, true);
    const el = await card();
    const link = $<HTMLAnchorElement>(el, 'a');
    expect($(el, '.card').getAttribute('part')).to.equal('card loading');
    expect(link.getAttribute('part')).to.equal('title');
    expect(link.href).to.equal(HREF);
    expect(nameOf(el, link)).to.equal('Training hub (fallback)');
    expect($(el, '#' + link.getAttribute('aria-describedby')).textContent).to.equal('Loading the link preview');
    expect($$(el, 'img').length).to.equal(0);
    await expect(el).to.be.accessible();
    stub.release();
    await loaded(el);
  });

  it('shows one link named by the title: image with alt, lazy and sized, two-line description, site and domain', async () => {
    stub = stubFetch();
    const el = await card();
    await loaded(el);
    const links = $$<HTMLAnchorElement>(el, 'a');
    expect(links.length).to.equal(1);
    const link = links[0]!;
    expect($(el, '.card').getAttribute('part')).to.equal('card ok');
    expect(link.getAttribute('part')).to.equal('title');
    expect(link.href).to.equal(HREF);
    expect(nameOf(el, link)).to.equal('Marathon training hub');
    expect(link.getAttribute('aria-describedby')).to.equal('d s');
    const img = $<HTMLImageElement>(el, 'img[part="image"]');
    expect(img.getAttribute('src')).to.equal('https://soleus.example.net/api/v1/link-preview/image/abc.def');
    expect([img.getAttribute('width'), img.getAttribute('height'), img.alt, img.loading]).to.deep.equal([
      '800',
      '420',
      'A runner at dawn',
      'lazy',
    ]);
    expect($(el, '[part="description"]').textContent).to.equal(OK.description);
    expect(getComputedStyle($(el, '[part="description"]')).webkitLineClamp).to.equal('2');
    expect($(el, '[part="title"]').lang).to.equal('en-GB');
    // A click anywhere on the card (the description, the image) lands on the one link.
    for (const part of ['description', 'image']) {
      const box = $(el, `[part="${part}"]`).getBoundingClientRect();
      expect(shadow(el).elementFromPoint(box.x + box.width / 2, box.y + box.height / 2), part).to.equal(link);
    }
    const site = $(el, '[part="site"]');
    expect(site.querySelector('img[part="icon"]')!.getAttribute('src')).to.equal(
      'https://soleus.example.net/api/v1/link-preview/image/ico.mac',
    );
    expect(site.textContent!.replace(/\s+/g, ' ').trim()).to.equal('Example Marathon·example.org');
    await expect(el).to.be.accessible();
  });

  for (const layout of ['horizontal', 'vertical', 'compact']) {
    it(`${layout}: the skeleton reserves the card's final height; accessible in both states`, async () => {
      stub = stubFetch(undefined, true);
      const el = await card(
        html`<div style="width: 36em"><soleus-link-card href=${HREF} layout=${layout}></soleus-link-card></div>`,
      );
      const inner = el.querySelector('soleus-link-card') as SoleusLinkCard;
      await settle();
      const before = inner.getBoundingClientRect().height;
      await expect(inner).to.be.accessible();
      stub.release();
      await loaded(inner);
      expect(before).to.be.greaterThan(40);
      expect(inner.getBoundingClientRect().height).to.equal(before);
      expect($(inner, '.card').classList.contains(layout)).to.equal(true);
      if (layout === 'compact') {
        expect($$(inner, 'img[part="image"]').length).to.equal(0);
        expect($$(inner, 'img[part="icon"]').length).to.equal(1);
      }
      await expect(inner).to.be.accessible();
    });
  }

  it('a narrow (phone) container keeps the same height in both states', async () => {
    stub = stubFetch(undefined, true);
    const wrap = await fixture(
      html`<div style="width: 340px"><soleus-link-card href=${HREF}></soleus-link-card></div>`,
    );
    const inner = wrap.querySelector('soleus-link-card') as SoleusLinkCard;
    await settle();
    const before = inner.getBoundingClientRect().height;
    stub.release();
    await loaded(inner);
    expect(inner.getBoundingClientRect().height).to.equal(before);
    expect(inner.getBoundingClientRect().width).to.equal(340);
    await expect(inner).to.be.accessible();
  });

  const unavailable: Array<[string, Answer]> = [
    ['status unavailable', { status: 200, body: { ...OK, status: 'unavailable', title: undefined } }],
    ['422 url_not_allowed', { status: 422, body: { error: { code: 'url_not_allowed', message: 'No.' } } }],
    ['429', { status: 429, body: { error: { code: 'too_many_requests', message: 'Later.' } } }],
    ['a network error', 'network'],
  ];
  for (const [what, answer] of unavailable) {
    it(`unavailable (${what}): the plain link, never an empty box`, async () => {
      stub = stubFetch(answer);
      const el = await card();
      await loaded(el);
      const link = $<HTMLAnchorElement>(el, 'a');
      expect(link.getAttribute('part')).to.equal('link unavailable');
      expect(link.href).to.equal(HREF);
      expect(link.textContent).to.equal('Training hub (fallback)');
      expect($(el, '[part="domain"]').textContent).to.equal('example.org');
      expect($$(el, '.card, img').length).to.equal(0);
      expect(el.getBoundingClientRect().height).to.be.greaterThan(10);
      await expect(el).to.be.accessible();
    });
  }

  it('without a fallback link, the unavailable card shows the address', async () => {
    stub = stubFetch('network');
    const el = await card(html`<soleus-link-card href=${HREF}></soleus-link-card>`);
    await loaded(el);
    expect($(el, 'a').textContent).to.equal(HREF);
  });

  it('shows no image that is not on the Soleus server', async () => {
    stub = stubFetch({
      status: 200,
      body: { ...OK, image: { ...OK.image, url: 'https://tracker.example.com/x.png' }, icon: { url: '//evil/x' } },
    });
    const el = await card();
    await loaded(el);
    expect($$(el, 'img').length).to.equal(0);
  });

  it('target=_blank: a new window, noopener, and the name says so', async () => {
    stub = stubFetch();
    const el = await card(
      html`<soleus-link-card href=${HREF} target="_blank"><a href=${HREF}>Hub</a></soleus-link-card>`,
    );
    await loaded(el);
    const link = $<HTMLAnchorElement>(el, 'a');
    expect([link.target, link.rel]).to.deep.equal(['_blank', 'noopener']);
    expect(nameOf(el, link)).to.equal('Marathon training hub (opens in a new window)');
    await expect(el).to.be.accessible();
  });

  it('fires soleus-link-card-open on a click; canceling it keeps the visitor on the page', async () => {
    stub = stubFetch();
    const el = await card();
    await loaded(el);
    const link = $<HTMLAnchorElement>(el, 'a');
    let followed = true;
    const watch = (e: Event) => (followed = !e.defaultPrevented);
    window.addEventListener('click', watch);
    el.addEventListener('soleus-link-card-open', (e) => e.preventDefault(), { once: true });
    setTimeout(() => link.click());
    const event = await oneEvent(el, 'soleus-link-card-open');
    window.removeEventListener('click', watch);
    expect(event).to.be.instanceOf(SoleusLinkCardOpenEvent);
    expect(event.detail).to.deep.equal({ href: HREF, title: 'Marathon training hub', state: 'ok' });
    expect(event.bubbles && event.composed && event.cancelable).to.equal(true);
    expect(followed).to.equal(false);
  });

  it('the plain link fires the event too', async () => {
    stub = stubFetch('network');
    const el = await card();
    await loaded(el);
    el.addEventListener('soleus-link-card-open', (e) => e.preventDefault(), { once: true });
    setTimeout(() => $(el, 'a').click());
    const event = await oneEvent(el, 'soleus-link-card-open');
    expect(event.detail.state).to.equal('unavailable');
  });

  it('dark theme is accessible in every state', async () => {
    stub = stubFetch(undefined, true);
    const el = await card(html`<soleus-link-card href=${HREF} theme="dark"><a href=${HREF}>Hub</a></soleus-link-card>`);
    await expect(el).to.be.accessible();
    stub.release();
    await loaded(el);
    expect(getComputedStyle($(el, '.root')).colorScheme).to.equal('dark');
    await expect(el).to.be.accessible();
    stub.restore();
    stub = stubFetch('network');
    el.href = `${HREF}?other`;
    await loaded(el);
    await expect(el).to.be.accessible();
  });

  const languages: Array<[string, string, string]> = [
    ['en-US', 'Loading the link preview', '(opens in a new window)'],
    ['de', 'Linkvorschau wird geladen', '(öffnet in einem neuen Fenster)'],
    ['fr', 'Chargement de l’aperçu du lien', '(s’ouvre dans une nouvelle fenêtre)'],
    ['es', 'Cargando la vista previa del enlace', '(se abre en una ventana nueva)'],
  ];
  for (const [lang, loading, newWindow] of languages) {
    it(`speaks ${lang}`, async () => {
      stub = stubFetch(undefined, true);
      const el = await card(
        html`<soleus-link-card href=${HREF} lang=${lang} target="_blank"><a href=${HREF}>Hub</a></soleus-link-card>`,
      );
      await until(() => shadow(el).getElementById('l')?.textContent === loading, `${lang} catalogue`);
      expect($(el, '#n').textContent!.trim()).to.equal(newWindow);
      await expect(el).to.be.accessible();
      stub.release();
      await loaded(el);
    });
  }

  it('a new href loads a new preview; a late answer for the old one is dropped', async () => {
    stub = stubFetch(undefined, true);
    const el = await card();
    el.href = 'https://other.example.org/';
    await settle();
    stub.release();
    await loaded(el);
    expect(stub.calls.map((c) => decodeURIComponent(c.url.split('url=')[1]!))).to.deep.equal([
      HREF,
      'https://other.example.org/',
    ]);
    expect($<HTMLAnchorElement>(el, 'a').href).to.equal('https://other.example.org/');
  });
});
