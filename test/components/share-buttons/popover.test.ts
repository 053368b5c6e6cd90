import type { SoleusShareButtons } from '../../../src/components/share-buttons/share-buttons.js';
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { $, rowIds, shadow } from './helpers.js';

const compact = () =>
  fixture<SoleusShareButtons>(
    html`<soleus-share-buttons layout="compact" url="https://example.com/p" title="T"></soleus-share-buttons>`,
  );

const focused = (el: Element) => shadow(el).activeElement as HTMLElement | null;
const id = (node: Element | null) => node?.getAttribute('part')?.split(' ')[1];

describe('<soleus-share-buttons layout="compact">', () => {
  it('shows the first three networks as named icons and a closed More menu', async () => {
    const el = await compact();
    expect(rowIds(el)).to.deep.equal(['copy', 'email', 'whatsapp']);
    const more = $(el, '[part="more-button"]');
    expect(more.getAttribute('aria-expanded')).to.equal('false');
    expect(more.getAttribute('aria-label')).to.equal('More ways to share');
    expect(more.getAttribute('popovertarget')).to.equal('menu');
    expect($(el, '[part="menu"]').matches(':popover-open')).to.equal(false);
    // Icon-only: the row's labels are hidden by CSS (aria-label names each control).
    for (const label of shadow(el).querySelectorAll('.list > li > [part~="button"] [part="label"]')) {
      expect(label.getBoundingClientRect().width).to.equal(0);
    }
    await expect(el).to.be.accessible();
  });

  it('honours visible and shows everything when only one would be left over', async () => {
    const el = await fixture(
      html`<soleus-share-buttons layout="compact" visible="1" networks="x reddit email"></soleus-share-buttons>`,
    );
    expect(rowIds(el)).to.deep.equal(['x']);
    const all = await fixture(
      html`<soleus-share-buttons layout="compact" visible="2" networks="x reddit email"></soleus-share-buttons>`,
    );
    expect(rowIds(all)).to.deep.equal(['x', 'reddit', 'email']);
    expect(shadow(all).querySelector('[part="more-button"]')).to.equal(null);
  });

  it('opens with Enter, moves with arrows/Home/End, closes with Escape back to More', async () => {
    const el = await compact();
    const more = $(el, '[part="more-button"]');
    const menu = $(el, '[part="menu"]');
    more.focus();
    const opened = oneEvent(menu, 'toggle');
    await sendKeys({ press: 'Enter' });
    await opened;
    await new Promise((r) => setTimeout(r, 0));
    expect(menu.matches(':popover-open')).to.equal(true);
    expect(more.getAttribute('aria-expanded')).to.equal('true');
    expect(id(focused(el))).to.equal('facebook');
    await sendKeys({ press: 'ArrowDown' });
    expect(id(focused(el))).to.equal('x');
    await sendKeys({ press: 'End' });
    expect(id(focused(el))).to.equal('reddit');
    await sendKeys({ press: 'ArrowDown' });
    expect(id(focused(el))).to.equal('facebook');
    await sendKeys({ press: 'ArrowUp' });
    expect(id(focused(el))).to.equal('reddit');
    await sendKeys({ press: 'Home' });
    expect(id(focused(el))).to.equal('facebook');
    await sendKeys({ press: 'Tab' });
    expect(id(focused(el))).to.equal('x');
    // Menu items are labelled links, like the row's.
    expect(focused(el)!.getAttribute('aria-label')).to.equal('Share on X (opens in a new window)');
    expect(focused(el)!.querySelector('[part="label"]')!.textContent).to.equal('X');
    await expect(el).to.be.accessible();
    const closed = oneEvent(menu, 'toggle');
    await sendKeys({ press: 'Escape' });
    await closed;
    expect(menu.matches(':popover-open')).to.equal(false);
    expect(focused(el)).to.equal(more);
    await el.updateComplete;
    expect(more.getAttribute('aria-expanded')).to.equal('false');
  });

  it('sits under the More button, inside the viewport (anchor positioning)', async () => {
    const el = await compact();
    const more = $(el, '[part="more-button"]');
    const menu = $(el, '[part="menu"]');
    more.click();
    await oneEvent(menu, 'toggle');
    const m = menu.getBoundingClientRect();
    const b = more.getBoundingClientRect();
    expect(m.top).to.be.at.least(b.bottom - 1);
    expect(m.top - b.bottom).to.be.below(20);
    expect(m.right).to.be.at.most(innerWidth);
    expect(getComputedStyle(menu).backgroundColor).to.not.equal(
      getComputedStyle(document.body).backgroundColor === 'rgba(0, 0, 0, 0)' ? 'rgba(0, 0, 0, 0)' : '',
    );
    menu.hidePopover();
  });

  it('falls back to a bottom sheet in CSS where anchor positioning is missing', async () => {
    const el = await compact();
    // Chromium has anchor positioning, so check the @supports fallback rule itself.
    const rules = el.shadowRoot!.adoptedStyleSheets.flatMap((sheet) => [...sheet.cssRules]);
    const fallback = rules.find(
      (r): r is CSSSupportsRule => r instanceof CSSSupportsRule && /not \(anchor-name/.test(r.conditionText),
    )!;
    expect(fallback, '@supports not (anchor-name…)').to.exist;
    const menu = [...fallback.cssRules].find(
      (r): r is CSSStyleRule => r instanceof CSSStyleRule && r.selectorText === '.menu',
    )!;
    expect(menu.style.inset).to.equal('auto 0px 0px');
    expect(menu.style.width).to.equal('auto');
    // No script placement any more: the menu carries no inline position.
    const more = $(el, '[part="more-button"]');
    const popup = $(el, '[part="menu"]');
    more.click();
    await oneEvent(popup, 'toggle');
    expect(popup.getAttribute('style')).to.equal(null);
    popup.hidePopover();
  });

  it('closes the menu and returns focus to More after using an item', async () => {
    const el = await compact();
    const more = $(el, '[part="more-button"]');
    const menu = $(el, '[part="menu"]');
    more.click();
    await oneEvent(menu, 'toggle');
    const stop = (e: Event) => e.preventDefault();
    window.addEventListener('click', stop);
    $(el, '.menu [part~="linkedin"]').click();
    window.removeEventListener('click', stop);
    expect(menu.matches(':popover-open')).to.equal(false);
    expect(focused(el)).to.equal(more);
  });
});
