// soleus.js?suffix=acme defines suffixed tags, leaving the plain names free for another copy.
import { expect, fixture, html } from '@open-wc/testing';
import { unsafeStatic, html as staticHtml } from 'lit/static-html.js';

describe('dist/soleus.js?suffix=acme', () => {
  it('defines soleus-share-buttons-acme and not the plain tag', async () => {
    await import(/* @vite-ignore */ `${'/dist/soleus.js?suffix=acme'}`);
    expect(customElements.get('soleus-share-buttons-acme')).to.be.a('function');
    expect(customElements.get('soleus-share-buttons')).to.equal(undefined);
    const tag = unsafeStatic('soleus-share-buttons-acme');
    const el = await fixture<HTMLElement>(staticHtml`<${tag} url="https://example.com/a"></${tag}>`);
    await (el as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    expect(el.shadowRoot!.querySelectorAll('a[href]').length).to.be.greaterThan(5);
    void html;
  });
});
