// The page a confirmation email links to: /manage#booking=<id>&token=<manage token>.
// The token stays in the fragment, so it never reaches server logs or a Referer header.
const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.hash.slice(1));
const id = params.get('booking') ?? '';
const token = params.get('token') ?? '';
const visitorZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
let booking;

function say(text, { error = false } = {}) {
  const status = $('status');
  status.textContent = text;
  status.classList.toggle('error', error);
}

function formatWhen(iso, zone) {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
}

const city = (zone) => zone.split('/').pop().replace(/_/g, ' ');

function when(b) {
  let text = `${formatWhen(b.start, visitorZone)} (${city(visitorZone)} time)`;
  const practice = b.practiceTimeZone;
  if (practice && practice !== visitorZone) {
    const local = new Intl.DateTimeFormat('en-GB', { timeZone: practice, hour: '2-digit', minute: '2-digit' }).format(
      new Date(b.start),
    );
    text += `, ${local} in ${city(practice)}`;
  }
  return text;
}

async function api(path, init = {}) {
  const response = await fetch(path, {
    ...init,
    credentials: 'omit',
    headers: {
      Authorization: `Bearer ${token}`,
      ...(init.body ? { 'Content-Type': 'application/json' } : {}),
      ...init.headers,
    },
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(body?.error?.message ?? 'Something went wrong; please try again.');
    error.code = body?.error?.code;
    error.fields = body?.error?.fields;
    throw error;
  }
  return body;
}

function show(b) {
  booking = b;
  if (b.practice?.name) {
    $('title').textContent = `Your booking with ${b.practice.name}`;
    document.title = `Your booking with ${b.practice.name}`;
  }
  $('what').textContent = b.serviceName;
  $('where').textContent = b.practice?.address ?? '';
  $('where').hidden = $('where-label').hidden = !b.practice?.address;
  $('when').textContent = when(b);
  $('state').textContent = b.status === 'cancelled' ? 'Cancelled' : 'Confirmed';
  $('ics').href = `/api/v1/bookings/${encodeURIComponent(b.id)}/calendar.ics?token=${encodeURIComponent(token)}`;
  $('ics').hidden = b.status === 'cancelled';
  const series = b.series?.filter((s) => s.status === 'confirmed') ?? [];
  $('series-note').hidden = series.length < 2;
  $('series-note').textContent =
    `This session is one of ${series.length} in your series; changes here apply to this session only.`;
  $('changes').hidden = !b.changeable;
  if (b.changeable) {
    $('deadline').textContent = `You can move or cancel it online until ${formatWhen(b.changeableUntil, visitorZone)}.`;
  }
  $('details').hidden = false;
}

async function load() {
  if (!id || !token) {
    say('This link is incomplete. Open the whole link from your confirmation email.', { error: true });
    return;
  }
  try {
    const { booking: b } = await api(`/api/v1/bookings/${encodeURIComponent(id)}`);
    show(b);
    say(
      b.status === 'cancelled'
        ? 'This booking is cancelled.'
        : b.changeable
          ? ''
          : 'This booking can no longer be changed online; please contact the practice.',
    );
  } catch (error) {
    say(error.message, { error: true });
  }
}

function moveError(text) {
  const el = $('move-error');
  el.hidden = !text;
  el.textContent = text ?? '';
  $('move-day').setAttribute('aria-invalid', text ? 'true' : 'false');
}

$('move-day').addEventListener('change', async (event) => {
  const day = event.target.value;
  const times = $('times');
  times.replaceChildren();
  $('move').disabled = true;
  moveError();
  if (!day) return;
  try {
    const query = new URLSearchParams({ service: booking.serviceId, from: day, to: day, timeZone: visitorZone });
    const { slots } = await api(`/api/v1/availability?${query}`);
    if (slots.length === 0) {
      moveError('No free times that day; try another day.');
      return;
    }
    for (const slot of slots) {
      const label = document.createElement('label');
      const input = Object.assign(document.createElement('input'), { type: 'radio', name: 'start', value: slot.start });
      input.addEventListener('change', () => ($('move').disabled = false));
      label.append(
        input,
        new Intl.DateTimeFormat('en-GB', { timeZone: visitorZone, hour: '2-digit', minute: '2-digit' }).format(
          new Date(slot.start),
        ),
      );
      times.append(label);
    }
    say(`${slots.length} free time${slots.length === 1 ? '' : 's'} on that day.`);
  } catch (error) {
    moveError(error.message);
  }
});

$('move-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const start = new FormData(event.target).get('start');
  if (!start) {
    moveError('Choose a day and a time first.');
    $('move-day').focus();
    return;
  }
  $('move').disabled = true;
  try {
    const { booking: b } = await api(`/api/v1/bookings/${encodeURIComponent(id)}/reschedule`, {
      method: 'POST',
      body: JSON.stringify({ start }),
    });
    show({ ...booking, ...b });
    $('times').replaceChildren();
    event.target.reset();
    say(`Moved. Your booking is now ${when(b)}. We have emailed you the update.`);
    $('title').focus?.();
  } catch (error) {
    moveError(error.message);
    $('move').disabled = false;
  }
});

$('cancel-form').addEventListener('submit', (event) => {
  event.preventDefault();
  $('cancel-confirm').hidden = false;
  $('cancel-yes').focus();
});
$('cancel-no').addEventListener('click', () => {
  $('cancel-confirm').hidden = true;
  $('cancel').focus();
});
$('cancel-yes').addEventListener('click', async () => {
  try {
    const { booking: b } = await api(`/api/v1/bookings/${encodeURIComponent(id)}/cancel`, { method: 'POST' });
    show({ ...booking, ...b, changeable: false });
    say('Your booking is cancelled. We have emailed you a confirmation.');
    $('main').focus();
  } catch (error) {
    say(error.message, { error: true });
  }
});

load();
