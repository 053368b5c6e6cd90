// Issue 11, "Nothing hidden before confirming": prices and totals, start–end times, the cancellation policy, the
// contact details with a way back, the notice for a time too close to change online, the zone named once, errors
// that look like errors and clear once fixed, and counts that match the list. axe in every new state.
import { expect, fixture, html } from '@open-wc/testing';
import { addDays } from '../../../src/components/booking-calendar/internal/dates.js';
import {
  $,
  $$,
  detailsToReview,
  focused,
  heading,
  pickFirstTime,
  pickTimeFrom,
  press,
  settle,
  shadow,
  status,
  stubFetch,
  suggestPlan,
  type,
  until,
  widget,
  withNotice,
  type SoleusBookingCalendar,
} from './helpers.js';

const text = (el: Element, selector: string) => $(el, selector).textContent!.replace(/\s+/g, ' ').trim();
/** The review's facts as `label: value`. */
const facts = (el: Element) =>
  Object.fromEntries($$(el, 'dt').map((dt) => [dt.textContent!.trim(), dt.nextElementSibling!.textContent!.trim()]));
const confirmLabel = (el: Element) => $$(el, '.nav button').at(-1)!.textContent!;

describe('<soleus-booking-calendar> review: nothing hidden before confirming', () => {
  let server: ReturnType<typeof stubFetch>;
  afterEach(() => server.restore());

  it('one session: its start–end time, price, place, the policy in a sentence and the details typed', async () => {
    server = stubFetch({ services: () => ({ status: 200, body: withNotice(24) }) });
    const el = await widget();
    const day = await pickTimeFrom(el, 3);
    press(el, 'Continue');
    await until(() => heading(el) == 'Your details', 'details');
    type(el, '#name', 'Ann Runner');
    type(el, '#email', 'ann@example.com');
    type(el, '#phone', '+44 7700 900123');
    press(el, 'Continue');
    await until(() => heading(el) == 'Check and confirm', 'review');
    const f = facts(el);
    expect(f.Treatment).to.equal('Sports massage (60 minutes)');
    expect(f.When).to.match(/, 09:00–09:59( \(\d\d:00–\d\d:59 in London\))?$/);
    expect(f.Price).to.equal('£60.00');
    expect(f.Where).to.equal('Studio 4, 27 Tanner Yard, London SE1 3LD');
    expect(f.Name).to.equal('Ann Runner');
    expect(f['Email address']).to.equal('ann@example.com');
    expect(f.Phone).to.equal('+44 7700 900123');
    // 24 hours before 09:00 on `day`, written short: "Free to change or cancel until Wed 9 Dec, 09:00."
    const before = new Date(`${addDays(day, -1)}T09:00:00Z`);
    const short = new Intl.DateTimeFormat('en-GB', {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      timeZone: 'UTC',
    });
    expect(text(el, '.policy')).to.equal(`Free to change or cancel until ${short.format(before)}, 09:00.`);
    expect($$(el, '.late').length, 'days ahead: no notice').to.equal(0);
    expect($$(el, '.total').length, 'one session: the price is the total').to.equal(0);
    expect(confirmLabel(el)).to.equal('Confirm booking');
    await expect(el).to.be.accessible();
  });

  it('"Change details" goes back to the details as typed, focus on the first field, and on to the review again', async () => {
    server = stubFetch();
    const el = await widget();
    await pickFirstTime(el);
    await detailsToReview(el, 'Ann Runer');
    press(el, 'Change details');
    await until(() => heading(el) == 'Your details', 'details');
    await until(() => focused(el)?.id == 'name', 'focus on the name');
    expect($<HTMLInputElement>(el, '#name').value).to.equal('Ann Runer');
    expect($<HTMLInputElement>(el, '#email').value).to.equal('ann@example.com');
    await expect(el).to.be.accessible();
    type(el, '#name', 'Ann Runner');
    press(el, 'Continue');
    await until(() => heading(el) == 'Check and confirm', 'review');
    expect(facts(el).Name).to.equal('Ann Runner');
  });

  it('a series: every session start–end, the price per session, the total and the policy for each', async () => {
    server = stubFetch({ services: () => ({ status: 200, body: withNotice(24) }) });
    const el = await widget();
    await pickTimeFrom(el, 3);
    await detailsToReview(el);
    const every = $<HTMLSelectElement>(el, '#every');
    every.value = '2';
    every.dispatchEvent(new Event('change'));
    await until(() => $$(el, '.list li').length == 4, 'four sessions');
    await settle(20);
    const items = $$(el, '.list li').map((li) => li.textContent!.trim());
    for (const item of items) expect(item).to.match(/, 09:00–09:59/);
    const f = facts(el);
    expect(f.Price).to.equal('£60.00 per session');
    expect(f.Total).to.equal('£240.00 for 4 sessions');
    expect(text(el, '.policy')).to.equal('Each session is free to change or cancel until 24 hours before it.');
    expect(confirmLabel(el), 'the count is the list').to.equal(`Confirm ${items.length} bookings`);
    await expect(el).to.be.accessible();
  });

  it('a plan: each session to book with its price, the total, the button counting exactly those, the rest set apart', async () => {
    server = stubFetch();
    const el = await widget();
    await suggestPlan(el);
    await detailsToReview(el);
    const rows = $$(el, '.sessions li');
    expect(rows.length).to.be.greaterThan(3);
    expect(confirmLabel(el)).to.equal(`Confirm ${rows.length} bookings`);
    const pounds = rows.map((li) => Number(li.querySelector('.price')!.textContent!.replace('£', '')));
    const sum = pounds.reduce((a, b) => a + b, 0);
    expect(facts(el).Total).to.equal(`£${sum.toFixed(2)} for ${rows.length} sessions`);
    for (const li of rows) expect(li.textContent).to.match(/\d\d:00–\d\d:59/);
    const left = shadow(el).querySelector('.sessions ~ ul.list');
    expect(left, 'the parts bookable later, listed apart').to.exist;
    expect(left!.previousElementSibling!.textContent).to.equal('Not in this booking');
    expect(left!.textContent).to.match(/Bookable later/);
    await expect(el).to.be.accessible();
  });

  it('a time inside the cancellation notice: said before confirming and on the confirmation, with phone and email', async () => {
    server = stubFetch({ services: () => ({ status: 200, body: withNotice(72) }) });
    const el = await widget();
    await pickFirstTime(el);
    await detailsToReview(el);
    const late = $(el, '.late');
    expect(late.textContent).to.include(
      "This time can't be changed online once booked: changes need 72 hours' notice.",
    );
    expect(late.textContent).to.include("To change or cancel it, contact Jim's Sports Massage:");
    const links = $$<HTMLAnchorElement>(el, '.late a').map((a) => [a.getAttribute('href'), a.textContent]);
    expect(links).to.deep.equal([
      ['tel:+442079460321', '+44 20 7946 0321'],
      ['mailto:jim@example.com', 'jim@example.com'],
    ]);
    await expect(el).to.be.accessible();
    press(el, 'Confirm booking');
    await until(() => heading(el) == 'You are booked in', 'booked');
    expect($(el, '.late').textContent).to.include("This time can't be changed online once booked");
    expect($$(el, '.booked li p').some((p) => /To change or cancel, use the link/.test(p.textContent!))).to.equal(
      false,
      'no promise of changing it online',
    );
    await expect(el).to.be.accessible();
  });

  it('a time outside the notice keeps the manage link on the confirmation and says nothing of the notice', async () => {
    server = stubFetch({ services: () => ({ status: 200, body: withNotice(24) }) });
    const el = await widget();
    await pickTimeFrom(el, 3);
    await detailsToReview(el);
    press(el, 'Confirm booking');
    await until(() => heading(el) == 'You are booked in', 'booked');
    expect($$(el, '.late').length).to.equal(0);
    expect($$(el, '.booked li p').some((p) => /To change or cancel, use the link/.test(p.textContent!))).to.equal(true);
  });

  it('a series whose first session is inside the notice names that session', async () => {
    server = stubFetch({ services: () => ({ status: 200, body: withNotice(72) }) });
    const el = await widget();
    await pickFirstTime(el);
    await detailsToReview(el);
    const every = $<HTMLSelectElement>(el, '#every');
    every.value = '2';
    every.dispatchEvent(new Event('change'));
    await until(() => $$(el, '.list li').length == 4, 'four sessions');
    await settle(20);
    expect($(el, '.late').textContent).to.match(/The session on \w{3} \d{1,2} \w{3}, 09:00 can't be changed online/);
    await expect(el).to.be.accessible();
  });
});

describe('<soleus-booking-calendar> errors and notices', () => {
  let server: ReturnType<typeof stubFetch>;
  afterEach(() => server.restore());

  const emptyDetails = async () => {
    const el = await widget();
    await pickFirstTime(el);
    press(el, 'Continue');
    await until(() => heading(el) == 'Your details', 'details');
    press(el, 'Continue');
    await until(() => status(el) == 'Please correct the marked fields.', 'the summary');
    return el;
  };

  it('an error is an alert that looks like one: its own colour, icon and border, not the notice box', async () => {
    server = stubFetch();
    const el = await emptyDetails();
    const alert = $(el, '[role=alert]');
    expect(alert.textContent).to.equal('Please correct the marked fields.');
    expect($(el, '[role=status]').textContent, 'not said twice').to.equal('');
    // Copied: a computed style is live, and the alert is emptied (and hidden) below.
    const live = getComputedStyle(alert);
    const a = {
      display: live.display,
      backgroundColor: live.backgroundColor,
      borderInlineStartColor: live.borderInlineStartColor,
      color: live.color,
    };
    const icon = getComputedStyle(alert, '::before');
    expect(icon.content).to.match(/"!"/);
    expect(a.display).to.equal('flex');
    await expect(el).to.be.accessible();
    // A notice for comparison: a day that cannot be booked, said in the status.
    press(el, 'Back');
    await until(() => heading(el).startsWith('Choose a day'), 'the month');
    $(el, 'td button[aria-disabled=true]').click();
    await until(() => $(el, '[role=status]').textContent != '', 'the notice');
    expect($(el, '[role=alert]').textContent, 'the alert is gone').to.equal('');
    const notice = $(el, '[role=status]');
    const n = getComputedStyle(notice);
    expect(getComputedStyle(notice, '::before').content).to.match(/"i"/);
    expect(n.backgroundColor).to.not.equal(a.backgroundColor);
    expect(n.borderInlineStartColor).to.not.equal(a.borderInlineStartColor);
    expect(n.color).to.not.equal(a.color);
    await expect(el).to.be.accessible();
  });

  it('the error summary and each field error clear once the fields are fixed', async () => {
    server = stubFetch();
    const el = await emptyDetails();
    expect($$(el, '[aria-invalid=true]').length).to.equal(2);
    type(el, '#name', 'Ann');
    await settle();
    expect($$(el, '#name-e').length, 'the name is fine now').to.equal(0);
    expect(status(el), 'the email is still marked').to.equal('Please correct the marked fields.');
    type(el, '#email', 'ann@');
    await settle();
    expect($$(el, '#email-e').length, 'still wrong').to.equal(1);
    type(el, '#email', 'ann@example.com');
    await settle();
    expect($$(el, '[aria-invalid=true]').length).to.equal(0);
    expect(status(el), 'no longer true, so gone').to.equal('');
    await expect(el).to.be.accessible();
  });

  for (const theme of ['light', 'dark'])
    it(`errors and notices pass axe's contrast check, ${theme}`, async () => {
      server = stubFetch({ services: () => ({ status: 200, body: withNotice(72) }) });
      // The page behind it is the theme's too, as on a site with a dark scheme.
      const page = await fixture<HTMLDivElement>(
        html`<div style="padding: 8px; background: ${theme == 'dark' ? '#111' : '#fff'}">
          <soleus-booking-calendar theme=${theme} time-zone="UTC" service="sports-massage-60"></soleus-booking-calendar>
        </div>`,
      );
      const el = page.firstElementChild as SoleusBookingCalendar;
      await until(() => !!shadow(el).querySelector('td button[part~=available]'), 'the month');
      await pickFirstTime(el);
      press(el, 'Continue');
      await until(() => heading(el) == 'Your details', 'details');
      press(el, 'Continue');
      await until(() => status(el) != '', 'the summary');
      await expect(el).to.be.accessible();
      type(el, '#name', 'Ann');
      type(el, '#email', 'ann@example.com');
      press(el, 'Continue');
      await until(() => heading(el) == 'Check and confirm', 'review');
      expect($$(el, '.late').length).to.equal(1);
      await expect(el).to.be.accessible();
    });
});

describe('<soleus-booking-calendar> the zone, named once in every language', () => {
  let server: ReturnType<typeof stubFetch>;
  afterEach(() => server.restore());

  const cases: [string, string, string, RegExp][] = [
    ['en-GB', 'UTC', 'Times shown in UTC', /£60\.00/],
    ['en-US', 'America/New_York', 'Times shown in New York time', /£60\.00/],
    ['de', 'Europe/Berlin', 'Uhrzeiten in Ortszeit Berlin', /60,00\s£/],
    ['fr', 'Etc/GMT+5', 'Horaires : UTC−05:00', /60,00\s£GB/],
    ['es', 'Asia/Tokyo', 'Horas según la hora de Tokyo', /60,00\sGBP/],
  ];
  for (const [lang, zone, note, price] of cases)
    it(`${lang}, ${zone}: "${note}", the price in the language's own format`, async () => {
      server = stubFetch({ services: () => ({ status: 200, body: withNotice(24) }) });
      const el = await widget(
        html`<soleus-booking-calendar
          lang=${lang}
          time-zone=${zone}
          service="sports-massage-60"
        ></soleus-booking-calendar>`,
      );
      await until(() => $$(el, 'td button[part~=available]').length > 0, 'the month');
      await pickTimeFrom(el, 3);
      // The language's file loads beside the month.
      await until(() => $(el, '#tz').textContent == note, note);
      const buttons = () => $$(el, '.nav .btn:not(.secondary)');
      buttons()[0]!.click();
      await until(() => !!shadow(el).querySelector('#name'), 'details');
      type(el, '#name', 'Ann');
      type(el, '#email', 'ann@example.com');
      $(el, 'form .nav .btn:not(.secondary)').click();
      await until(() => !!shadow(el).querySelector('.policy'), 'review');
      const notes = $$(el, '.note').map((n) => n.textContent);
      expect(notes.filter((n) => n == note).length, 'named once').to.equal(1);
      expect(shadow(el).textContent).to.match(price);
      expect(text(el, '.policy')).to.not.match(/\{|\}/);
      await expect(el).to.be.accessible();
    });
});
