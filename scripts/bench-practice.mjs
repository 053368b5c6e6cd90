// Fixture for scripts/bench.mjs: the bench practice and the slot starts it offers.
// The slot grid is computed here on its own (not with the server's engine), so a wrong answer from the
// server shows up as a mismatch instead of being copied.

export const ZONE = 'Europe/London';
export const PRACTITIONER = 'bench';
/** The service the availability run reads and the seeds book: 15 minutes on a 15-minute grid. */
export const SEED_SERVICE = { id: 's15', minutes: 15 };
/** The service the fresh-slot post run books: 5 minutes on a 5-minute grid (288 slots a day, so the run never runs dry). */
export const FRESH_SERVICE = { id: 's5', minutes: 5 };
export const HORIZON_DAYS = 400;

const allDay = [['00:00', '24:00']];

/** The practice configuration JSON: one practitioner open round the clock every day. */
export function benchPractice() {
  const service = (id, name, minutes) => ({
    id,
    name,
    description: 'Benchmark service',
    durationMinutes: minutes,
    price: null,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    slotIntervalMinutes: minutes,
    minNoticeHours: 0,
    horizonDays: HORIZON_DAYS,
    cancellationNoticeHours: 0,
  });
  return {
    name: 'Bench Practice',
    timeZone: ZONE,
    email: 'bench@example.com',
    feedToken: 'bench-feed-token-0123456789abcdef',
    practitioners: [
      {
        id: PRACTITIONER,
        name: 'Bench',
        hours: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
        exceptions: [],
      },
    ],
    services: [
      service(SEED_SERVICE.id, 'Bench 15 minutes', SEED_SERVICE.minutes),
      service(FRESH_SERVICE.id, 'Bench 5 minutes', FRESH_SERVICE.minutes),
    ],
  };
}

const formatters = new Map();
function wallParts(ms, zone) {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, f);
  }
  const p = {};
  for (const { type, value } of f.formatToParts(new Date(ms))) p[type] = value;
  return p;
}

/** Wall time of an instant as `YYYY-MM-DDTHH:MM`. */
function wall(ms, zone) {
  const p = wallParts(ms, zone);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** `YYYY-MM-DD` of an instant in the zone. */
export function dayIn(ms, zone = ZONE) {
  return wall(ms, zone).slice(0, 10);
}

/** `day` + n days (calendar arithmetic). */
export function addDays(day, n) {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

function offsetAt(ms, zone) {
  const p = wallParts(ms, zone);
  return Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second) - Math.floor(ms / 1000) * 1000;
}

/** The instant of local midnight starting `day` in the zone (midnight is never inside a DST gap in London). */
export function midnight(day, zone = ZONE) {
  const [y, m, d] = day.split('-').map(Number);
  const utc = Date.UTC(y, m - 1, d);
  let t = utc - offsetAt(utc, zone);
  t = utc - offsetAt(t, zone);
  if (wall(t, zone) !== `${day}T00:00`) throw new Error(`Cannot place midnight of ${day} in ${zone}`);
  return t;
}

/**
 * Slot starts (epoch ms) of a service open 00:00–24:00 every day, from `fromDay` to `toDay` inclusive, nothing booked.
 * Every real instant on the grid, except the second occurrence of a wall time repeated when clocks go back
 * (the engine offers a repeated wall time once, at its first occurrence).
 */
export function gridStarts(fromDay, toDay, minutes, zone = ZONE) {
  const step = minutes * 60_000;
  const from = midnight(fromDay, zone);
  const until = midnight(addDays(toDay, 1), zone); // the last slot must end by 24:00 of toDay
  const starts = [];
  for (let t = from; t + step <= until; t += step) {
    if (wall(t, zone) === wall(t - 3_600_000, zone)) continue; // fall-back repeat
    starts.push(t);
  }
  return starts;
}
