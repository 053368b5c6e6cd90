import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { addDays, addMonths, monthOf } from '../../../src/components/booking-calendar/internal/dates.js';
import {
  $,
  $$,
  detailsToReview,
  focused,
  heading,
  pickFirstTime,
  press,
  settle,
  shadow,
  status,
  stubFetch,
  suggestPlan,
  today,
  toReview,
  type,
  until,
  widget,
  created,
  SERVICES,
  type Answer,
  type SoleusBookingCalendar,
} from './helpers.js';

describe('<soleus-booking-calendar>', () => {
  let server: ReturnType<typeof stubFetch>;
  afterEach(() => server.restore());

  describe('loading and the month', () => {
    it('shows a skeleton that reserves height while loading, accessible', async () => {
      server = stubFetch({ availability: () => 'hold' });
      const el = await fixture<SoleusBookingCalendar>(
        html`<soleus-booking-calendar time-zone="UTC" service="sports-massage-60"></soleus-booking-calendar>`,
      );
      await settle(20);
      expect(shadow(el).querySelector('.skeleton')).to.exist;
      expect(el.getBoundingClientRect().height).to.be.greaterThan(300);
      await expect(el).to.be.accessible();
    });

    it('lists the services when none is fixed, and fires service-select', async () => {
      server = stubFetch();
      const el = await widget(html`<soleus-booking-calendar time-zone="UTC"></soleus-booking-calendar>`);
      expect(heading(el)).to.equal('Choose a treatment');
      expect($$(el, '[part=service]').length).to.equal(4);
      await expect(el).to.be.accessible();
      setTimeout(() => $(el, '[part=service]').click());
      const ev = await oneEvent(el, 'soleus-booking-service-select');
      expect(ev.detail).to.deep.equal({ serviceId: 'sports-massage-60' });
      expect(ev.bubbles && ev.composed).to.equal(true);
      await until(() => heading(el).startsWith('Choose a day'), 'the month');
      expect(focused(el)?.id, 'focus moves to the step heading').to.equal('h');
    });

    it('renders a table of day buttons with full names, aria-current today, aria-disabled with a reason', async () => {
      server = stubFetch({ full: (d) => d == addDays(today(), 2) });
      const el = await widget();
      const t = today();
      expect(shadow(el).querySelector('table')!.getAttribute('aria-labelledby')).to.equal('mh');
      expect($(el, '#mh').getAttribute('aria-live')).to.equal('polite');
      const avail = $(el, 'td button[part~=available]');
      expect(avail.getAttribute('aria-label')).to.match(/^\w+day \d+ \w+ \d{4}, 3 times available$/);
      expect(avail.getAttribute('aria-pressed')).to.equal('false');
      const todayButton = shadow(el).querySelector(`[data-day="${t}"]`);
      if (todayButton) {
        expect(todayButton.getAttribute('aria-current')).to.equal('date');
        expect(todayButton.getAttribute('aria-disabled')).to.equal('true');
      }
      const full = shadow(el).querySelector(`[data-day="${addDays(t, 2)}"]`);
      if (full) expect(full.getAttribute('aria-label')).to.match(/, (fully booked|not available to book)$/);
      // Exactly one day is in the tab order.
      expect($$(el, 'td button[tabindex="0"]').length).to.equal(1);
      await expect(el).to.be.accessible();
      const box = avail.getBoundingClientRect();
      expect(box.width >= 24 && box.height >= 24, 'targets at least 24 × 24 px').to.equal(true);
    });

    it('starts on the first month with a free slot and prefetches the next', async () => {
      const t = today();
      server = stubFetch({ full: (d) => monthOf(d) == monthOf(t) });
      const el = await widget();
      const next = monthOf(addMonths(`${monthOf(t)}-01`, 1));
      expect(shadow(el).querySelector<HTMLElement>('td button')!.dataset.day!.slice(0, 7)).to.equal(next);
      await until(
        () => server.calls.some((c) => c.url.includes(`from=${monthOf(addMonths(`${next}-01`, 1))}-01`)),
        'the prefetch',
      );
      expect(
        server.calls.filter((c) => c.url.includes('/availability')).every((c) => c.url.includes('timeZone=UTC')),
      ).to.equal(true);
    });

    it('says so when nothing is free at all, still accessible', async () => {
      server = stubFetch({ full: () => true });
      const el = await widget();
      expect(shadow(el).querySelector('.note')!.textContent).to.match(/No free times in the next 90 days/);
      await expect(el).to.be.accessible();
    });

    it('shows a network error with Retry, which loads again', async () => {
      let fail = true;
      server = stubFetch({ availability: () => (fail ? 'network' : undefined) });
      const errors: string[] = [];
      document.addEventListener('soleus-booking-error', (e) => errors.push(e.detail.code), { once: true });
      const el = await widget();
      await until(() => !!shadow(el).querySelector('[part~=retry]'), 'Retry');
      expect(status(el)).to.match(/Could not reach the server/);
      expect(errors).to.deep.equal(['network_error']);
      await expect(el).to.be.accessible();
      fail = false;
      press(el, 'Try again');
      await until(() => !!shadow(el).querySelector('table'), 'the month');
    });
  });

  describe('keyboard', () => {
    it('moves through the month with arrows, Home/End, PageUp/PageDown (roving tabindex)', async () => {
      server = stubFetch();
      const el = await widget();
      const start = $(el, 'td button[tabindex="0"]');
      const d0 = start.dataset.day!;
      start.focus();
      const at = () => focused(el)?.dataset.day;
      await sendKeys({ press: 'ArrowRight' });
      expect(at()).to.equal(addDays(d0, 1));
      await sendKeys({ press: 'ArrowDown' });
      expect(at()).to.equal(addDays(d0, 8));
      await sendKeys({ press: 'ArrowLeft' });
      await sendKeys({ press: 'ArrowUp' });
      expect(at()).to.equal(d0);
      // One week on, so that the week's Monday is bookable too: the first week of a month may start before today,
      // and keys never leave the bookable months (on Tue 1 Dec, Home stays on the 1st).
      await sendKeys({ press: 'ArrowDown' });
      expect(at()).to.equal(addDays(d0, 7));
      await sendKeys({ press: 'End' });
      const end = at()!;
      expect(new Date(end).getUTCDay(), 'End goes to Sunday (en-GB weeks start on Monday)').to.equal(0);
      await sendKeys({ press: 'Home' });
      expect(new Date(at()!).getUTCDay()).to.equal(1);
      const before = at()!;
      await sendKeys({ press: 'PageDown' });
      await until(() => at() == addMonths(before, 1), 'next month');
      expect($(el, '#mh').textContent).to.contain(
        [
          'January',
          'February',
          'March',
          'April',
          'May',
          'June',
          'July',
          'August',
          'September',
          'October',
          'November',
          'December',
        ][+addMonths(before, 1).slice(5, 7) - 1],
      );
      expect($$(el, 'td button[tabindex="0"]').length).to.equal(1);
      await sendKeys({ press: 'PageUp' });
      await until(() => at() == before, 'back');
    });

    it('Enter on a day shows its times as a radio group and moves focus to them; arrows choose a time', async () => {
      server = stubFetch();
      const el = await widget();
      const day = $(el, 'td button[part~=available]');
      day.focus();
      await sendKeys({ press: 'Enter' });
      await until(() => focused(el)?.id == 'th', 'focus on the times heading');
      expect(day.getAttribute('aria-pressed')).to.equal('true');
      expect($(el, '[role=radiogroup]').getAttribute('aria-labelledby')).to.equal('th');
      expect($(el, '#tz').textContent).to.equal('Times shown in UTC');
      // UTC and London show the same clock in winter, different in summer: the practice time only when it differs.
      const london = new Intl.DateTimeFormat('en-GB', { hour: 'numeric', timeZone: 'Europe/London' }).format(
        new Date(`${day.dataset.day}T09:00Z`),
      );
      expect(!!shadow(el).querySelector('.time small')).to.equal(london != '09');
      await expect(el).to.be.accessible();
      const events: string[] = [];
      el.addEventListener('soleus-booking-slot-select', (e) => events.push(e.detail.start));
      await sendKeys({ press: 'Tab' });
      await sendKeys({ press: 'Space' });
      await sendKeys({ press: 'ArrowDown' });
      const radios = $$<HTMLInputElement>(el, 'input[name=slot]');
      expect(radios[1]!.checked).to.equal(true);
      expect(events.at(-1)).to.match(/T10:00/);
    });
  });

  describe('details, review and booking', () => {
    it('marks invalid fields beside them, focuses the first, keeps what was typed', async () => {
      server = stubFetch();
      const el = await widget();
      await pickFirstTime(el);
      press(el, 'Continue');
      await until(() => heading(el) == 'Your details', 'details');
      expect(focused(el)?.id).to.equal('h');
      type(el, '#email', 'not-an-email');
      press(el, 'Continue');
      await until(() => focused(el)?.id == 'name', 'focus on the first invalid field');
      expect($(el, '#name').getAttribute('aria-describedby')).to.equal('name-e');
      expect($(el, '#name-e').textContent).to.equal('Fill in this field.');
      expect($(el, '#email-e').textContent).to.match(/name@example.com/);
      expect(status(el)).to.equal('Please correct the marked fields.');
      expect($<HTMLInputElement>(el, '#email').value).to.equal('not-an-email');
      await expect(el).to.be.accessible();
      // Back and forward keeps everything.
      press(el, 'Back');
      await until(() => heading(el).startsWith('Choose a day'), 'the month');
      expect($$<HTMLInputElement>(el, 'input[name=slot]').some((r) => r.checked)).to.equal(true);
      press(el, 'Continue');
      await until(() => heading(el) == 'Your details', 'details');
      expect($<HTMLInputElement>(el, '#email').value).to.equal('not-an-email');
    });

    it('books: review, submit event, one POST with an Idempotency-Key, confirmation with calendar links', async () => {
      server = stubFetch();
      const el = await widget();
      el.name = 'Prefilled';
      await toReview(el);
      await expect(el).to.be.accessible();
      expect(shadow(el).querySelector('dl')!.textContent).to.contain('Sports massage (60 minutes)');
      const submit = oneEvent(el, 'soleus-booking-submit');
      const confirmed = oneEvent(el, 'soleus-booking-confirmed');
      press(el, 'Confirm booking');
      expect((await submit).detail.client).to.deep.equal({ name: 'Ann Runner', email: 'ann@example.com' });
      const c = await confirmed;
      expect(c.detail.serviceId).to.equal('sports-massage-60');
      await until(() => heading(el) == 'You are booked in', 'the confirmation');
      expect(focused(el)?.id).to.equal('h');
      const [post] = server.posts();
      expect(post!.headers['Idempotency-Key']).to.match(/^[\w-]{16,}$/);
      expect(post!.body).to.include({ serviceId: 'sports-massage-60', timeZone: 'UTC' });
      const links = $$<HTMLAnchorElement>(el, 'a').map((a) => a.href);
      expect(links.some((h) => h.includes(`/api/v1/bookings/${c.detail.id}/calendar.ics?token=`))).to.equal(true);
      expect(links.some((h) => h.startsWith('https://calendar.google.com/'))).to.equal(true);
      expect(links.some((h) => h.startsWith('https://outlook.live.com/'))).to.equal(true);
      expect(links.some((h) => h.includes(`/manage#booking=${c.detail.id}&token=`))).to.equal(true);
      await expect(el).to.be.accessible();
    });

    it('sends the answers: tight areas and the event date', async () => {
      server = stubFetch();
      const el = await widget();
      await pickFirstTime(el);
      press(el, 'Continue');
      await until(() => heading(el) == 'Your details', 'details');
      type(el, '#name', 'Ann');
      type(el, '#email', 'ann@example.com');
      $$<HTMLInputElement>(el, '.checks input')[3]!.click();
      $<HTMLInputElement>(el, '.check input').click();
      await settle();
      type(el, '#eventDate', '2030-10-03');
      press(el, 'Continue');
      await until(() => heading(el) == 'Check and confirm', 'review');
      press(el, 'Confirm booking');
      await until(() => server.posts().length == 1, 'the POST');
      expect(server.posts()[0]!.body!.answers).to.deep.equal({ tight: 'Calves', eventDate: '2030-10-03' });
    });

    it('a cancelled submit event sends nothing', async () => {
      server = stubFetch();
      const el = await widget();
      await toReview(el);
      el.addEventListener('soleus-booking-submit', (e) => e.preventDefault());
      press(el, 'Confirm booking');
      await settle(50);
      expect(server.posts().length).to.equal(0);
    });

    it('reuses the Idempotency-Key on a retry and a double click, and takes a new one after success', async () => {
      let n = 0;
      server = stubFetch({ post: (body) => (++n == 1 ? 'network' : { status: 201, body: created(body) }) });
      const el = await widget();
      await toReview(el);
      press(el, 'Confirm booking');
      await until(() => /Could not reach/.test(status(el)), 'the network error');
      expect(heading(el), 'stays on review').to.equal('Check and confirm');
      const confirm = $$(el, 'button').find((b) => b.textContent == 'Confirm booking')!;
      confirm.click();
      confirm.click();
      await until(() => heading(el) == 'You are booked in', 'booked');
      const keys = server.posts().map((p) => p.headers['Idempotency-Key']);
      // request() retries a failed POST never; the widget's retry reuses the key.
      expect(keys.length).to.equal(2);
      expect(keys[0]).to.equal(keys[1]);
      press(el, 'Book another');
      await until(() => heading(el).startsWith('Choose a day'), 'the month again');
      await toReviewKeepingDetails(el);
      press(el, 'Confirm booking');
      await until(() => server.posts().length == 3, 'the second booking');
      expect(server.posts()[2]!.headers['Idempotency-Key']).to.not.equal(keys[0]);
    });

    it('409: explains the time was just taken and shows that day’s fresh times', async () => {
      const taken = new Set<string>();
      server = stubFetch({
        taken,
        post: (body) => (
          taken.add(String(body.start)),
          { status: 409, body: { error: { code: 'slot_unavailable', message: 'Taken', conflicts: [body.start] } } }
        ),
      });
      const el = await widget();
      await toReview(el);
      const error = oneEvent(el, 'soleus-booking-error');
      press(el, 'Confirm booking');
      expect((await error).detail.code).to.equal('slot_unavailable');
      await until(() => /just taken/.test(status(el)), 'the message');
      expect(heading(el)).to.match(/^Choose a day/);
      const radios = $$<HTMLInputElement>(el, 'input[name=slot]');
      expect(radios.length, 'the taken time is gone').to.equal(2);
      expect(radios.every((r) => !r.checked)).to.equal(true);
      await expect(el).to.be.accessible();
      // What was typed is still there.
      radios[0]!.click();
      press(el, 'Continue');
      await until(() => heading(el) == 'Your details', 'details');
      expect($<HTMLInputElement>(el, '#name').value).to.equal('Ann Runner');
    });

    it('never submits a host page form around it', async () => {
      server = stubFetch();
      let submitted = 0;
      const form = await fixture<HTMLFormElement>(
        html`<form @submit=${(e: Event) => (e.preventDefault(), submitted++)}>
          <soleus-booking-calendar time-zone="UTC" service="sports-massage-60"></soleus-booking-calendar>
        </form>`,
      );
      const el = form.firstElementChild as SoleusBookingCalendar;
      await until(() => !!shadow(el).querySelector('table'), 'the month');
      await pickFirstTime(el);
      press(el, 'Continue');
      await until(() => heading(el) == 'Your details', 'details');
      $(el, '#name').focus();
      await sendKeys({ press: 'Enter' });
      await settle(20);
      expect(submitted).to.equal(0);
    });
  });

  describe('series', () => {
    it('previews every occurrence, offers alternatives for a taken one, books them as one plan when one is swapped', async () => {
      const taken = new Set<string>();
      server = stubFetch({ taken });
      const el = await widget();
      const day = await pickFirstTime(el);
      taken.add(`${addDays(day, 14)}T09:00:00.000Z`);
      (el as unknown as { availability: { forget(): void } }).availability.forget();
      await detailsToReview(el);
      const every = $<HTMLSelectElement>(el, '#every');
      every.value = '2';
      every.dispatchEvent(new Event('change'));
      await until(() => $$(el, '.list li').length == 4, 'four occurrences');
      const items = $$(el, '.list li');
      expect(items[1]!.textContent).to.contain('taken');
      expect(items[1]!.querySelectorAll('input[type=radio]').length).to.be.greaterThan(0);
      await expect(el).to.be.accessible();
      press(el, 'Confirm 4 bookings');
      await until(() => heading(el) == 'You are booked in', 'booked');
      // No longer a regular series: ONE request with the four sessions as a plan (all or none, one email).
      const posts = server.posts();
      expect(posts.length).to.equal(1);
      expect(posts[0]!.headers['Idempotency-Key']).to.be.a('string');
      expect(posts.every((p) => !p.body!.series && !p.body!.start)).to.equal(true);
      const sessions = (posts[0]!.body!.plan as { sessions: { serviceId: string; start: string }[] }).sessions;
      expect(sessions.length).to.equal(4);
      expect(sessions.every((x) => x.serviceId == 'sports-massage-60')).to.equal(true);
      expect(sessions[1]!.start, 'the alternative, not the taken time').to.not.equal(
        `${addDays(day, 14)}T09:00:00.000Z`,
      );
      expect($$(el, '.sessions li').length).to.equal(4);
      await expect(el).to.be.accessible();
    });

    it('a series with every time free goes as one request with series', async () => {
      server = stubFetch();
      const el = await widget();
      await toReview(el);
      const every = $<HTMLSelectElement>(el, '#every');
      every.value = '2';
      every.dispatchEvent(new Event('change'));
      await until(() => $$(el, '.list li').length == 4, 'four occurrences');
      press(el, 'Confirm 4 bookings');
      await until(() => heading(el) == 'You are booked in', 'booked');
      expect(server.posts().length).to.equal(1);
      expect(server.posts()[0]!.body!.series).to.deep.equal({ everyWeeks: 2, count: 4 });
      // The sessions as one compact list, ONE "Add all to calendar" (one .ics of every session), and Google and
      // Outlook (one event per link) for each session, folded away.
      expect($$(el, '.booked > li').length).to.equal(1);
      expect($$(el, '.sessions li').length).to.equal(4);
      const all = $$<HTMLAnchorElement>(el, '.booked a').filter((a) => a.textContent == 'Add all to calendar');
      expect(all.length).to.equal(1);
      expect(all[0]!.getAttribute('href')).to.match(
        /\/api\/v1\/bookings\/bk_\d+\/calendar\.ics\?token=token-\d+&all=1$/,
      );
      expect(all[0]!.hasAttribute('download')).to.equal(true);
      expect($$(el, '.booked a').filter((a) => a.textContent == 'Calendar file (.ics)').length).to.equal(0);
      const details = $<HTMLDetailsElement>(el, 'details.one');
      expect(details.open, 'folded away').to.equal(false);
      expect(details.querySelector('summary')!.textContent).to.equal('Or add them one at a time');
      const cals = [...details.querySelectorAll('.cal')];
      expect(cals.length).to.equal(4);
      cals.forEach((cal) => {
        const hrefs = [...cal.querySelectorAll('a')].map((a) => a.getAttribute('href') ?? '');
        expect(hrefs.length).to.equal(2);
        expect(hrefs[0]).to.include('calendar.google.com');
        expect(hrefs[1]).to.include('outlook.live.com');
      });
      const googleDates = cals.map(
        (cal) => /dates=(\w+)\//.exec(cal.querySelectorAll('a')[0]!.getAttribute('href') ?? '')?.[1],
      );
      expect(new Set(googleDates).size).to.equal(4, 'each link has its own session’s start');
      await expect(el).to.be.accessible();
      details.querySelector('summary')!.click();
      await settle();
      expect(details.open).to.equal(true);
      await expect(el).to.be.accessible();
    });
  });

  describe('race-day plan', () => {
    it('proposes sessions at free times, lets the visitor swap one, books them all in ONE request with one key', async () => {
      server = stubFetch();
      const el = await widget();
      await suggestPlan(el);
      const text = $(el, '.list').textContent!;
      expect(text)
        .to.contain('Build-up session')
        .and.contain('Pre-event massage')
        .and.contain('Post-event recovery massage')
        .and.contain('Monthly maintenance');
      expect(text, 'beyond the 90-day horizon').to.contain('Bookable later');
      await expect(el).to.be.accessible();
      const select = $<HTMLSelectElement>(el, '.list select');
      select.value = '1';
      select.dispatchEvent(new Event('change'));
      await detailsToReview(el);
      const confirmed: unknown[] = [];
      el.addEventListener('soleus-booking-confirmed', (e) => confirmed.push(e.detail));
      press(el, /^Confirm \d+ bookings$/);
      await until(() => heading(el) == 'You are booked in', 'booked', 4000);
      const posts = server.posts();
      expect(posts.length, 'one decision: one request').to.equal(1);
      const sessions = (posts[0]!.body!.plan as { sessions: { serviceId: string; start: string }[] }).sessions;
      expect(sessions.length).to.be.greaterThan(3);
      expect(posts[0]!.headers['Idempotency-Key']).to.be.a('string');
      expect(sessions.map((p) => p.serviceId)).to.include.members([
        'pre-event-massage',
        'post-event-recovery-massage',
        'sports-massage-60',
      ]);
      expect(confirmed.length, 'one confirmed event for the plan').to.equal(1);
      // The confirmation: one entry, its sessions as a compact list (each with its treatment), ONE "Add all".
      expect($$(el, '.booked > li').length).to.equal(1);
      expect($(el, '.booked b').textContent).to.equal(`${sessions.length} sessions`);
      const rows = $$(el, '.sessions li');
      expect(rows.length).to.equal(sessions.length);
      expect(rows.some((r) => r.textContent!.includes('Pre-event massage'))).to.equal(true);
      expect($$(el, '.booked a').filter((a) => a.textContent == 'Add all to calendar').length).to.equal(1);
      expect($$(el, '.booked button, .booked a[download]').length, 'no calendar button per session').to.equal(1);
      await expect(el).to.be.accessible();
    });

    it('follows the practice’s racePlan from GET /api/v1/services: weekly build-ups ending 14 days before', async () => {
      const racePlan = {
        build: { serviceId: 'sports-massage-60', everyWeeks: 1, lastDaysBefore: 14 },
        pre: { serviceId: 'pre-event-massage', minDaysBefore: 2, maxDaysBefore: 4 },
        post: { serviceId: 'post-event-recovery-massage', minDaysAfter: 2, maxDaysAfter: 5 },
        maintenance: { serviceId: 'monthly-maintenance-massage', everyMonths: 1, count: 2 },
      };
      server = stubFetch({ services: () => ({ status: 200, body: { ...SERVICES, racePlan } }) });
      const el = await widget();
      await suggestPlan(el);
      const event = addDays(today(), 40);
      await detailsToReview(el);
      press(el, /^Confirm \d+ bookings$/);
      await until(() => heading(el) == 'You are booked in', 'booked', 4000);
      const sessions = (server.posts()[0]!.body!.plan as { sessions: { serviceId: string; start: string }[] }).sessions;
      const builds = sessions.filter((x) => x.serviceId == 'sports-massage-60').map((x) => x.start.slice(0, 10));
      expect(builds.length, builds.join(' ')).to.be.greaterThan(2);
      for (const d of builds)
        expect(d <= addDays(event, -14), `${d} is 14 days or more before ${event}`).to.equal(true);
      expect(sessions.filter((x) => x.serviceId == 'monthly-maintenance-massage').length).to.be.at.most(2);
    });
  });

  describe('race-day plan, all or nothing', () => {
    it('a network error books nothing and Try again sends the same key; a 409 re-suggests fresh times and a new key', async () => {
      const taken = new Set<string>();
      let refused = '';
      server = stubFetch({
        taken,
        post: (body, n) => {
          const sessions = (body.plan as { sessions: { start: string }[] }).sessions;
          if (n == 1) return 'network';
          if (n == 2) {
            refused = sessions[1]!.start;
            taken.add(refused);
            return {
              status: 409,
              body: { error: { code: 'slot_unavailable', message: 'Nothing was booked.', conflicts: [refused] } },
            };
          }
          return { status: 201, body: created(body) };
        },
      });
      const el = await widget();
      await suggestPlan(el);
      await detailsToReview(el);
      const confirmed: string[] = [];
      el.addEventListener('soleus-booking-confirmed', (e) => confirmed.push(e.detail.start));
      press(el, /^Confirm \d+ bookings$/);
      await until(() => /Could not reach the server/.test(status(el)), 'the network error');
      expect(heading(el), 'nothing booked: still on the review').to.equal('Check and confirm');
      expect(confirmed.length).to.equal(0);
      await expect(el).to.be.accessible();
      press(el, /^Confirm \d+ bookings$/);
      await until(() => server.posts().length == 2 && !!refused, 'the second attempt');
      const [first, second] = server.posts();
      expect(second!.headers['Idempotency-Key'], 'a request that may have reached the server keeps its key').to.equal(
        first!.headers['Idempotency-Key'],
      );
      await until(() => /just taken/.test(status(el)), 'the refusal');
      expect(heading(el)).to.equal('Check and confirm');
      expect(confirmed.length, 'nothing booked').to.equal(0);
      await expect(el).to.be.accessible();
      press(el, /^Confirm \d+ bookings$/);
      await until(() => heading(el) == 'You are booked in', 'booked', 4000);
      const third = server.posts()[2]!;
      const starts = (third.body!.plan as { sessions: { start: string }[] }).sessions.map((x) => x.start);
      expect(starts, 'the taken time is not asked for again').to.not.include(refused);
      expect(third.headers['Idempotency-Key'], 'a refused request gets a new key').to.not.equal(
        first!.headers['Idempotency-Key'],
      );
      expect(confirmed.length).to.equal(1);
      expect($$(el, '.sessions li').length).to.equal(starts.length);
      expect(status(el)).to.equal('');
      await expect(el).to.be.accessible();
    });

    it('a refusal that no fresh time can fix is said, nothing is booked, and there is no retry of "the others"', async () => {
      server = stubFetch({
        post: () => ({
          status: 400,
          body: { error: { code: 'invalid_request', message: 'That service cannot be booked online.' } },
        }),
      });
      const el = await widget();
      await suggestPlan(el);
      await detailsToReview(el);
      press(el, /^Confirm \d+ bookings$/);
      await until(() => status(el) == 'That service cannot be booked online.', 'the refusal', 4000);
      expect(heading(el)).to.equal('Check and confirm');
      expect($$(el, 'button').some((b) => b.textContent == 'Try the others again')).to.equal(false);
      await expect(el).to.be.accessible();
    });
  });

  describe('popup', () => {
    it('opens a modal panel from its button, loads on open, Escape closes and focus returns', async () => {
      server = stubFetch();
      const el = await widget(
        html`<soleus-booking-calendar
          mode="popup"
          time-zone="UTC"
          service="sports-massage-60"
        ></soleus-booking-calendar>`,
      );
      expect(server.calls.length, 'nothing is loaded before the click').to.equal(0);
      const button = $(el, '[part=open-button]');
      await expect(el).to.be.accessible();
      button.focus();
      await sendKeys({ press: 'Enter' });
      const dialog = $<HTMLDialogElement>(el, 'dialog');
      expect(dialog.open).to.equal(true);
      await until(() => !!shadow(el).querySelector('table'), 'the month');
      await expect(el).to.be.accessible();
      await sendKeys({ press: 'Escape' });
      await until(() => !dialog.open, 'closed');
      expect(focused(el)).to.equal(button);
    });
  });

  describe('review findings', () => {
    /** Whether `selector` or any ancestor inside the widget is aria-busy. */
    const busyAround = (el: Element, selector: string) => {
      for (let n: Element | null = $(el, selector); n; n = n.parentElement)
        if (n.getAttribute('aria-busy') == 'true') return true;
      return false;
    };

    it('a plan suggested, then left for the calendar, does not take over a single booking', async () => {
      server = stubFetch();
      const el = await widget();
      await suggestPlan(el);
      press(el, 'Back');
      await until(() => heading(el).startsWith('Choose a day'), 'the month');
      await toReview(el);
      expect(shadow(el).querySelector('dl')!.textContent).to.contain('Sports massage (60 minutes)');
      expect(shadow(el).querySelector('.list'), 'no plan on the review').to.not.exist;
      expect(shadow(el).querySelector('#every'), 'the repeat choice is there').to.exist;
      press(el, 'Back');
      await until(() => heading(el) == 'Your details', 'details');
      press(el, 'Back');
      await until(() => heading(el).startsWith('Choose a day'), 'back to the month, not the plan');
      press(el, 'Continue');
      await until(() => heading(el) == 'Your details', 'details');
      press(el, 'Continue');
      await until(() => heading(el) == 'Check and confirm', 'review');
      press(el, 'Confirm booking');
      await until(() => heading(el) == 'You are booked in', 'booked');
      expect(server.posts().length, 'one booking, not the plan').to.equal(1);
      expect(server.posts()[0]!.body!.serviceId).to.equal('sports-massage-60');
      expect($$(el, '.booked > li').length).to.equal(1);
    });

    it('without a service the skeleton has the height of the list of treatments (six, as on the demo)', async () => {
      const six = {
        ...SERVICES,
        services: [
          {
            id: 'sports-massage-30',
            name: 'Sports massage (30 minutes)',
            description: 'A focused session on one area, such as calves, hamstrings or shoulders.',
            durationMinutes: 30,
            price: { amount: 4000, currency: 'GBP' },
            horizonDays: 90,
          },
          ...SERVICES.services,
          {
            id: 'sports-massage-90',
            name: 'Sports massage (90 minutes)',
            description: 'An extended session for the whole body or several problem areas.',
            durationMinutes: 90,
            price: { amount: 8500, currency: 'GBP' },
            horizonDays: 90,
          },
        ],
      };
      server = stubFetch({ services: () => 'hold' });
      const loading = await fixture<SoleusBookingCalendar>(
        html`<soleus-booking-calendar time-zone="UTC"></soleus-booking-calendar>`,
      );
      await settle(20);
      expect(shadow(loading).querySelector('.skeleton.s')).to.exist;
      const before = loading.getBoundingClientRect().height;
      await expect(loading).to.be.accessible();
      server.restore();
      server = stubFetch({ services: () => ({ status: 200, body: six }) });
      const el = await widget(html`<soleus-booking-calendar time-zone="UTC"></soleus-booking-calendar>`);
      expect(heading(el)).to.equal('Choose a treatment');
      expect($$(el, '[part=service]').length).to.equal(6);
      const after = el.getBoundingClientRect().height;
      expect(Math.abs(after - before), `skeleton ${before}px, list ${after}px`).to.be.lessThan(8);
    });

    it('aria-busy marks only what is loading, never an ancestor of the live regions', async () => {
      server = stubFetch({ post: () => 'hold' });
      const el = await widget();
      await toReview(el);
      press(el, 'Confirm booking');
      await until(() => status(el) == 'Booking…', 'booking');
      expect(busyAround(el, '[role=status]')).to.equal(false);
      server.restore();
      let hold = false;
      server = stubFetch({ availability: () => (hold ? 'hold' : undefined) });
      const month = await widget();
      await settle(50);
      hold = true;
      const next = $$(month, '[part=nav]')[1]!;
      next.click();
      await settle(20);
      next.click();
      await until(() => $(month, 'table').getAttribute('aria-busy') == 'true', 'a month loading');
      expect(busyAround(month, '#mh'), 'the month heading is live').to.equal(false);
      expect(busyAround(month, '[role=status]')).to.equal(false);
    });

    it('Continue with no time chosen asks for one and moves focus to the first time', async () => {
      server = stubFetch();
      const el = await widget();
      $(el, 'td button[part~=available]').click();
      await until(() => !!shadow(el).querySelector('input[name=slot]'), 'times');
      press(el, 'Continue');
      await until(() => status(el) == 'Choose a time to continue.', 'the message');
      expect($(el, '[role=status]').part.contains('error'), 'a prompt, not an error').to.equal(false);
      expect(focused(el)).to.equal($$(el, 'input[name=slot]')[0]);
      expect(heading(el)).to.match(/^Choose a day/);
      await expect(el).to.be.accessible();
    });

    it('names each plan choice uniquely, announces how many were suggested and focuses the list heading', async () => {
      server = stubFetch();
      const el = await widget();
      await suggestPlan(el);
      await until(() => focused(el)?.id == 'ph', 'focus on the list heading');
      expect($(el, '#ph').textContent).to.equal('Suggested sessions');
      const selects = $$<HTMLSelectElement>(el, '.list select');
      const names = selects.map((x) => x.labels[0]!.textContent);
      expect(new Set(names).size, names.join(' / ')).to.equal(names.length);
      const n = $$(el, '.list li').length;
      expect(
        names.filter((x) => x!.startsWith('Build-up session (')).length,
        'several build-up sessions',
      ).to.be.greaterThan(1);
      expect(names[0]).to.equal(`Build-up session (1 of ${n})`);
      expect(names[1]).to.equal(`Build-up session (2 of ${n})`);
      // The count announced is the list shown (issue 11: "Sessions suggested: 7" over a list of 9).
      const later = $$(el, '.list li').filter((li) => /Bookable later/.test(li.textContent!)).length;
      expect(later, 'maintenance three months after an event 40 days ahead is past the horizon').to.be.greaterThan(0);
      expect(status(el)).to.equal(`Sessions suggested: ${n} (${later} bookable later)`);
      expect(selects.length + later, 'every session listed is either chosen now or bookable later').to.equal(n);
      await expect(el).to.be.accessible();
    });

    it('popup: a name while loading, then focus on the step heading', async () => {
      server = stubFetch({ services: () => 'hold' });
      const el = await widget(
        html`<soleus-booking-calendar
          mode="popup"
          time-zone="UTC"
          service="sports-massage-60"
        ></soleus-booking-calendar>`,
      );
      $(el, '[part=open-button]').click();
      await settle(20);
      const dialog = $<HTMLDialogElement>(el, 'dialog');
      expect(dialog.open).to.equal(true);
      expect(dialog.getAttribute('aria-label')).to.equal('Book a session');
      expect(dialog.hasAttribute('aria-labelledby')).to.equal(false);
      await expect(el).to.be.accessible();
      dialog.close();
      server.restore();
      server = stubFetch();
      const ready = await widget(
        html`<soleus-booking-calendar
          mode="popup"
          time-zone="UTC"
          service="sports-massage-60"
        ></soleus-booking-calendar>`,
      );
      $(ready, '[part=open-button]').click();
      await until(() => focused(ready)?.id == 'h', 'focus on the step heading');
      const d = $<HTMLDialogElement>(ready, 'dialog');
      expect(d.getAttribute('aria-labelledby')).to.equal('h');
      expect(d.hasAttribute('aria-label')).to.equal(false);
      await expect(ready).to.be.accessible();
      d.close();
    });

    it('says the server’s refusals in German; an unknown code keeps the server’s words', async () => {
      const de = (await import('../../../src/components/booking-calendar/messages/de.js')).default;
      let answer: Answer = 'network';
      server = stubFetch({ post: () => answer });
      const el = await widget(
        html`<soleus-booking-calendar lang="de" time-zone="UTC" service="sports-massage-60"></soleus-booking-calendar>`,
      );
      await until(() => heading(el) == 'Tag wählen', 'German');
      await pickFirstTime(el);
      press(el, 'Weiter');
      await until(() => heading(el) == 'Ihre Angaben', 'details');
      type(el, '#name', 'Anna');
      type(el, '#email', 'anna@example.com');
      press(el, 'Weiter');
      await until(() => heading(el) == 'Prüfen und bestätigen', 'review');
      const errors: string[] = [];
      el.addEventListener('soleus-booking-error', (e) => errors.push(e.detail.message));
      const attempt = async (a: Answer, said: string) => {
        answer = a;
        press(el, 'Verbindlich buchen');
        await until(() => status(el) == said, said);
      };
      await attempt(
        { status: 429, body: { error: { code: 'too_many_requests', message: 'Too many requests' } } },
        de.errors.too_many_requests,
      );
      await attempt(
        { status: 409, body: { error: { code: 'request_in_progress', message: 'This booking is still being made' } } },
        de.errors.request_in_progress,
      );
      await attempt(
        { status: 503, body: { error: { code: 'busy', message: 'We are very busy right now' } } },
        de.errors.busy,
      );
      await attempt(
        { status: 400, body: { error: { code: 'something_new', message: 'Words from the server.' } } },
        'Words from the server.',
      );
      expect(heading(el)).to.equal('Prüfen und bestätigen');
      await attempt(
        {
          status: 422,
          body: { error: { code: 'outside_booking_window', message: 'This time has passed or is too soon to book' } },
        },
        de.errors.outside_booking_window,
      );
      expect(heading(el), 'fresh times for the day').to.equal('Tag wählen');
      expect(status(el)).to.not.match(/gerade vergeben/);
      expect(errors.at(-1)).to.equal(de.errors.outside_booking_window);
      expect($(el, '[role=alert]').part.contains('error'), 'a problem is styled as one').to.equal(true);
      expect($(el, '[role=alert]').textContent, 'and said as an alert').to.equal(de.errors.outside_booking_window);
      await expect(el).to.be.accessible();
    });

    it('names the zone on the review and the confirmation, with the practice time where it differs', async () => {
      server = stubFetch();
      const el = await widget(
        html`<soleus-booking-calendar time-zone="Asia/Tokyo" service="sports-massage-60"></soleus-booking-calendar>`,
      );
      await toReview(el);
      expect($$(el, '.note').map((n) => n.textContent)).to.include('Times shown in Tokyo time');
      expect($$(el, 'dd')[1]!.textContent).to.match(/\(\d{1,2}:00–\d{1,2}:59 in London\)$/);
      await expect(el).to.be.accessible();
      press(el, 'Confirm booking');
      await until(() => heading(el) == 'You are booked in', 'booked');
      expect($$(el, '.note').map((n) => n.textContent)).to.include('Times shown in Tokyo time');
      expect($(el, '.booked span').textContent).to.match(/\(\d{1,2}:00 in London\)$/);
      await expect(el).to.be.accessible();
    });
  });

  it('keeps a readable width in a host flex row instead of shrinking to its longest word', async () => {
    server = stubFetch();
    const row = await fixture<HTMLDivElement>(
      html`<div style="display: flex; width: 700px">
        <p>${'Host page text that would take all the room. '.repeat(8)}</p>
        <soleus-booking-calendar time-zone="UTC" service="sports-massage-60"></soleus-booking-calendar>
      </div>`,
    );
    const el = row.querySelector('soleus-booking-calendar')!;
    await until(() => !!el.shadowRoot?.querySelector('#h'), 'the month');
    expect(el.getBoundingClientRect().width).to.be.at.least(280);
    row.style.width = '200px';
    expect(el.getBoundingClientRect().width).to.be.at.most(200);
  });

  it('loads German on demand: names, dates and a Sunday-less week start', async () => {
    server = stubFetch();
    const el = await widget(
      html`<soleus-booking-calendar lang="de" time-zone="UTC" service="sports-massage-60"></soleus-booking-calendar>`,
    );
    await until(() => heading(el) == 'Tag wählen', 'German');
    expect($(el, 'th .sr-only').textContent).to.equal('Montag');
    expect($(el, 'td button[part~=available]').getAttribute('aria-label')).to.match(
      /^\w+, \d+\. \w+ \d{4}, 3 Uhrzeiten frei$/,
    );
    await expect(el).to.be.accessible();
  });

  it('names the visitor zone and shows the practice time beside each when the clocks differ', async () => {
    server = stubFetch();
    const el = await widget(
      html`<soleus-booking-calendar time-zone="Asia/Tokyo" service="sports-massage-60"></soleus-booking-calendar>`,
    );
    $(el, 'td button[part~=available]').click();
    await until(() => !!shadow(el).querySelector('.time'), 'times');
    expect($(el, '#tz').textContent).to.equal('Times shown in Tokyo time');
    expect($(el, '.time small').textContent).to.match(/^\d{1,2}:00 in London$/);
    await expect(el).to.be.accessible();
  });

  it('shows times in the locale’s own clock: 09:00 in en-GB, 9:00 AM in en-US', async () => {
    server = stubFetch();
    for (const [lang, first] of [
      ['en-GB', /^09:00/],
      ['en-US', /^9:00\sAM/],
    ] as const) {
      const el = await widget(
        html`<soleus-booking-calendar
          lang=${lang}
          time-zone="UTC"
          service="sports-massage-60"
        ></soleus-booking-calendar>`,
      );
      await until(() => $(el, '.root').getAttribute('lang') == lang, lang);
      $(el, 'td button[part~=available]').click();
      await until(() => !!shadow(el).querySelector('.time'), 'times');
      expect($(el, '.time span').textContent).to.match(first);
    }
  });

  it('week-start="sunday" overrides the language', async () => {
    server = stubFetch();
    const el = await widget(
      html`<soleus-booking-calendar
        week-start="sunday"
        time-zone="UTC"
        service="sports-massage-60"
      ></soleus-booking-calendar>`,
    );
    expect($(el, 'th .sr-only').textContent).to.equal('Sunday');
  });
});

/** After "Book another": pick a time and go through details (already filled) to review. */
async function toReviewKeepingDetails(el: SoleusBookingCalendar): Promise<void> {
  await pickFirstTime(el);
  press(el, 'Continue');
  await until(() => heading(el) == 'Your details', 'details');
  press(el, 'Continue');
  await until(() => heading(el) == 'Check and confirm', 'review');
}
