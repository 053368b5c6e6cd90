import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { $, $$, booking, focused, settle, status, stubFetch, until, widget } from './helpers.js';

type Stub = ReturnType<typeof stubFetch>;

describe('<soleus-booking-manage>', () => {
  let server: Stub | undefined;
  afterEach(() => server?.restore());

  const text = (el: Element, selector: string) => $(el, selector).textContent ?? '';

  it('loading: says so in the live region and shows a skeleton, axe finds nothing', async () => {
    server = stubFetch({ get: () => 'hold' });
    const el = await widget();
    expect(status(el)).to.equal('Loading your booking…');
    expect($$(el, '.skeleton').length).to.equal(1);
    await expect(el).to.be.accessible();
  });

  it('loaded and changeable: the facts, calendar links and the two actions; sends the token as a bearer', async () => {
    server = stubFetch();
    const el = await widget();
    await until(() => $$(el, '#details').length == 1, 'the booking');
    expect(text(el, '#what')).to.equal('Sports massage (60 minutes)');
    expect(text(el, '#when')).to.match(/^\w+day \d+ \w+ \d{4}, 10:00$/);
    expect(text(el, '#state')).to.equal('Confirmed');
    expect(status(el)).to.equal('');
    const links = $$<HTMLAnchorElement>(el, '.cal a').map((a) => a.href);
    expect(links[0]).to.equal('https://soleus.test/api/v1/bookings/bk_1/calendar.ics?token=secret-token');
    expect(links[1]).to.match(/^https:\/\/calendar\.google\.com\//);
    expect(links[2]).to.match(/^https:\/\/outlook\.live\.com\//);
    expect($$(el, '[part~=book-again]').length).to.equal(0);
    expect($$(el, '#move-open, #cancel').length).to.equal(2);
    expect(server.calls[0]!.headers.Authorization).to.equal('Bearer secret-token');
    await expect(el).to.be.accessible();
  });

  it('not changeable: gives the practice phone and email as links, in the notice style, not the error style', async () => {
    const practice = {
      name: "Jim's Sports Massage",
      address: 'Studio 4',
      phone: '+44 20 7946 0321',
      email: 'jim@example.com',
    };
    server = stubFetch({ get: () => ({ status: 200, body: { booking: booking({ changeable: false, practice }) } }) });
    const el = await widget();
    await until(() => $$(el, '#details').length == 1, 'the booking');
    expect($(el, '[role=status]').textContent).to.match(/^This booking can no longer be changed online/);
    expect($(el, '[role=alert]').textContent, 'a fact, not an error').to.equal('');
    expect(text(el, '.contact').replace(/\s+/g, ' ').trim()).to.equal(
      "To change or cancel it, contact Jim's Sports Massage: +44 20 7946 0321 · jim@example.com",
    );
    const links = $$<HTMLAnchorElement>(el, '.contact a').map((a) => a.getAttribute('href'));
    expect(links).to.deep.equal(['tel:+442079460321', 'mailto:jim@example.com']);
    await expect(el).to.be.accessible();
  });

  it('changeable: no contact line', async () => {
    server = stubFetch();
    const el = await widget();
    await until(() => $$(el, '#details').length == 1, 'the booking');
    expect($$(el, '.contact').length).to.equal(0);
  });

  it('not changeable: says why and until when, offers no move or cancel', async () => {
    server = stubFetch({ get: () => ({ status: 200, body: { booking: booking({ changeable: false }) } }) });
    const el = await widget();
    await until(() => $$(el, '#details').length == 1, 'the booking');
    expect(status(el)).to.match(/^This booking can no longer be changed online: changes were possible until .+\./);
    expect($$(el, '#move-open, #cancel').length).to.equal(0);
    expect($$(el, '.cal a').length, 'still in the diary').to.equal(3);
    await expect(el).to.be.accessible();
  });

  it('moving, keyboard only: the month opens on the booking’s day, arrows to the next day, a time, Move; then moved', async () => {
    const moves: CustomEvent[] = [];
    server = stubFetch();
    const el = await widget();
    el.addEventListener('soleus-booking-manage-moved', (e) => moves.push(e as CustomEvent));
    await until(() => $$(el, '#move-open').length == 1, 'the actions');
    $(el, '#move-open').focus();
    await sendKeys({ press: 'Enter' });
    await until(() => $$(el, 'td button[part~=available]').length > 0, 'the free days');
    expect(focused(el)?.id, 'the heading takes focus').to.equal('mv');
    await expect(el).to.be.accessible();
    const own = booking().start.slice(0, 10);
    const roving = $(el, 'td button[tabindex="0"]');
    expect(roving.dataset.day).to.equal(own);
    roving.focus();
    await sendKeys({ press: 'ArrowRight' });
    const next = focused(el)!.dataset.day!;
    expect(next > own).to.equal(true);
    await sendKeys({ press: 'Enter' });
    await until(() => focused(el)?.id == 'th', 'the times heading');
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'Tab' });
    expect((focused(el) as HTMLInputElement).type).to.equal('radio');
    await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: 'ArrowRight' });
    expect((focused(el) as HTMLInputElement).checked).to.equal(true);
    for (let i = 0; i < 5 && focused(el)?.id != 'move'; i++) await sendKeys({ press: 'Tab' });
    expect(focused(el)?.id).to.equal('move');
    await sendKeys({ press: 'Enter' });
    await until(() => /^Moved\./.test(status(el)), 'moved');
    const post = server.calls.find((c) => c.url.endsWith('/reschedule'))!;
    expect(post.body).to.deep.equal({ start: `${next}T12:00:00.000Z` });
    expect(text(el, '#when')).to.match(/12:00$/);
    expect(focused(el)?.id, 'the live region takes focus').to.equal('status');
    expect(moves.length).to.equal(1);
    expect(moves[0]!.detail.previousStart).to.equal(booking().start);
    await expect(el).to.be.accessible();
  });

  it('moving: Move with no time chosen asks for one; Keep the current time closes the month', async () => {
    server = stubFetch();
    const el = await widget();
    await until(() => $$(el, '#move-open').length == 1, 'the actions');
    $(el, '#move-open').click();
    await until(() => $$(el, '#move').length == 1, 'the month');
    $(el, '#move').click();
    await settle(10);
    expect(status(el)).to.equal('Choose a day and a time first.');
    expect($(el, '[role=alert]').getAttribute('part')).to.equal('status error');
    expect($(el, '[role=alert]').textContent, 'a problem is an alert').to.equal('Choose a day and a time first.');
    expect(server.calls.some((c) => c.url.endsWith('/reschedule'))).to.equal(false);
    $(el, '#move-keep').click();
    await until(() => focused(el)?.id == 'move-open', 'back to the actions');
  });

  it('a time taken meanwhile: says so, reloads the free times, books nothing', async () => {
    server = stubFetch({
      reschedule: () => ({ status: 409, body: { error: { code: 'slot_unavailable', message: 'Taken.' } } }),
    });
    const el = await widget();
    await until(() => $$(el, '#move-open').length == 1, 'the actions');
    $(el, '#move-open').click();
    await until(() => $$(el, 'td button[part~=available]').length > 0, 'the free days');
    $(el, 'td button[part~=available]').click();
    await until(() => $$(el, 'input[name=slot]').length > 0, 'the times');
    $<HTMLInputElement>(el, 'input[name=slot]').click();
    const before = server.calls.filter((c) => c.url.includes('/availability')).length;
    $(el, '#move').click();
    await until(() => /just taken/.test(status(el)), 'the refusal');
    expect(status(el)).to.equal('Sorry, that time was just taken. Please choose another.');
    expect(server.calls.filter((c) => c.url.includes('/availability')).length).to.be.greaterThan(before);
    expect($$(el, '#move').length, 'the month stays open').to.equal(1);
    await expect(el).to.be.accessible();
  });

  it('too late to move: says so in words and shows the booking as it stands', async () => {
    let late = false;
    server = stubFetch({
      get: () => ({ status: 200, body: { booking: booking({ changeable: !late }) } }),
      reschedule: () => {
        late = true;
        return { status: 409, body: { error: { code: 'too_late', message: 'Too late (server words).' } } };
      },
    });
    const el = await widget();
    await until(() => $$(el, '#move-open').length == 1, 'the actions');
    $(el, '#move-open').click();
    await until(() => $$(el, 'td button[part~=available]').length > 0, 'the free days');
    $(el, 'td button[part~=available]').click();
    await until(() => $$(el, 'input[name=slot]').length > 0, 'the times');
    $<HTMLInputElement>(el, 'input[name=slot]').click();
    $(el, '#move').click();
    await until(() => /Too late/.test(status(el)), 'the refusal');
    expect(status(el)).to.equal('Too late to change this booking online. Please contact the practice.');
    expect($$(el, '#move-open, #move').length).to.equal(0);
    await expect(el).to.be.accessible();
  });

  it('cancel, keyboard only: asks first (Keep it goes back), then cancels; no calendar links, Book again instead', async () => {
    const cancels: Event[] = [];
    server = stubFetch();
    const el = await widget();
    el.addEventListener('soleus-booking-manage-cancelled', (e) => cancels.push(e));
    await until(() => $$(el, '#cancel').length == 1, 'the actions');
    $(el, '#cancel').focus();
    await sendKeys({ press: 'Enter' });
    await until(() => focused(el)?.id == 'cancel-yes', 'the question');
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Enter' });
    await until(() => focused(el)?.id == 'cancel', 'kept');
    expect(server.calls.some((c) => c.url.endsWith('/cancel'))).to.equal(false);
    await sendKeys({ press: 'Enter' });
    await until(() => focused(el)?.id == 'cancel-yes', 'the question again');
    await sendKeys({ press: 'Enter' });
    await until(() => status(el).startsWith('Your booking is cancelled.'), 'cancelled');
    expect(text(el, '#state')).to.equal('Cancelled');
    expect($$(el, '.cal a').length).to.equal(0);
    expect($<HTMLAnchorElement>(el, '[part~=book-again]').href).to.equal('https://practice.test/');
    expect($$(el, '#move-open, #cancel').length).to.equal(0);
    expect(cancels.length).to.equal(1);
    await expect(el).to.be.accessible();
  });

  it('a cancelled booking opened later: says so, Book again, nothing to change', async () => {
    server = stubFetch({
      get: () => ({ status: 200, body: { booking: booking({ status: 'cancelled', changeable: false }) } }),
    });
    const el = await widget();
    await until(() => $$(el, '#details').length == 1, 'the booking');
    expect(status(el)).to.equal('This booking is cancelled.');
    expect($$(el, '[part~=book-again]').length).to.equal(1);
    expect($$(el, '.cal a').length).to.equal(0);
    await expect(el).to.be.accessible();
  });

  it('errors: a wrong link, an incomplete link, and a network failure with Try again', async () => {
    const errors: CustomEvent[] = [];
    server = stubFetch();
    let el = await widget({ id: 'bk_nothing' });
    await until(() => /No booking matches/.test(status(el)), 'not found');
    expect($$(el, '#details').length).to.equal(0);
    await expect(el).to.be.accessible();

    el = await widget({ id: '', token: '' });
    await until(() => /incomplete/.test(status(el)), 'incomplete');
    expect(status(el)).to.equal('This link is incomplete. Open the whole link from your confirmation email.');
    await expect(el).to.be.accessible();
    server.restore();

    let fail = true;
    server = stubFetch({ get: () => (fail ? 'network' : { status: 200, body: { booking: booking() } }) });
    el = await widget();
    el.addEventListener('soleus-booking-manage-error', (e) => errors.push(e as CustomEvent));
    await until(() => /Could not reach/.test(status(el)), 'the network error', 4000);
    await expect(el).to.be.accessible();
    fail = false;
    $(el, '[part~=retry]').focus();
    await sendKeys({ press: 'Enter' });
    await until(() => $$(el, '#details').length == 1, 'loaded after Try again');
    expect($$(el, '[part~=retry]').length).to.equal(0);
  });

  it('speaks German: facts, the month and the server’s refusals', async () => {
    server = stubFetch({
      cancel: () => ({ status: 409, body: { error: { code: 'too_late', message: 'Too late.' } } }),
    });
    const el = await widget({ lang: 'de' });
    await until(() => text(el, '#state') == 'Bestätigt', 'German', 4000);
    $(el, '#move-open').click();
    // The month's words come from the booking calendar's German catalogue, a file of its own.
    await until(() => $$(el, 'th .sr-only')[0]?.textContent == 'Montag', 'the month in German', 4000);
    expect($(el, 'th .sr-only').textContent).to.equal('Montag');
    $(el, '#move-keep').click();
    await settle(10);
    $(el, '#cancel').click();
    await until(() => $$(el, '#cancel-yes').length == 1, 'the question');
    $(el, '#cancel-yes').click();
    await until(() => /Zu spät/.test(status(el)), 'the refusal in German');
    await expect(el).to.be.accessible();
  });
});
