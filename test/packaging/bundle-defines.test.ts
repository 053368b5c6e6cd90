// The built dist/soleus.js, loaded as a host page loads it, defines every shipped widget and renders.
import { expect, fixture, html } from '@open-wc/testing';

const widgets = ['soleus-share-buttons', 'soleus-newsletter-signup'];

describe('dist/soleus.js on a plain page', () => {
  before(async () => {
    await import(/* @vite-ignore */ `${'/dist/soleus.js'}`);
  });

  it('defines every shipped widget', () => {
    for (const tag of widgets) expect(customElements.get(tag), tag).to.be.a('function');
  });

  it('renders the share buttons with real share links', async () => {
    const el = await fixture<HTMLElement>(
      html`<soleus-share-buttons url="https://example.com/post"></soleus-share-buttons>`,
    );
    await (el as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    const links = [...el.shadowRoot!.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')!);
    expect(links.length).to.be.greaterThan(5);
    expect(links.some((href) => href.includes(encodeURIComponent('https://example.com/post')))).to.equal(true);
  });

  it('carries its version on the class', () => {
    const ctor = customElements.get('soleus-share-buttons') as unknown as { version: string };
    expect(ctor.version).to.match(/^\d+\.\d+\.\d+/);
  });
});
