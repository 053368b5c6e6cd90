import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import {
  SoleusNewsletterErrorEvent,
  SoleusNewsletterPendingEvent,
  SoleusNewsletterSubmitEvent,
} from '../../../src/components/newsletter-signup/newsletter-signup.events.js';
import en from '../../../src/components/newsletter-signup/messages/en-GB.js';
import {
  $,
  ageTokens,
  focused,
  settle,
  shadow,
  status,
  stubFetch,
  submit,
  tick,
  type,
  until,
  widget,
} from './helpers.js';

const PENDING =
  'We have sent a link to ann@example.com. Open it to confirm your subscription. If it has not arrived in a few minutes, look in your spam folder.';

describe('<soleus-newsletter-signup>', () => {
  let server: ReturnType<typeof stubFetch>;
  beforeEach(() => {
    server = stubFetch();
  });
  afterEach(() => {
    server.restore();
  });

  describe('idle', () => {
    it('renders a labelled form: heading, pitch, email, consent, Subscribe, an empty live region', async () => {
      const el = await widget();
      expect($(el, '[part="heading"]').textContent).to.equal(en.heading);
      expect($(el, '[part="pitch"]').textContent).to.equal(en.pitch);
      const form = $<HTMLFormElement>(el, 'form');
      expect(form.getAttribute('aria-labelledby')).to.equal('h');
      expect(form.noValidate).to.equal(true);
      const email = $<HTMLInputElement>(el, '#email');
      expect($(el, 'label[for="email"]').textContent).to.equal('Email address');
      expect(email.type).to.equal('email');
      expect(email.autocomplete).to.equal('email');
      expect(email.required).to.equal(true);
      expect(email.getAttribute('aria-invalid')).to.equal('false');
      expect(email.hasAttribute('aria-describedby')).to.equal(false);
      expect(shadow(el).querySelector('#name'), 'no name field without with-name').to.equal(null);
      const consent = $<HTMLInputElement>(el, '#consent');
      expect(consent.type).to.equal('checkbox');
      expect(consent.checked).to.equal(false);
      expect(consent.labels![0]!.textContent!.trim()).to.equal(en.consent);
      expect($(el, 'button[part~="button"]').textContent).to.equal('Subscribe');
      const live = $(el, '[role="status"]');
      expect(live.textContent).to.equal('');
      expect(live.getBoundingClientRect().height).to.equal(0);
      // No space is kept below the button for the empty region.
      expect(
        $(el, 'form').getBoundingClientRect().bottom - $(el, 'button[part~="button"]').getBoundingClientRect().bottom,
      ).to.be.below(1);
      await expect(el).to.be.accessible();
    });

    it('fetches a form token from the script origin when rendered, without cookies', async () => {
      await widget();
      expect(server.calls.map((c) => `${c.method} ${c.url}`)).to.deep.equal([
        `GET ${location.origin}/api/v1/form-token`,
      ]);
      expect(server.calls[0]!.init.credentials).to.equal('omit');
    });

    it('talks to the server named by the api attribute', async () => {
      const el = await widget(
        html`<soleus-newsletter-signup api="https://news.example.org/"></soleus-newsletter-signup>`,
      );
      type(el, '#email', 'ann@example.com');
      tick(el);
      submit(el);
      await until(() => server.posts().length === 1, 'the POST');
      await until(() => server.calls.length === 3, 'a fresh token for the next signup');
      expect(server.calls.map((c) => `${c.method} ${c.url}`)).to.deep.equal([
        'GET https://news.example.org/api/v1/form-token',
        'POST https://news.example.org/api/v1/subscriptions',
        'GET https://news.example.org/api/v1/form-token',
      ]);
    });

    it('with-name asks for an optional first name beside the email on a wide container', async () => {
      const page = await fixture(
        html`<div style="width:640px"><soleus-newsletter-signup with-name></soleus-newsletter-signup></div>`,
      );
      const el = page.firstElementChild!;
      await settle();
      const name = $<HTMLInputElement>(el, '#name');
      expect($(el, 'label[for="name"]').textContent).to.equal('First name (optional)');
      expect(name.autocomplete).to.equal('given-name');
      expect(name.required).to.equal(false);
      const [a, b] = [$(el, '#email'), name].map((i) => i.getBoundingClientRect());
      expect(Math.round(a!.top)).to.equal(Math.round(b!.top));
      expect(b!.left).to.be.greaterThan(a!.right);
      await expect(el).to.be.accessible();
    });

    it('stacks the fields and fills the width with the button in a 220 px sidebar; targets are at least 24×24', async () => {
      const page = await fixture(
        html`<div style="width:220px">
          <soleus-newsletter-signup with-name privacy-url="/privacy"></soleus-newsletter-signup>
        </div>`,
      );
      const el = page.firstElementChild!;
      await settle();
      const [email, name] = [$(el, '#email'), $(el, '#name')].map((i) => i.getBoundingClientRect());
      expect(name!.top).to.be.greaterThan(email!.bottom);
      const button = $(el, 'button[part~="button"]').getBoundingClientRect();
      const host = el.getBoundingClientRect();
      expect(Math.round(button.width)).to.equal(Math.round(host.width));
      for (const control of shadow(el).querySelectorAll('input:not(#hp), button')) {
        const box = control.getBoundingClientRect();
        expect(Math.min(box.width, box.height), control.id || control.textContent!).to.be.at.least(24);
      }
      expect(document.documentElement.scrollWidth).to.be.at.most(document.documentElement.clientWidth);
      await expect(el).to.be.accessible();
    });
  });

  describe('consent wording', () => {
    it('is the consent attribute, followed by a link to privacy-url', async () => {
      const el = await widget(
        html`<soleus-newsletter-signup
          consent="Yes, email me Jim's monthly running tips."
          privacy-url="https://jim.example/privacy"
        ></soleus-newsletter-signup>`,
      );
      const label = $<HTMLInputElement>(el, '#consent').labels![0]!;
      expect(label.textContent!.replace(/\s+/g, ' ').trim()).to.equal(
        "Yes, email me Jim's monthly running tips. Read the privacy notice.",
      );
      const link = label.querySelector('a')!;
      expect(link.getAttribute('href')).to.equal('https://jim.example/privacy');
      expect(link.textContent).to.equal('privacy notice');
      expect(link.rel).to.equal('noopener');
      await expect(el).to.be.accessible();
    });

    it("can be the owner's own markup in the consent slot, and that exact text is sent", async () => {
      const el = await widget(
        html`<soleus-newsletter-signup>
          <span slot="consent">Send me the <b>running tips</b>. See <a href="/privacy">how I keep your data</a>.</span>
        </soleus-newsletter-signup>`,
      );
      // The checkbox is named by the slotted wording.
      const consent = $<HTMLInputElement>(el, '#consent');
      await expect(el).to.be.accessible();
      type(el, '#email', 'ann@example.com');
      tick(el);
      expect(consent.checked).to.equal(true);
      submit(el);
      await until(() => server.posts().length === 1, 'the POST');
      expect(server.posts()[0]!.body!.consentText).to.equal('Send me the running tips. See how I keep your data.');
    });
  });

  describe('submitting and pending', () => {
    it('keyboard only: Tab, type, Space, Enter, then "check your inbox" naming the address with focus on it', async () => {
      const el = await widget();
      const before = document.createElement('button');
      before.textContent = 'before';
      el.before(before);
      before.focus();
      await sendKeys({ press: 'Tab' });
      expect(focused(el)?.id).to.equal('email');
      await sendKeys({ type: 'ann@example.com' });
      await sendKeys({ press: 'Tab' });
      expect(focused(el)?.id).to.equal('consent');
      await sendKeys({ press: 'Space' });
      expect($<HTMLInputElement>(el, '#consent').checked).to.equal(true);
      await sendKeys({ press: 'Tab' });
      expect(focused(el)?.getAttribute('part')).to.match(/^button/);
      const pending = oneEvent(el, 'soleus-newsletter-pending');
      await sendKeys({ press: 'Enter' });
      const event = await pending;
      expect(event).to.be.instanceOf(SoleusNewsletterPendingEvent);
      expect(event.detail).to.deep.equal({ email: 'ann@example.com', list: 'running-tips' });
      expect(event.bubbles && event.composed).to.equal(true);
      await until(() => focused(el)?.id === 'done', 'focus on "Check your inbox"');
      expect($(el, '[part="pending"]').textContent).to.equal('Check your inbox');
      expect(status(el)).to.equal(PENDING);
      expect(shadow(el).querySelector('#email'), 'the form is replaced').to.equal(null);
      await expect(el).to.be.accessible();
      before.remove();
    });

    it('sends email, list, consent, the exact wording, the page address, the token and an empty honeypot', async () => {
      history.replaceState(null, '', '#newsletter');
      try {
        const el = await widget(
          html`<soleus-newsletter-signup list="running-tips" with-name></soleus-newsletter-signup>`,
        );
        type(el, '#email', '  ann@example.com ');
        type(el, '#name', ' Ann ');
        tick(el);
        submit(el);
        await until(() => server.posts().length === 1, 'the POST');
        const post = server.posts()[0]!;
        expect(post.url).to.equal(`${location.origin}/api/v1/subscriptions`);
        expect(new Headers(post.init.headers).get('content-type')).to.equal('application/json');
        expect(post.init.credentials).to.equal('omit');
        expect(post.body).to.deep.equal({
          email: 'ann@example.com',
          name: 'Ann',
          list: 'running-tips',
          consent: true,
          consentText: en.consent,
          source: location.href.split('#')[0],
          t: 'token-1',
        });
      } finally {
        history.replaceState(null, '', location.pathname + location.search);
      }
    });

    it('shows submitting: the button is busy (still focusable), the live region says so, a second press sends nothing', async () => {
      let release = (_: Response) => {};
      server.restore();
      server = stubFetch(() => new Promise<never>((resolve) => (release = resolve as never)));
      const el = await widget();
      type(el, '#email', 'ann@example.com');
      tick(el);
      const button = $(el, 'button[part~="button"]');
      button.focus();
      submit(el);
      await until(() => status(el) === 'Subscribing…', 'the submitting status');
      expect(button.getAttribute('part')).to.equal('button busy');
      expect(button.getAttribute('aria-disabled')).to.equal('true');
      expect(focused(el)).to.equal(button);
      await until(() => server.posts().length === 1, 'the POST');
      submit(el);
      await settle(20);
      expect(server.posts().length).to.equal(1);
      await expect(el).to.be.accessible();
      release(new Response('{"status":"pending"}', { status: 202, headers: { 'content-type': 'application/json' } }));
      await until(() => status(el) === PENDING, 'pending');
    });

    it('waits until its render token is 3 s old before sending (the server drops younger ones as bots)', async function () {
      this.timeout(8000);
      const el = await fixture(html`<soleus-newsletter-signup></soleus-newsletter-signup>`);
      const rendered = performance.now();
      type(el, '#email', 'ann@example.com');
      tick(el);
      submit(el);
      await settle(1000);
      expect(server.posts().length, 'nothing sent after 1 s').to.equal(0);
      expect(status(el)).to.equal('Subscribing…');
      await until(() => server.posts().length === 1, 'the POST', 4000);
      expect(performance.now() - rendered).to.be.at.least(2900);
    });

    it('"Use a different address" goes back to the form with everything still typed, focus on the email', async () => {
      const el = await widget(html`<soleus-newsletter-signup with-name></soleus-newsletter-signup>`);
      type(el, '#email', 'ann@example.com');
      type(el, '#name', 'Ann');
      tick(el);
      submit(el);
      await until(() => status(el) === PENDING, 'pending');
      const change = $(el, '[part="change-button"]');
      expect(change.textContent).to.equal('Use a different address');
      expect(change.getBoundingClientRect().height).to.be.at.least(24);
      change.click();
      await until(() => focused(el)?.id === 'email', 'focus on the email field');
      expect($<HTMLInputElement>(el, '#email').value).to.equal('ann@example.com');
      expect($<HTMLInputElement>(el, '#name').value).to.equal('Ann');
      expect($<HTMLInputElement>(el, '#consent').checked).to.equal(true);
      expect(status(el)).to.equal('');
      // A second signup carries a fresh token.
      ageTokens();
      type(el, '#email', 'bob@example.com');
      submit(el);
      await until(() => server.posts().length === 2, 'the second POST');
      expect(server.posts().map((p) => p.body!.t)).to.deep.equal(['token-1', 'token-2']);
    });
  });

  describe('errors', () => {
    it('refuses an empty form: reasons beside the fields, focus on the first, nothing sent, an error event', async () => {
      const el = await widget();
      const seen = oneEvent(el, 'soleus-newsletter-error');
      submit(el);
      const event = await seen;
      expect(event).to.be.instanceOf(SoleusNewsletterErrorEvent);
      expect(event.detail).to.deep.equal({
        code: 'invalid_request',
        message: 'Please correct the marked fields.',
        fields: { email: 'Enter your email address.', consent: 'Tick the box to agree to receive the newsletter.' },
      });
      await until(() => focused(el)?.id === 'email', 'focus on the email field');
      const email = $(el, '#email');
      expect(email.getAttribute('aria-invalid')).to.equal('true');
      expect($(el, '#' + email.getAttribute('aria-describedby')).textContent).to.equal('Enter your email address.');
      const consent = $(el, '#consent');
      expect(consent.getAttribute('aria-invalid')).to.equal('true');
      expect($(el, '#' + consent.getAttribute('aria-describedby')).textContent).to.equal(
        'Tick the box to agree to receive the newsletter.',
      );
      expect(status(el)).to.equal('Please correct the marked fields.');
      expect(server.posts()).to.deep.equal([]);
      await expect(el).to.be.accessible();
    });

    it('consent is required: a valid address without the tick is refused, focus goes to the checkbox', async () => {
      const el = await widget();
      type(el, '#email', 'ann@example.com');
      submit(el);
      await until(() => focused(el)?.id === 'consent', 'focus on the checkbox');
      expect($(el, '#email').getAttribute('aria-invalid')).to.equal('false');
      expect($(el, '#consent-e').textContent).to.equal('Tick the box to agree to receive the newsletter.');
      expect(server.posts()).to.deep.equal([]);
      // Ticking it clears the message at once.
      tick(el);
      await settle();
      expect(shadow(el).querySelector('#consent-e')).to.equal(null);
      await expect(el).to.be.accessible();
    });

    it('a malformed address and a name with a link: both marked, typed values kept, corrected values clear the marks', async () => {
      const el = await widget(html`<soleus-newsletter-signup with-name></soleus-newsletter-signup>`);
      type(el, '#email', 'ann@example');
      type(el, '#name', 'Cheap pills www.spam.example/buy');
      tick(el);
      submit(el);
      await until(() => focused(el)?.id === 'email', 'focus on the email field');
      expect($(el, '#email-e').textContent).to.equal('Enter an email address like name@example.com.');
      expect($(el, '#name-e').textContent).to.equal('Leave links out of your name.');
      expect($<HTMLInputElement>(el, '#email').value).to.equal('ann@example');
      expect($<HTMLInputElement>(el, '#name').value).to.equal('Cheap pills www.spam.example/buy');
      expect($<HTMLInputElement>(el, '#consent').checked).to.equal(true);
      await expect(el).to.be.accessible();
      await sendKeys({ type: '.com' });
      await settle();
      expect($(el, '#email').getAttribute('aria-invalid')).to.equal('false');
      expect($(el, '#name').getAttribute('aria-invalid')).to.equal('true');
    });

    it("shows the server's field error in the widget's language, beside the field, keeping everything typed", async () => {
      server.restore();
      server = stubFetch(() => ({
        status: 400,
        body: {
          error: {
            code: 'invalid_request',
            message: 'Check the fields.',
            fields: { email: 'Use a permanent email address' },
          },
        },
      }));
      const el = await widget(html`<soleus-newsletter-signup with-name lang="de"></soleus-newsletter-signup>`);
      await until(() => $(el, '[part="heading"]').textContent === 'Newsletter abonnieren', 'German');
      type(el, '#email', 'ann@mailinator.com');
      type(el, '#name', 'Ann');
      tick(el);
      const seen = oneEvent(el, 'soleus-newsletter-error');
      submit(el);
      const event = await seen;
      expect(event.detail.code).to.equal('invalid_request');
      await until(() => focused(el)?.id === 'email', 'focus on the email field');
      expect($(el, '#email-e').textContent).to.equal(
        'Verwenden Sie eine dauerhafte E-Mail-Adresse, keine Wegwerfadresse.',
      );
      expect(status(el)).to.equal('Bitte korrigieren Sie die markierten Felder.');
      expect($<HTMLInputElement>(el, '#email').value).to.equal('ann@mailinator.com');
      expect($<HTMLInputElement>(el, '#name').value).to.equal('Ann');
      expect($<HTMLInputElement>(el, '#consent').checked).to.equal(true);
      await expect(el).to.be.accessible();
    });

    it('too many attempts (429): says so in the live region, keeps focus on the button and everything typed', async () => {
      server.restore();
      server = stubFetch(() => ({
        status: 429,
        body: { error: { code: 'too_many_requests', message: 'Too many requests.' } },
        headers: { 'Retry-After': '60' },
      }));
      const el = await widget();
      type(el, '#email', 'ann@example.com');
      tick(el);
      const button = $(el, 'button[part~="button"]');
      button.focus();
      const seen = oneEvent(el, 'soleus-newsletter-error');
      submit(el);
      expect((await seen).detail).to.deep.equal({ code: 'too_many_requests', message: en.tooMany, fields: {} });
      await settle();
      expect(status(el)).to.equal(en.tooMany);
      expect(focused(el)).to.equal(button);
      expect(button.getAttribute('aria-disabled')).to.equal('false');
      expect($<HTMLInputElement>(el, '#email').value).to.equal('ann@example.com');
      await expect(el).to.be.accessible();
    });

    it('no connection: a network message, and pressing again retries', async () => {
      let fail = true;
      server.restore();
      server = stubFetch(() => (fail ? 'network' : { status: 202, body: { status: 'pending' } }));
      const el = await widget();
      type(el, '#email', 'ann@example.com');
      tick(el);
      const seen = oneEvent(el, 'soleus-newsletter-error');
      submit(el);
      expect((await seen).detail.code).to.equal('network_error');
      await until(() => status(el) === en.network, 'the network message');
      fail = false;
      submit(el);
      await until(() => status(el) === PENDING, 'pending');
    });
  });

  describe('events', () => {
    it('fires a cancelable soleus-newsletter-submit before the request; canceling sends nothing', async () => {
      const el = await widget(
        html`<soleus-newsletter-signup list="running-tips" with-name></soleus-newsletter-signup>`,
      );
      type(el, '#email', 'ann@example.com');
      type(el, '#name', '');
      tick(el);
      const cancel = (e: Event) => e.preventDefault();
      el.addEventListener('soleus-newsletter-submit', cancel);
      const seen = oneEvent(el, 'soleus-newsletter-submit');
      submit(el);
      const event = await seen;
      expect(event).to.be.instanceOf(SoleusNewsletterSubmitEvent);
      expect(event.detail).to.deep.equal({ email: 'ann@example.com', name: undefined, list: 'running-tips' });
      expect(event.bubbles && event.composed && event.cancelable).to.equal(true);
      await settle(50);
      expect(server.posts()).to.deep.equal([]);
      expect(status(el)).to.equal('');
      expect($<HTMLInputElement>(el, '#email').value).to.equal('ann@example.com');
      el.removeEventListener('soleus-newsletter-submit', cancel);
      // Not canceled: the request follows.
      submit(el);
      await until(() => server.posts().length === 1, 'the POST');
    });
  });

  describe('bots and host pages', () => {
    it('has a honeypot that people never see, reach or hear, sent empty', async () => {
      const el = await widget();
      const hp = $<HTMLInputElement>(el, '#hp');
      expect(hp.tabIndex).to.equal(-1);
      expect(hp.autocomplete).to.equal('off');
      expect(hp.closest('[aria-hidden="true"]')).to.not.equal(null);
      const box = hp.closest('[aria-hidden="true"]')!.getBoundingClientRect();
      expect(box.width * box.height).to.be.at.most(1);
      // Tab from the email goes straight to the checkbox, then to the button: never to the honeypot.
      $(el, '#email').focus();
      const order: string[] = [];
      for (let i = 0; i < 2; i++) {
        await sendKeys({ press: 'Tab' });
        order.push(focused(el)?.id || focused(el)?.getAttribute('part') || '');
      }
      expect(order).to.deep.equal(['consent', 'button ']);
      type(el, '#email', 'ann@example.com');
      tick(el);
      submit(el);
      await until(() => server.posts().length === 1, 'the POST');
      expect(server.posts()[0]!.body).to.not.have.property('hp');
      await expect(el).to.be.accessible();
    });

    it('sends what a bot typed into the honeypot, so the server can drop it', async () => {
      const el = await widget();
      type(el, '#hp', 'https://spam.example');
      type(el, '#email', 'bot@example.com');
      tick(el);
      submit(el);
      await until(() => server.posts().length === 1, 'the POST');
      expect(server.posts()[0]!.body!.hp).to.equal('https://spam.example');
    });

    it("inside a host page's <form> never submits it (Enter in the field, or the button)", async () => {
      let hostSubmits = 0;
      const page = await fixture<HTMLFormElement>(
        html`<form action="/should-not-load" @submit=${(e: Event) => (hostSubmits++, e.preventDefault())}>
          <input name="search" aria-label="Search" />
          <soleus-newsletter-signup></soleus-newsletter-signup>
        </form>`,
      );
      const el = page.querySelector('soleus-newsletter-signup')!;
      await settle();
      ageTokens();
      $(el, '#email').focus();
      await sendKeys({ type: 'ann@example.com' });
      await sendKeys({ press: 'Enter' });
      await settle(20);
      expect(focused(el)?.id, 'the consent error took focus').to.equal('consent');
      await sendKeys({ press: 'Space' });
      await sendKeys({ press: 'Tab' });
      await sendKeys({ press: 'Enter' });
      await until(() => status(el) === PENDING, 'pending');
      expect(hostSubmits).to.equal(0);
      expect(server.posts().length).to.equal(1);
    });

    it('is not changed by hostile page styles', async () => {
      const pick = (el: Element) => {
        const b = getComputedStyle($(el, 'button[part~="button"]'));
        const i = getComputedStyle($(el, '#email'));
        return [b.fontSize, b.lineHeight, b.backgroundColor, i.fontSize, i.backgroundColor, i.fontFamily];
      };
      const expected = pick(await widget());
      const style = document.createElement('style');
      style.textContent =
        'html { font-size: 62.5% } * { line-height: 3; letter-spacing: 2px; font-family: serif } button, input { background: red !important; } body { color: lime }';
      document.head.append(style);
      try {
        expect(pick(await widget())).to.deep.equal(expected);
        expect(expected[0]).to.equal('16px');
      } finally {
        style.remove();
      }
    });
  });

  describe('in a host flex row', () => {
    it('keeps a readable width instead of shrinking to its longest word, and never overflows a narrower row', async () => {
      const row = await fixture<HTMLDivElement>(
        html`<div style="display: flex; width: 700px">
          <p>${'Host page text that would take all the room. '.repeat(8)}</p>
          <soleus-newsletter-signup list="running-tips"></soleus-newsletter-signup>
        </div>`,
      );
      const el = row.querySelector('soleus-newsletter-signup')!;
      await settle(20);
      expect(el.getBoundingClientRect().width).to.be.at.least(260);
      row.style.width = '200px';
      expect(el.getBoundingClientRect().width).to.be.at.most(200);
    });
  });

  describe('looks', () => {
    it('marks errors by border and text only: typed text keeps its weight; a focused invalid checkbox shows the focus ring', async () => {
      const el = await widget();
      type(el, '#email', 'ann@example');
      $(el, '#email').focus();
      await sendKeys({ press: 'Enter' });
      await until(() => $(el, '#email').getAttribute('aria-invalid') === 'true', 'the error');
      const input = getComputedStyle($(el, '#email'));
      expect(input.fontWeight).to.equal('400');
      expect(input.borderTopColor).to.equal(getComputedStyle($(el, '#email-e')).color);
      // Keyboard focus on the invalid checkbox: the accent focus ring, not the red error outline.
      $(el, '#email').focus();
      await sendKeys({ press: 'Tab' });
      expect(focused(el)?.id).to.equal('consent');
      const box = getComputedStyle($(el, '#consent'));
      expect(box.outlineColor).to.not.equal(getComputedStyle($(el, '#consent-e')).color);
      expect(box.outlineStyle).to.equal('solid');
    });

    it('honours prefers-reduced-motion: no slide-in for "check your inbox", no spinning', async () => {
      await emulateMedia({ reducedMotion: 'reduce' });
      try {
        const el = await widget();
        type(el, '#email', 'ann@example.com');
        tick(el);
        submit(el);
        await until(() => status(el) === PENDING, 'pending');
        expect(getComputedStyle($(el, '#done')).animationName).to.equal('none');
      } finally {
        await emulateMedia({ reducedMotion: 'no-preference' });
      }
    });

    it('lays out right to left with logical properties', async () => {
      const page = await fixture(
        html`<div dir="rtl" style="width:500px">
          <soleus-newsletter-signup lang="en-GB"></soleus-newsletter-signup>
        </div>`,
      );
      const el = page.firstElementChild!;
      await settle();
      const box = $(el, '#consent').getBoundingClientRect();
      const label = $(el, 'label[for="consent"]').getBoundingClientRect();
      expect(box.left).to.be.greaterThan(label.left);
      await expect(el).to.be.accessible();
    });
  });

  describe('themes and languages', () => {
    it('is accessible in dark theme on a dark page, in every state shown', async () => {
      server.restore();
      server = stubFetch(() => ({
        status: 429,
        body: { error: { code: 'too_many_requests', message: 'Slow down.' } },
      }));
      const page = await fixture(
        html`<div style="background:#202124;padding:1em">
          <soleus-newsletter-signup theme="dark" with-name privacy-url="/privacy"></soleus-newsletter-signup>
        </div>`,
      );
      const el = page.firstElementChild!;
      await settle();
      ageTokens();
      expect(getComputedStyle($(el, '.root')).colorScheme).to.equal('dark');
      await expect(page).to.be.accessible();
      submit(el);
      await until(() => focused(el)?.id === 'email', 'field errors');
      await expect(page).to.be.accessible();
      type(el, '#email', 'ann@example.com');
      tick(el);
      submit(el);
      await until(() => status(el) === en.tooMany, 'the 429 message');
      await expect(page).to.be.accessible();
    });

    for (const [lang, heading, label, submitText] of [
      ['de', 'Newsletter abonnieren', 'E-Mail-Adresse', 'Abonnieren'],
      ['fr', 'Recevoir la newsletter', 'Adresse e-mail', 'S’inscrire'],
      ['es', 'Suscríbete al boletín', 'Correo electrónico', 'Suscribirme'],
      ['en-US', 'Get the newsletter', 'Email address', 'Subscribe'],
    ] as const) {
      it(`renders ${lang} from the lang attribute, pending text included`, async () => {
        const el = await widget(
          html`<soleus-newsletter-signup lang=${lang} privacy-url="/privacy"></soleus-newsletter-signup>`,
        );
        await until(() => $(el, '.root').lang === lang, lang);
        expect($(el, '[part="heading"]').textContent).to.equal(heading);
        expect($(el, 'label[for="email"]').textContent).to.equal(label);
        expect($(el, 'button[part~="button"]').textContent).to.equal(submitText);
        await expect(el).to.be.accessible();
        const wording = $(el, 'label[for="consent"]').textContent!.replace(/\s+/g, ' ').trim();
        type(el, '#email', 'ann@example.com');
        tick(el);
        submit(el);
        await until(() => status(el).includes('ann@example.com'), 'pending');
        expect(status(el)).to.not.equal(PENDING);
        // The consent wording sent is the translated one, privacy sentence included.
        expect(server.posts()[0]!.body!.consentText).to.equal(wording);
      });
    }
  });
});
