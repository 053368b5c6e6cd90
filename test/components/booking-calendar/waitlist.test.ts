import { expect, fixture, html } from '@open-wc/testing';
import { addDays, weekday } from '../../../src/components/booking-calendar/internal/dates.js';
import { parseDeepLink, resetDeepLink } from '../../../src/components/booking-calendar/internal/deep-link.js';
import { $, $$, focused, press, settle, shadow, status, stubFetch, today, until, widget } from './helpers.js';

/** A day three or more days ahead, not a Sunday (the stub's closed day), in this month when possible. */
function fullDay(): string {
  let d = addDays(today(), 3);
  while (weekday(d) == 0) d = addDays(d, 1);
  return d;
}

interface Posted {
  url: string;
  body: Record<string, unknown>;
}

/** The stand-in server, plus the form token and the waitlist route. */
function stubWaitlist(
  full: string,
  answer: () => { status: number; body: unknown } = () => ({ status: 202, body: { status: 'pending' } }),
) {
  const server = stubFetch({ full: (d) => d == full });
  const inner = window.fetch;
  const posted: Posted[] = [];
  window.fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input));
    const json = (status: number, body: unknown) =>
      new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    if (url.pathname == '/api/v1/form-token') return json(200, { token: 'form-token-1' });
    if (url.pathname == '/api/v1/waitlist' && init.method == 'POST') {
      posted.push({ url: String(input), body: JSON.parse(String(init.body)) });
      const a = answer();
      return json(a.status, a.body);
    }
    return inner(input, init);
  };
  return { ...server, posted };
}

