import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { $, blockNavigation, rowIds, shadow, untilText, widget } from './helpers.js';

async function untilLang(el: Element, lang: string): Promise<void> {
  for (let i = 0; i < 100 && el.shadowRoot!.querySelector<HTMLElement>('.root')!.lang !== lang; i++)
    await new Promise((r) => setTimeout(r, 10));
}
import { SoleusShareEvent } from '../../../src/components/share-buttons/share-buttons.events.js';

const ALL_LINKS = ['email', 'whatsapp', 'facebook', 'x', 'linkedin', 'bluesky', 'mastodon', 'threads', 'reddit'];

/** Presses "Copy link" as a visitor would and waits for the announcement. */
async function copyLink(el: Element): Promise<HTMLElement> {
  window.focus();
  const button = $(el, 'button[part~="copy"]');
  button.focus();
  button.click();
  await untilText(el, '[role="status"]', 'Link copied');
  return button;
}

describe('<soleus-share-buttons>', () => {
  it('renders a labelled, accessible row of every network (no native share here)', async () => {
    const el = await widget();
    expect(typeof navigator.share).to.not.equal('function');
    expect(rowIds(el)).to.deep.equal(['copy', ...ALL_LINKS]);
    const section = $(el, '.root');
    expect($(el, '#' + section.getAttribute('aria-labelledby')).textContent).to.equal('Share this post');
    expect(section.getAttribute('title')).to.equal('');
    expect($(el, '[role="status"]').textContent).to.equal('');
    await expect(el).to.be.accessible();
  });

  it('gives each link its share URL, a new window and a full accessible name', async () => {
    const el = await widget();
    const a = $(el, 'a[part~="linkedin"]') as HTMLAnchorElement;
    expect(a.href).to.equal('https://www.linkedin.com/sharing/share-offsite/?url=https%3A%2F%2Fexample.com%2Fpost');
    expect(a.target).to.equal('_blank');
    expect(a.rel).to.equal('noopener noreferrer');
    expect(a.getAttribute('aria-label')).to.equal('Share on LinkedIn (opens in a new window)');
    expect(a.querySelector('[part="label"]')!.textContent).to.equal('LinkedIn');
    expect(a.querySelector('svg')!.getAttribute('aria-hidden')).to.equal('true');
    for (const id of ALL_LINKS.filter((i) => i !== 'email')) {
      const link = $(el, `a[part~="${id}"]`);
      expect(link.getAttribute('aria-label'), id).to.match(/^Share on .+ \(opens in a new window\)$/);
      expect(link.getAttribute('href'), id).to.contain('https%3A%2F%2Fexample.com%2Fpost');
    }
    const mail = $(el, 'a[part~="email"]');
    expect(mail.getAttribute('href')).to.equal('mailto:?subject=Hello%20world&body=https%3A%2F%2Fexample.com%2Fpost');
    expect(mail.getAttribute('aria-label')).to.equal('Share by email');
    expect(mail.hasAttribute('target')).to.equal(false);
  });

  it('defaults to the canonical link and the document title', async () => {
    const link = Object.assign(document.createElement('link'), {
      rel: 'canonical',
      href: 'https://example.org/canonical',
    });
    document.head.append(link);
    const before = document.title;
    document.title = 'Page title';
    try {
      const el = await fixture(html`<soleus-share-buttons></soleus-share-buttons>`);
      expect($(el, 'a[part~="reddit"]').getAttribute('href')).to.equal(
        'https://www.reddit.com/submit?url=https%3A%2F%2Fexample.org%2Fcanonical&title=Page%20title',
      );
    } finally {
      link.remove();
      document.title = before;
    }
  });

  it('without a canonical link shares the page address without its hash', async () => {
    history.replaceState(null, '', '#section-2');
    try {
      const el = await fixture(html`<soleus-share-buttons></soleus-share-buttons>`);
      const expected = encodeURIComponent(location.href.split('#')[0]!);
      expect(location.href).to.contain('#section-2');
      expect($(el, 'a[part~="facebook"]').getAttribute('href')).to.equal(
        `https://www.facebook.com/sharer/sharer.php?u=${expected}`,
      );
    } finally {
      history.replaceState(null, '', location.pathname + location.search);
    }
  });

  it('shows the owner networks in the owner order and ignores unknown names', async () => {
    const el = await fixture(
      html`<soleus-share-buttons networks="reddit, myspace linkedin copy"></soleus-share-buttons>`,
    );
    expect(rowIds(el)).to.deep.equal(['reddit', 'linkedin', 'copy']);
  });

  it('uses the label attribute as the visible heading', async () => {
    const el = await fixture(html`<soleus-share-buttons label="Pass it on"></soleus-share-buttons>`);
    expect($(el, '[part="heading"]').textContent).to.equal('Pass it on');
  });

  it('hides native share without navigator.share and shows it when present', async () => {
    const el = await widget();
    expect(shadow(el).querySelector('[part~="native"]')).to.equal(null);
    const calls: ShareData[] = [];
    Object.defineProperty(navigator, 'share', {
      configurable: true,
      value: (data: ShareData) => (calls.push(data), Promise.reject(new DOMException('closed', 'AbortError'))),
    });
    try {
      const el2 = await widget(
        html`<soleus-share-buttons url="https://example.com/p" title="T" text="More"></soleus-share-buttons>`,
      );
      const button = $(el2, 'button[part~="native"]');
      expect(rowIds(el2)[0]).to.equal('native');
      expect(button.textContent!.trim()).to.equal('Share');
      button.click();
      await new Promise((r) => setTimeout(r, 20));
      expect(calls).to.deep.equal([{ title: 'T', text: 'More', url: 'https://example.com/p' }]);
      await expect(el2).to.be.accessible();
    } finally {
      delete (navigator as { share?: unknown }).share;
    }
    expect(typeof navigator.share).to.equal('undefined');
  });

  it('hide-label hides the heading visually but it still names the group', async () => {
    const el = await widget(
      html`<soleus-share-buttons hide-label url="https://example.com/post"></soleus-share-buttons>`,
    );
    expect(el.hideLabel).to.equal(true);
    const heading = $(el, '[part="heading"]');
    const root = $(el, '.root');
    expect(root.getAttribute('aria-labelledby')).to.equal(heading.id);
    expect(heading.textContent).to.equal('Share this post');
    const box = heading.getBoundingClientRect();
    expect(box.width * box.height).to.be.at.most(1);
    expect(getComputedStyle(heading).clipPath).to.equal('inset(50%)');
    // The row starts at the top of the widget: no space is kept for the heading.
    expect($(el, '[part="list"]').getBoundingClientRect().top - root.getBoundingClientRect().top).to.be.below(1);
    await expect(el).to.be.accessible();
    el.hideLabel = false;
    await el.updateComplete;
    expect(heading.getBoundingClientRect().height).to.be.above(10);
  });

  it('turns "Copied" back into "Copy link" after about 2 s (real wait)', async function () {
    this.timeout(5000);
    const el = await widget();
    const button = await copyLink(el);
    const copiedAt = performance.now();
    expect(button.textContent!.trim()).to.equal('Copied');
    await new Promise((r) => setTimeout(r, 1500));
    expect(button.textContent!.trim(), 'still copied at 1.5 s').to.equal('Copied');
    await new Promise((r) => setTimeout(r, 800));
    await el.updateComplete;
    expect(performance.now() - copiedAt).to.be.at.least(2000);
    expect(button.textContent!.trim()).to.equal('Copy link');
    expect(button.getAttribute('part')).to.equal('button copy');
    expect(button.getAttribute('aria-label')).to.equal('Copy link');
    expect($(el, '[role="status"]').textContent).to.equal('');
  });

  it('on a narrow container shows equal icon-only squares in about two rows, still named', async () => {
    const page = await fixture(
      html`<div style="width:358px"><soleus-share-buttons url="https://example.com/post"></soleus-share-buttons></div>`,
    );
    const el = page.firstElementChild!;
    await (el as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
    const buttons = [...shadow(el).querySelectorAll<HTMLElement>('.list > li > [part~="button"]')];
    const boxes = buttons.map((b) => b.getBoundingClientRect());
    for (const [i, b] of boxes.entries()) {
      expect(Math.abs(b.width - b.height), buttons[i]!.part.value).to.be.below(1);
      expect(b.width).to.be.at.least(24);
      expect(buttons[i]!.querySelector('[part="label"]')!.getBoundingClientRect().width).to.equal(0);
      expect(buttons[i]!.getAttribute('aria-label')).to.be.a('string').and.not.equal('');
    }
    expect(new Set(boxes.map((b) => Math.round(b.top))).size).to.equal(2);
    await expect(page).to.be.accessible();
  });

  it('uses a neutral dark surface by default', async () => {
    // A dark theme belongs on a dark page (the widget's own background stays transparent).
    const page = await fixture(
      html`<div style="background:#202124;padding:1px">
        <soleus-share-buttons theme="dark" url="https://example.com/post"></soleus-share-buttons>
      </div>`,
    );
    const el = page.firstElementChild!;
    const copy = $(el, '[part~="copy"]');
    expect(getComputedStyle(copy).backgroundColor).to.equal('rgb(32, 33, 36)');
    expect(getComputedStyle(copy).color).to.equal('rgb(232, 234, 237)');
    await expect(page).to.be.accessible();
  });

  it('copies the link with the Clipboard API and announces it', async () => {
    const el = await widget();
    const button = await copyLink(el);
    expect(await navigator.clipboard.readText()).to.equal('https://example.com/post');
    expect(button.getAttribute('part')).to.equal('button copy copied');
    expect(button.textContent!.trim()).to.equal('Copied');
    await expect(el).to.be.accessible();
  });

  it('falls back to execCommand, then to a read-only field with a message', async () => {
    const el = await widget();
    const clipboard = Object.getOwnPropertyDescriptor(Navigator.prototype, 'clipboard')!;
    const exec = document.execCommand;
    Object.defineProperty(Navigator.prototype, 'clipboard', { configurable: true, get: () => undefined });
    let commands: string[] = [];
    document.execCommand = (command: string) => (commands.push(command), true);
    try {
      $(el, 'button[part~="copy"]').click();
      await untilText(el, '[role="status"]', 'Link copied');
      expect(commands).to.deep.equal(['copy']);
      document.execCommand = (command: string) => (commands.push(command), false);
      commands = [];
      await new Promise((r) => setTimeout(r, 0));
      $(el, 'button[part~="copy"]').click();
      await untilText(el, '[role="status"]', 'Select the link and copy it by hand');
      const field = $(el, 'input#link') as HTMLInputElement;
      expect(field.readOnly).to.equal(true);
      expect(field.value).to.equal('https://example.com/post');
      expect(shadow(el).activeElement).to.equal(field);
      await expect(el).to.be.accessible();
    } finally {
      Object.defineProperty(Navigator.prototype, 'clipboard', clipboard);
      document.execCommand = exec;
    }
  });

  it('fires a cancelable soleus-share event before acting', async () => {
    const el = await widget();
    const unblock = blockNavigation();
    try {
      const link = $(el, 'a[part~="x"]');
      setTimeout(() => link.click());
      const event = await oneEvent(el, 'soleus-share');
      expect(event).to.be.instanceOf(SoleusShareEvent);
      expect(event.detail).to.deep.equal({ network: 'x', url: 'https://example.com/post' });
      expect(event.bubbles && event.composed && event.cancelable).to.equal(true);

      // Canceled: the link does not navigate and copy does nothing.
      let navigated = true;
      const cancel = (e: Event) => e.preventDefault();
      el.addEventListener('soleus-share', cancel);
      unblock();
      const seen = (e: MouseEvent) => {
        navigated = !e.defaultPrevented;
        e.preventDefault();
      };
      window.addEventListener('click', seen);
      $(el, 'a[part~="reddit"]').click();
      window.removeEventListener('click', seen);
      expect(navigated).to.equal(false);
      $(el, 'button[part~="copy"]').click();
      await new Promise((r) => setTimeout(r, 50));
      expect($(el, '[role="status"]').textContent).to.equal('');
      el.removeEventListener('soleus-share', cancel);
    } finally {
      unblock();
    }
  });

  it('is accessible in dark theme and at every size; small is icon-only but named', async () => {
    for (const size of ['small', 'medium', 'large']) {
      // A dark theme is chosen for a dark page: the widget itself stays transparent.
      const page = await fixture(
        html`<div style="background:#111418;padding:1px">
          <soleus-share-buttons theme="dark" size=${size}></soleus-share-buttons>
          <soleus-share-buttons theme="light" size=${size} style="background:#fff"></soleus-share-buttons>
        </div>`,
      );
      const el = page.firstElementChild!;
      await expect(page).to.be.accessible();
      const copy = $(el, 'button[part~="copy"]');
      const box = copy.getBoundingClientRect();
      expect(box.height, size).to.be.at.least(size === 'small' ? 24 : 44);
      expect(box.width, size).to.be.at.least(24);
      // The label stays in the DOM; small hides it with CSS and the aria-label names the button.
      expect(copy.querySelector('[part="label"]')!.getBoundingClientRect().width > 0, size).to.equal(size !== 'small');
      if (size === 'small') expect(copy.getAttribute('aria-label')).to.equal('Copy link');
    }
    const dark = await fixture(html`<soleus-share-buttons theme="dark"></soleus-share-buttons>`);
    expect(getComputedStyle($(dark, '.root')).colorScheme).to.equal('dark');
  });

  for (const [lang, heading, copy, name] of [
    ['de', 'Beitrag teilen', 'Link kopieren', 'Auf LinkedIn teilen (öffnet ein neues Fenster)'],
    ['fr', 'Partager cet article', 'Copier le lien', 'Partager sur LinkedIn (s’ouvre dans une nouvelle fenêtre)'],
    ['es', 'Comparte esta entrada', 'Copiar enlace', 'Compartir en LinkedIn (se abre en una ventana nueva)'],
    ['en-US', 'Share this post', 'Copy link', 'Share on LinkedIn (opens in a new window)'],
  ] as const) {
    it(`renders ${lang} from the lang attribute`, async () => {
      const el = await fixture(html`<soleus-share-buttons lang=${lang}></soleus-share-buttons>`);
      await untilText(el, '[part="heading"]', heading);
      await untilLang(el, lang);
      expect($(el, 'button[part~="copy"]').textContent!.trim()).to.equal(copy);
      expect($(el, 'a[part~="linkedin"]').getAttribute('aria-label')).to.equal(name);
      expect($(el, '.root').getAttribute('lang')).to.equal(lang);
      await expect(el).to.be.accessible();
    });
  }

  it('follows the page <html lang> and a later lang change', async () => {
    const html0 = document.documentElement.lang;
    document.documentElement.lang = 'fr-CA';
    try {
      const el = await fixture(html`<soleus-share-buttons></soleus-share-buttons>`);
      await untilText(el, '[part="heading"]', 'Partager cet article');
      el.setAttribute('lang', 'de');
      await untilText(el, '[part="heading"]', 'Beitrag teilen');
    } finally {
      document.documentElement.lang = html0;
    }
  });

  it('is not changed by hostile page styles', async () => {
    const clean = await widget();
    const pick = (el: Element) => {
      const s = getComputedStyle($(el, 'button[part~="copy"]'));
      const a = getComputedStyle($(el, 'a[part~="x"]'));
      return [s.fontSize, s.lineHeight, s.backgroundColor, s.fontFamily, a.backgroundColor, a.lineHeight];
    };
    const expected = pick(clean);
    const style = document.createElement('style');
    style.textContent =
      'html { font-size: 62.5% } * { line-height: 3; letter-spacing: 2px; font-family: serif } button, a { background: red !important; } body { color: lime; text-align: center }';
    document.head.append(style);
    try {
      const el = await widget();
      expect(pick(el)).to.deep.equal(expected);
      expect(expected[0]).to.equal('16px');
      expect(expected[2]).to.not.equal('rgb(255, 0, 0)');
    } finally {
      style.remove();
    }
  });

  it('renders right to left with logical properties', async () => {
    const el = await fixture(
      html`<div dir="rtl"><soleus-share-buttons networks="copy email x"></soleus-share-buttons></div>`,
    );
    const w = el.firstElementChild!;
    const [a, b] = [$(w, '[part~="copy"]'), $(w, '[part~="email"]')].map((e) => e.getBoundingClientRect());
    expect(a!.left).to.be.greaterThan(b!.left);
    await expect(w).to.be.accessible();
  });
});
