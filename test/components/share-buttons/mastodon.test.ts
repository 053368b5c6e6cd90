import { expect, html, fixture } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { $, blockNavigation, shadow } from './helpers.js';

const KEY = 'soleus:mastodon-server';
const render = () =>
  fixture(
    html`<soleus-share-buttons networks="mastodon x" url="https://example.com/p" title="T"></soleus-share-buttons>`,
  );

describe('<soleus-share-buttons> Mastodon', () => {
  let opened: unknown[][] = [];
  const open = window.open;
  let unblock = () => {};
  beforeEach(() => {
    localStorage.removeItem(KEY);
    opened = [];
    window.open = ((...args: unknown[]) => (opened.push(args), null)) as typeof window.open;
    unblock = blockNavigation();
  });
  afterEach(() => {
    window.open = open;
    unblock();
    localStorage.removeItem(KEY);
  });

  it('asks for the server in an accessible inline form', async () => {
    const el = await render();
    $(el, 'a[part~="mastodon"]').click();
    await (el as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
    const input = $(el, 'input#server') as HTMLInputElement;
    expect(shadow(el).activeElement).to.equal(input);
    expect($(el, 'label[for="server"]').textContent).to.equal('Your Mastodon server');
    expect($(el, '#hint').textContent).to.equal('for example mastodon.social');
    expect(input.getAttribute('autocomplete')).to.equal('off');
    expect(input.getAttribute('aria-describedby')).to.equal('hint');
    expect(opened).to.deep.equal([]);
    await expect(el).to.be.accessible();
  });

  it('shows an error next to the field and keeps what was typed', async () => {
    const el = await render();
    $(el, 'a[part~="mastodon"]').click();
    await new Promise((r) => setTimeout(r, 0));
    await sendKeys({ type: 'not a server' });
    await sendKeys({ press: 'Enter' });
    await new Promise((r) => setTimeout(r, 0));
    const input = $(el, 'input#server') as HTMLInputElement;
    expect(input.value).to.equal('not a server');
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    expect(input.getAttribute('aria-describedby')).to.equal('hint error');
    expect($(el, '#error').textContent).to.equal('Enter a server address such as mastodon.social.');
    // Only the border (and the error line) show the error: the typed text keeps its weight and colour.
    const style = getComputedStyle(input);
    const label = getComputedStyle($(el, '#hint'));
    expect(style.fontWeight).to.equal('400');
    expect(style.color).to.equal(label.color);
    expect(style.borderTopColor).to.equal(getComputedStyle($(el, '#error')).color);
    expect(style.borderTopColor).to.not.equal(label.color);
    expect(shadow(el).activeElement).to.equal(input);
    expect(opened).to.deep.equal([]);
    expect(localStorage.getItem(KEY)).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('remembers a valid server, opens its share page and goes straight there next time', async () => {
    const el = await render();
    $(el, 'a[part~="mastodon"]').click();
    await new Promise((r) => setTimeout(r, 0));
    await sendKeys({ type: 'https://Fosstodon.org/' });
    $(el, 'button[type="submit"]').click();
    const share = `https://fosstodon.org/share?text=${encodeURIComponent('T https://example.com/p')}`;
    expect(opened).to.deep.equal([[share, '_blank', 'noopener,noreferrer']]);
    expect(localStorage.getItem(KEY)).to.equal('fosstodon.org');
    await new Promise((r) => setTimeout(r, 0));
    expect(shadow(el).querySelector('form')).to.equal(null);

    const again = await render();
    const link = $(again, 'a[part~="mastodon"]');
    expect(link.getAttribute('href')).to.equal(share);
    let prevented = true;
    unblock();
    const seen = (e: Event) => {
      prevented = e.defaultPrevented;
      e.preventDefault();
    };
    window.addEventListener('click', seen);
    link.click();
    window.removeEventListener('click', seen);
    expect(prevented, 'the link itself navigates to the remembered server').to.equal(false);
    await new Promise((r) => setTimeout(r, 0));
    expect(shadow(again).querySelector('form')).to.equal(null);
    // "Change server" reopens the form, pre-filled.
    $(again, '[part="mastodon-note"] button').click();
    await new Promise((r) => setTimeout(r, 0));
    expect(($(again, 'input#server') as HTMLInputElement).value).to.equal('fosstodon.org');
  });

  it('Cancel closes the form and returns focus to the Mastodon link', async () => {
    const el = await render();
    const link = $(el, 'a[part~="mastodon"]');
    link.click();
    await new Promise((r) => setTimeout(r, 0));
    $(el, 'form button[type="button"]').click();
    await new Promise((r) => setTimeout(r, 0));
    expect(shadow(el).querySelector('form')).to.equal(null);
    expect(shadow(el).activeElement).to.equal(link);
  });

  it('works when localStorage is blocked', async () => {
    const get = Storage.prototype.getItem;
    const set = Storage.prototype.setItem;
    Storage.prototype.getItem = () => {
      throw new DOMException('blocked', 'SecurityError');
    };
    Storage.prototype.setItem = Storage.prototype.getItem;
    try {
      const el = await render();
      $(el, 'a[part~="mastodon"]').click();
      await new Promise((r) => setTimeout(r, 0));
      await sendKeys({ type: 'mastodon.social' });
      $(el, 'button[type="submit"]').click();
      expect(opened.length).to.equal(1);
      expect(String(opened[0]![0])).to.match(/^https:\/\/mastodon\.social\/share\?text=/);
    } finally {
      Storage.prototype.getItem = get;
      Storage.prototype.setItem = set;
    }
  });
});
