// Loading soleus.js twice (same URL, or a second copy under another URL) never throws; the second copy warns once.
import { expect } from '@open-wc/testing';

describe('dist/soleus.js loaded twice', () => {
  it('keeps the first definition, throws nothing and warns once', async () => {
    const warnings: unknown[][] = [];
    const errors: unknown[] = [];
    const originalWarn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    const onError = (event: ErrorEvent) => errors.push(event.error);
    window.addEventListener('error', onError);
    try {
      await import(/* @vite-ignore */ `${'/dist/soleus.js'}`);
      const first = customElements.get('soleus-share-buttons');
      await import(/* @vite-ignore */ `${'/dist/soleus.js'}`); // same URL: the module runs once
      expect(warnings).to.have.length(0);
      await import(/* @vite-ignore */ `${'/dist/soleus.js?copy=2'}`); // a second copy of the code
      expect(customElements.get('soleus-share-buttons')).to.equal(first);
      expect(warnings).to.have.length(1);
      expect(String(warnings[0]![0])).to.contain('already defined');
    } finally {
      console.warn = originalWarn;
      window.removeEventListener('error', onError);
    }
    expect(errors).to.have.length(0);
  });
});
