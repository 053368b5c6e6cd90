// Another version already on the page (e.g. a plugin shipped an older Soleus): ours keeps out of its way.
import { expect } from '@open-wc/testing';

describe('dist/soleus.js after another version', () => {
  it('keeps the other definition and warns exactly once', async () => {
    class OtherVersion extends HTMLElement {
      static version = '0.0.1-other';
    }
    customElements.define('soleus-share-buttons', OtherVersion);
    const warnings: unknown[][] = [];
    const originalWarn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      await import(/* @vite-ignore */ `${'/dist/soleus.js'}`);
    } finally {
      console.warn = originalWarn;
    }
    expect(customElements.get('soleus-share-buttons')).to.equal(OtherVersion);
    expect(warnings).to.have.length(1);
    expect(String(warnings[0]![0])).to.contain('0.0.1-other');
  });
});
