// The npm build: importing a widget class defines nothing; importing its define entry does.
import { expect } from '@open-wc/testing';

describe('npm build (dist/npm)', () => {
  it('importing the class module defines no element', async () => {
    const module = await import(/* @vite-ignore */ `${'/dist/npm/components/share-buttons/share-buttons.js'}`);
    expect(module.SoleusShareButtons).to.be.a('function');
    expect(customElements.get('soleus-share-buttons')).to.equal(undefined);
  });

  it('importing the package index defines no element', async () => {
    const module = await import(/* @vite-ignore */ `${'/dist/npm/index.js'}`);
    expect(module.SoleusShareButtons).to.be.a('function');
    expect(customElements.get('soleus-share-buttons')).to.equal(undefined);
  });

  it('importing the define entry registers the tag', async () => {
    await import(/* @vite-ignore */ `${'/dist/npm/components/share-buttons/share-buttons.define.js'}`);
    expect(customElements.get('soleus-share-buttons')).to.be.a('function');
  });
});
