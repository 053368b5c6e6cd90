import type { SoleusShareButtons } from '../../../src/components/share-buttons/share-buttons.js';
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { $ } from './helpers.js';

/**
 * Where the compact bar's "More" menu opens on a phone (390 × 844): below the button whenever a few items fit there
 * (scrolling inside when the whole list does not), above it only when there is no room below.
 */
async function openAt(top: number) {
  const wrap = await fixture<HTMLElement>(
    html`<div>
      <div style="height: ${top}px"></div>
      <soleus-share-buttons layout="compact" url="https://example.com/p" title="T"></soleus-share-buttons>
      <div style="height: 2000px"></div>
    </div>`,
  );
  const el = wrap.querySelector<SoleusShareButtons>('soleus-share-buttons')!;
  await el.updateComplete;
  const more = $(el, '[part="more-button"]');
  const menu = $(el, '[part="menu"]');
  more.click();
  await oneEvent(menu, 'toggle');
  await new Promise(requestAnimationFrame);
  return { el, more: more.getBoundingClientRect(), menu: menu.getBoundingClientRect(), node: menu };
}

describe('<soleus-share-buttons layout="compact"> menu placement at 390 px', () => {
  before(() => setViewport({ width: 390, height: 844 }));
  after(() => setViewport({ width: 800, height: 600 }));

  it('opens below when the whole list fits below', async () => {
    const { more, menu, node } = await openAt(40);
    expect(menu.top).to.be.at.least(more.bottom);
    expect(menu.bottom).to.be.at.most(844);
    expect(node.scrollHeight).to.be.at.most(node.clientHeight + 1);
    await expect(node).to.be.accessible();
    node.hidePopover();
  });

  it('still opens below, scrolling inside, when only part of the list fits there (the demo post’s share bar)', async () => {
    const { more, menu, node } = await openAt(454);
    expect(menu.top, 'below the button').to.be.at.least(more.bottom);
    expect(menu.bottom).to.be.at.most(844 + 0.5);
    expect(node.scrollHeight, 'the rest of the list scrolls inside').to.be.greaterThan(node.clientHeight);
    node.hidePopover();
  });

  it('flips above only when there is no room below', async () => {
    const { more, menu, node } = await openAt(844 - 120);
    expect(menu.bottom, 'above the button').to.be.at.most(more.top);
    expect(menu.top).to.be.at.least(0);
    node.hidePopover();
  });
});
