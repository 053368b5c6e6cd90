// The no-JavaScript form a site owner pastes inside the element, and what the element makes of it once defined.
// (The same form posted with JavaScript off, to the real server, is in test/e2e/newsletter.test.ts.)
import { expect, fixture, html } from '@open-wc/testing';
import { readFallback } from '../../../src/components/newsletter-signup/internal/fallback.js';
import { $, settle, shadow, status, stubFetch, submit, tick, type, until, widget } from './helpers.js';

const fallbackForm = html`<p slot="pitch">Stretches and race-week reminders, once a month.</p>
  <form method="post" action="https://news.example.org/api/v1/subscriptions">
    <input type="hidden" name="list" value="running-tips" />
    <input type="hidden" name="consentText" value="Email me Jim's running tips. Privacy notice." />
    <p>
      <label>Email <input type="email" name="email" required /></label>
    </p>
    <p>
      <label>First name <input name="name" /></label>
    </p>
    <p>
      <label
        ><input type="checkbox" name="consent" value="yes" required /> Email me <em>Jim's</em> running tips.
        <a href="https://jim.example/privacy">Privacy notice</a>.</label
      >
    </p>
    <div hidden>
      <label>Leave empty <input name="hp" tabindex="-1" autocomplete="off" /></label>
    </div>
    <button>Subscribe</button>
  </form>`;

describe('<soleus-newsletter-signup> upgrading the no-JavaScript form', () => {
  let server: ReturnType<typeof stubFetch>;
  beforeEach(() => {
    server = stubFetch();
  });
  afterEach(() => {
    server.restore();
  });

  it('readFallback reads the action, list, name field, and the consent label with its link', async () => {
    const host = await fixture(html`<div>${fallbackForm}</div>`);
    const fb = readFallback(host)!;
    expect(fb.action).to.equal('https://news.example.org/api/v1/subscriptions');
    expect(fb.list).to.equal('running-tips');
    expect(fb.withName).to.equal(true);
    expect(fb.email).to.equal('');
    const text = fb
      .consent!.map((p) => (typeof p == 'string' ? p : p.text))
      .join('')
      .replace(/\s+/g, ' ')
      .trim();
    expect(text).to.equal("Email me Jim's running tips. Privacy notice.");
    expect(fb.consent!.find((p) => typeof p != 'string')).to.deep.equal({
      href: 'https://jim.example/privacy',
      text: 'Privacy notice',
    });
    expect(readFallback(await fixture(html`<div><p>No form</p></div>`))).to.equal(undefined);
  });

  it('reads action, list, first name, consent wording (links kept) from the fallback form and posts there', async () => {
    const el = await widget(html`<soleus-newsletter-signup>${fallbackForm}</soleus-newsletter-signup>`);
    // The owner's form is not rendered (no default slot); the slotted pitch is.
    expect(el.querySelector('form')!.getBoundingClientRect().height).to.equal(0);
    expect($<HTMLSlotElement>(el, '[part="pitch"] slot').assignedElements()[0]!.textContent).to.equal(
      'Stretches and race-week reminders, once a month.',
    );
    expect($(el, '#name')).to.exist;
    const label = $<HTMLInputElement>(el, '#consent').labels![0]!;
    expect(label.textContent!.replace(/\s+/g, ' ').trim()).to.equal("Email me Jim's running tips. Privacy notice.");
    expect(label.querySelector('a')!.getAttribute('href')).to.equal('https://jim.example/privacy');
    await expect(el).to.be.accessible();
    expect(server.calls[0]!.url).to.equal('https://news.example.org/api/v1/form-token');
    type(el, '#email', 'ann@example.com');
    tick(el);
    submit(el);
    await until(() => server.posts().length === 1, 'the POST');
    const post = server.posts()[0]!;
    expect(post.url).to.equal('https://news.example.org/api/v1/subscriptions');
    expect(post.body).to.include({
      email: 'ann@example.com',
      list: 'running-tips',
      consentText: "Email me Jim's running tips. Privacy notice.",
    });
    await until(() => status(el).includes('ann@example.com'), 'pending');
  });

  it('the list attribute and api attribute win over the fallback form', async () => {
    const el = await widget(
      html`<soleus-newsletter-signup list="weekly-notes" api="https://other.example"
        >${fallbackForm}</soleus-newsletter-signup
      >`,
    );
    type(el, '#email', 'ann@example.com');
    tick(el);
    submit(el);
    await until(() => server.posts().length === 1, 'the POST');
    expect(server.posts()[0]!.url).to.equal('https://other.example/api/v1/subscriptions');
    expect(server.posts()[0]!.body!.list).to.equal('weekly-notes');
  });

  it('carries over an address typed into the fallback form before the script ran', async () => {
    // A template's content has no custom element registry: the element stays un-upgraded there, like a page
    // before soleus.js has loaded, while the visitor types. Adopting the same node keeps what was typed.
    const template = document.createElement('template');
    template.innerHTML = `<soleus-newsletter-signup><form action="/api/v1/subscriptions" method="post">
      <label>Email <input name="email" type="email"></label>
      <label><input type="checkbox" name="consent"> Yes please.</label><button>Subscribe</button></form></soleus-newsletter-signup>`;
    const el = template.content.firstElementChild! as HTMLElement;
    (el.querySelector('input[name=email]') as HTMLInputElement).value = 'typed@example.com';
    expect(el.shadowRoot).to.equal(null);
    const page = await fixture(html`<div></div>`);
    page.append(document.adoptNode(el));
    await settle();
    expect(shadow(el)).to.not.equal(null);
    expect($<HTMLInputElement>(el, '#email').value).to.equal('typed@example.com');
    expect(shadow(el).querySelector('#name'), 'no name field in that form').to.equal(null);
    expect($<HTMLInputElement>(el, '#consent').labels![0]!.textContent!.trim()).to.equal('Yes please.');
    expect(server.calls[0]!.url).to.equal(`${location.origin}/api/v1/form-token`);
    await expect(el).to.be.accessible();
  });
});