describe('<soleus-booking-calendar> waitlist', () => {
  let server: ReturnType<typeof stubWaitlist>;
  afterEach(() => {
    server.restore();
    history.replaceState(null, '', location.pathname + location.search);
    resetDeepLink();
  });

  it('a fully booked day offers "Tell me if a time frees up"; the form posts email, consent, day and zone', async function () {
    this.timeout(20_000); // axe in five states
    const day = fullDay();
    server = stubWaitlist(day);
    const el = await widget();
    const button = $(el, `[data-day="${day}"]`);
    expect(button.getAttribute('aria-label')).to.match(/, fully booked$/);
    button.click();
    await until(() => !!shadow(el).querySelector('[part=waitlist]'), 'the waitlist offer');
    expect(button.getAttribute('aria-pressed')).to.equal('true');
    expect(status(el)).to.match(/, fully booked$/);
    expect($(el, '[part=waitlist] .note').textContent).to.match(/is fully booked\. Leave your email/);
    expect(shadow(el).querySelector('input[name=slot]')).to.equal(null);
    await expect(el).to.be.accessible();

    press(el, 'Tell me if a time frees up');
    await until(() => !!shadow(el).querySelector('#wl-email'), 'the form');
    expect(focused(el)?.id).to.equal('wl-email');
    await expect(el).to.be.accessible();

    // Sent empty: an error beside each field, the first invalid field focused, the live region says so.
    press(el, 'Tell me');
    await until(() => !!shadow(el).querySelector('#wl-email-e'), 'errors');
    expect($(el, '#wl-email-e').textContent).to.equal('Fill in this field.');
    expect($(el, '#wl-consent-e').textContent).to.equal('Tick the box to agree.');
    expect($(el, '#wl-email').getAttribute('aria-invalid')).to.equal('true');
    expect($(el, '#wl-email').getAttribute('aria-describedby')).to.equal('wl-email-e');
    expect(status(el)).to.equal('Please correct the marked fields.');
    expect($(el, '[role=alert]').getAttribute('part')).to.equal('status error');
    expect(focused(el)?.id).to.equal('wl-email');
    expect(server.posted.length).to.equal(0);
    await expect(el).to.be.accessible();

    // Fixed: each error goes as soon as it is no longer true.
    const email = $<HTMLInputElement>(el, '#wl-email');
    email.value = 'ann@example.com';
    email.dispatchEvent(new Event('input'));
    await settle();
    expect(shadow(el).querySelector('#wl-email-e')).to.equal(null);
    $<HTMLInputElement>(el, '#wl-consent').click();
    await settle();
    expect(shadow(el).querySelector('#wl-consent-e')).to.equal(null);

    press(el, 'Tell me');
    // The post waits until the form token is 3 s old (the server ignores younger ones).
    await until(() => server.posted.length == 1, 'the post', 5000);
    await until(() => /Almost done/.test($(el, '[part=waitlist]').textContent ?? ''), 'sent');
    const { body } = server.posted[0]!;
    expect(body).to.include({
      serviceId: 'sports-massage-60',
      day,
      timeZone: 'UTC',
      email: 'ann@example.com',
      consent: true,
      t: 'form-token-1',
    });
    expect(String(body.consentText)).to.match(/^Email me once if a time frees up on \w+day \d+ \w+ \d{4}\./);
    expect(body).not.to.have.property('hp');
    expect(status(el)).to.match(/^Almost done: press the button in the email we sent to ann@example\.com/);
    expect($(el, '[role=status]').getAttribute('part')).to.equal('status');
    await expect(el).to.be.accessible();
  });

  it('a refusal shows in the live region in the error style, and the form stays', async function () {
    this.timeout(15_000);
    const day = fullDay();
    server = stubWaitlist(day, () => ({
      status: 429,
      body: { error: { code: 'too_many_requests', message: 'Too many' } },
    }));
    const el = await widget();
    $(el, `[data-day="${day}"]`).click();
    await until(() => !!shadow(el).querySelector('[part=waitlist]'), 'the offer');
    press(el, 'Tell me if a time frees up');
    await until(() => !!shadow(el).querySelector('#wl-email'), 'the form');
    const email = $<HTMLInputElement>(el, '#wl-email');
    email.value = 'ann@example.com';
    email.dispatchEvent(new Event('input'));
    $<HTMLInputElement>(el, '#wl-consent').click();
    await settle();
    press(el, 'Tell me');
    await until(() => status(el) == 'Too many attempts. Please wait a minute.', 'the refusal', 5000);
    expect($(el, '[role=alert]').getAttribute('part')).to.equal('status error');
    expect(shadow(el).querySelector('#wl-email')).to.exist;
    await expect(el).to.be.accessible();
  });

  it('a day with times shows no waitlist', async () => {
    server = stubWaitlist('');
    const el = await widget();
    $(el, 'td button[part~=available]').click();
    await until(() => !!shadow(el).querySelector('input[name=slot]'), 'times');
    expect(shadow(el).querySelector('[part=waitlist]')).to.equal(null);
  });

  it('#soleus-book=<service>/<day> opens the calendar on that day’s times', async () => {
    const day = addDays(fullDay(), 1);
    const target = weekday(day) == 0 ? addDays(day, 1) : day;
    server = stubWaitlist('');
    history.replaceState(null, '', `#soleus-book=sports-massage-60/${target}`);
    const el = await widget(html`<soleus-booking-calendar time-zone="UTC"></soleus-booking-calendar>`);
    await until(() => !!shadow(el).querySelector('input[name=slot]'), 'the day’s times');
    expect($(el, `[data-day="${target}"]`).getAttribute('aria-pressed')).to.equal('true');
    expect($$(el, 'input[name=slot]').length).to.equal(3);
    expect(focused(el)?.id, 'focus on the times heading').to.equal('th');
    await expect(el).to.be.accessible();
  });

  it('the link to a day fully booked again shows its waitlist; a second calendar on the page ignores the link', async () => {
    const day = fullDay();
    server = stubWaitlist(day);
    history.replaceState(null, '', `#soleus-book=sports-massage-60/${day}`);
    const el = await fixture<HTMLElement>(
      html`<div>
        <soleus-booking-calendar time-zone="UTC"></soleus-booking-calendar
        ><soleus-booking-calendar time-zone="UTC"></soleus-booking-calendar>
      </div>`,
    );
    const [first, second] = [...el.querySelectorAll('soleus-booking-calendar')];
    await until(() => !!shadow(first!).querySelector('[part=waitlist]'), 'the waitlist');
    await until(() => !!shadow(second!).querySelector('#h'), 'the second calendar');
    expect($(second!, '#h').textContent).to.equal('Choose a treatment');
  });

  it('parses only its own hash', () => {
    expect(parseDeepLink('#soleus-book=sports-massage-60/2027-01-12')).to.deep.equal({
      service: 'sports-massage-60',
      day: '2027-01-12',
    });
    expect(parseDeepLink('#soleus-book=a%20b/2027-01-12')).to.deep.equal({ service: 'a b', day: '2027-01-12' });
    expect(parseDeepLink('#soleus-book=x/2027-1-12')).to.equal(undefined);
    expect(parseDeepLink('#other')).to.equal(undefined);
    expect(parseDeepLink('#soleus-book=%E0/2027-01-12')).to.equal(undefined);
  });
});
