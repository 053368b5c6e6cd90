import { Hono } from 'hono';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import {
  DEFAULT_INSIGHT_WEEKS,
  INSIGHT_WEEKS_AHEAD,
  LEAD_BUCKETS,
  OwnerInsightsQuerySchema,
  type OwnerInsightsResponse,
} from '../core/schemas/insights.js';
import { addDays, dayInZone, wallBoundaryToInstant, weekdayOf, zoneOffsetMs } from './booking/time.js';
import type { Database } from './db/schema.js';
import { requireAdmin } from './http/auth.js';
import { validate } from './http/validate.js';

/**
 * The owner's insights (`GET …/owner/insights`): six small charts, each answered by the database in one query.
 *
 * Weeks and hours are the practice's wall time, and that is done without zone support in SQL (SQLite has none): the
 * query is handed a VALUES table of the instants that bound each week (Monday 00:00 in the zone, so a week with a
 * clock change is 167 or 169 hours long), or, for the heat map, of the spans of instants over which the zone keeps one
 * UTC offset. An instant plus its span's offset is its wall time as if it were UTC, and integer division of that
 * gives the weekday and the hour on both engines. Both tables are computed here from the zone's rules (Intl), a few
 * dozen rows.
 */

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export interface InsightsContext {
  db: Kysely<Database>;
  now: () => Date;
  timeZone: () => string;
  adminToken: string | undefined;
}

interface Week {
  idx: number;
  start: string;
  from: number;
  to: number;
}

/** The Monday (`YYYY-MM-DD`) of the week of `day`. */
const mondayOf = (day: string): string => addDays(day, -WEEKDAYS.indexOf(weekdayOf(day)));

/** `past` weeks ending with this one, then the weeks ahead, each [Monday 00:00, next Monday 00:00) in `zone`. */
export function insightWeeks(now: Date, zone: string, past: number, ahead = INSIGHT_WEEKS_AHEAD): Week[] {
  const first = addDays(mondayOf(dayInZone(now, zone)), -7 * (past - 1));
  const weeks: Week[] = [];
  for (let i = 0; i < past + ahead; i++) {
    const start = addDays(first, 7 * i);
    weeks.push({
      idx: i,
      start,
      from: wallBoundaryToInstant(start, 0, zone),
      to: wallBoundaryToInstant(addDays(start, 7), 0, zone),
    });
  }
  return weeks;
}

/** The spans of [from, to) over which `zone` keeps one offset, with that offset (wall = instant + offset). */
export function offsetSpans(from: number, to: number, zone: string): { from: number; to: number; offset: number }[] {
  const spans: { from: number; to: number; offset: number }[] = [];
  let start = from;
  let offset = zoneOffsetMs(from, zone);
  for (let t = from; t < to;) {
    const next = Math.min(t + DAY_MS, to);
    if (zoneOffsetMs(next, zone) === offset) {
      t = next;
      continue;
    }
    // The offset changes in (t, next]: find the first second of the new one (zones change at whole seconds).
    let lo = t;
    let hi = next;
    while (hi - lo > 1000) {
      const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
      if (zoneOffsetMs(mid, zone) === offset) lo = mid;
      else hi = mid;
    }
    spans.push({ from: start, to: hi, offset });
    start = t = hi;
    offset = zoneOffsetMs(hi, zone);
  }
  if (start < to) spans.push({ from: start, to, offset });
  return spans;
}

const int = (n: number) => sql`cast(${n} as bigint)`;
const text = (s: string) => sql`cast(${s} as text)`;
const num = (v: unknown): number => Number(v ?? 0);

/** `weeks (idx, from_ms, to_ms, from_iso, to_iso)`: the weeks as a VALUES table. */
function weeksTable(weeks: Week[]): RawBuilder<unknown> {
  const rows = weeks.map(
    (w) =>
      sql`(${int(w.idx)}, ${int(w.from)}, ${int(w.to)}, ${text(new Date(w.from).toISOString())}, ${text(new Date(w.to).toISOString())})`,
  );
  return sql`weeks (idx, from_ms, to_ms, from_iso, to_iso) as (values ${sql.join(rows)})`;
}

/** Everything the insights screen shows, for `past` weeks counted back from `now` in `zone`. */
export async function insights(
  db: Kysely<Database>,
  now: Date,
  zone: string,
  past: number,
): Promise<OwnerInsightsResponse> {
  const weeks = insightWeeks(now, zone, past);
  const pastWeeks = weeks.slice(0, past);
  const from = weeks[0]!.from;
  const to = weeks.at(-1)!.to;
  const nowMs = now.getTime();
  const table = weeksTable(weeks);
  const pastTable = weeksTable(pastWeeks);
  const spans = offsetSpans(from, to, zone).map((s) => sql`(${int(s.from)}, ${int(s.to)}, ${int(s.offset)})`);

  const [bookings, outcomes, heat, leads, newsletter, comments] = await Promise.all([
    // Bookings per week with their takings, per currency (a practice may price in more than one).
    sql<{ idx: unknown; currency: string | null; sessions: unknown; amount: unknown }>`
      with ${table}
      select w.idx as idx, b.price_currency as currency, count(b.id) as sessions,
        sum(case when b.attendance = 'no_show' then 0 else coalesce(b.price_amount, 0) end) as amount
      from weeks w join bookings b on b.start_ms >= w.from_ms and b.start_ms < w.to_ms
      where b.status = 'confirmed'
      group by w.idx, b.price_currency`.execute(db),
    // What became of each past week's sessions.
    sql<Record<'idx' | 'attended' | 'no_show' | 'unmarked' | 'upcoming' | 'by_client' | 'by_owner' | 'late', unknown>>`
      with ${pastTable}
      select w.idx as idx,
        sum(case when b.status = 'confirmed' and b.attendance = 'attended' then 1 else 0 end) as attended,
        sum(case when b.status = 'confirmed' and b.attendance = 'no_show' then 1 else 0 end) as no_show,
        sum(case when b.status = 'confirmed' and b.attendance is null and b.start_ms <= ${int(nowMs)} then 1 else 0 end) as unmarked,
        sum(case when b.status = 'confirmed' and b.attendance is null and b.start_ms > ${int(nowMs)} then 1 else 0 end) as upcoming,
        sum(case when b.status = 'cancelled' and coalesce(b.cancelled_by, 'client') = 'client' then 1 else 0 end) as by_client,
        sum(case when b.status = 'cancelled' and b.cancelled_by = 'owner' then 1 else 0 end) as by_owner,
        sum(case when b.status = 'cancelled' and b.cancelled_ms > b.start_ms - ${int(DAY_MS)} then 1 else 0 end) as late
      from weeks w join bookings b on b.start_ms >= w.from_ms and b.start_ms < w.to_ms
      group by w.idx`.execute(db),
    // Busiest weekdays and hours: each session's wall time from the offset of the span it starts in.
    sql<{ day: unknown; hour: unknown; sessions: unknown }>`
      with zone_spans (from_ms, to_ms, offset_ms) as (values ${sql.join(spans)})
      select ((b.start_ms + z.offset_ms) / ${int(DAY_MS)} + 3) % 7 as day,
        ((b.start_ms + z.offset_ms) % ${int(DAY_MS)}) / ${int(HOUR_MS)} as hour,
        count(*) as sessions
      from zone_spans z join bookings b on b.start_ms >= z.from_ms and b.start_ms < z.to_ms
      where b.status = 'confirmed'
      group by day, hour`.execute(db),
    // How far ahead people book: per booking (a series or plan once, by its first session), made in the past weeks.
    sql<{ bucket: unknown; bookings: unknown; total: unknown }>`
      select case when ahead_ms < ${int(DAY_MS)} then 0 when ahead_ms < ${int(2 * DAY_MS)} then 1
          when ahead_ms < ${int(7 * DAY_MS)} then 2 when ahead_ms < ${int(14 * DAY_MS)} then 3
          when ahead_ms < ${int(30 * DAY_MS)} then 4 else 5 end as bucket,
        count(*) as bookings, sum(ahead_ms) as total
      from (
        select min(b.start_ms) - min(b.created_ms) as ahead_ms
        from bookings b
        where b.created_ms >= ${int(from)} and b.created_ms <= ${int(nowMs)}
        group by coalesce(b.series_id, b.id)
      ) made
      group by bucket`.execute(db),
    // Newsletter signups made and confirmations given, per past week (ISO instants compare as text).
    sql<{ idx: unknown; kind: string; n: unknown }>`
      with ${pastTable}
      select w.idx as idx, 'signup' as kind, count(*) as n
      from weeks w join subscribers s on s.created_at >= w.from_iso and s.created_at < w.to_iso
      group by w.idx
      union all
      select w.idx as idx, 'confirmed' as kind, count(*) as n
      from weeks w join subscribers s on s.confirmed_at >= w.from_iso and s.confirmed_at < w.to_iso
      group by w.idx`.execute(db),
    // Visitor comments per post, written in the past weeks.
    sql<Record<'thread' | 'published' | 'pending' | 'spam' | 'rejected' | 'total', unknown>>`
      select c.thread as thread,
        sum(case when c.status = 'published' then 1 else 0 end) as published,
        sum(case when c.status = 'pending' then 1 else 0 end) as pending,
        sum(case when c.status = 'spam' then 1 else 0 end) as spam,
        sum(case when c.status = 'rejected' then 1 else 0 end) as rejected,
        count(*) as total
      from comments c
      where c.created_ms >= ${int(from)} and c.created_ms <= ${int(nowMs)} and c.author_owner = 0
      group by c.thread
      order by total desc, thread
      limit 10`.execute(db),
  ]);

  const perWeek = weeks.map(() => ({ sessions: 0, money: [] as { amount: number; currency: string }[] }));
  for (const r of bookings.rows) {
    const week = perWeek[num(r.idx)]!;
    week.sessions += num(r.sessions);
    if (r.currency) week.money.push({ amount: num(r.amount), currency: r.currency });
  }
  for (const week of perWeek) week.money.sort((a, b) => b.amount - a.amount || a.currency.localeCompare(b.currency));

  const outcomeRows = pastWeeks.map(() => ({
    attended: 0,
    noShow: 0,
    unmarked: 0,
    upcoming: 0,
    cancelledByClient: 0,
    cancelledByOwner: 0,
    late: 0,
  }));
  for (const r of outcomes.rows) {
    outcomeRows[num(r.idx)] = {
      attended: num(r.attended),
      noShow: num(r.no_show),
      unmarked: num(r.unmarked),
      upcoming: num(r.upcoming),
      cancelledByClient: num(r.by_client),
      cancelledByOwner: num(r.by_owner),
      late: num(r.late),
    };
  }

  const leadRows = LEAD_BUCKETS.map((bucket) => ({ bucket, bookings: 0, meanHours: 0 }));
  for (const r of leads.rows) {
    const row = leadRows[num(r.bucket)]!;
    row.bookings = num(r.bookings);
    row.meanHours = row.bookings ? Math.round(num(r.total) / row.bookings / HOUR_MS) : 0;
  }

  const signupRows = pastWeeks.map(() => ({ signups: 0, confirmations: 0 }));
  for (const r of newsletter.rows) {
    const row = signupRows[num(r.idx)]!;
    if (r.kind === 'signup') row.signups = num(r.n);
    else row.confirmations = num(r.n);
  }

  return {
    timeZone: zone,
    weeks: weeks.map((w) => ({ start: w.start, ahead: w.idx >= past })),
    bookings: perWeek,
    outcomes: outcomeRows,
    heat: heat.rows
      .map((r) => ({ day: num(r.day), hour: num(r.hour), sessions: num(r.sessions) }))
      .sort((a, b) => a.day - b.day || a.hour - b.hour),
    leadTimes: leadRows,
    newsletter: signupRows,
    comments: comments.rows.map((r) => ({
      thread: String(r.thread),
      published: num(r.published),
      pending: num(r.pending),
      spam: num(r.spam),
      rejected: num(r.rejected),
      total: num(r.total),
    })),
  };
}

/** `GET …/owner/insights` (mounted at both owner prefixes). */
export function insightsRoutes(ctx: InsightsContext) {
  const app = new Hono();
  app.use('/insights', requireAdmin(ctx.adminToken));
  return app.get('/insights', validate('query', OwnerInsightsQuerySchema), async (c) => {
    const weeks = Number(c.req.valid('query').weeks ?? DEFAULT_INSIGHT_WEEKS);
    return c.json(await insights(ctx.db, ctx.now(), ctx.timeZone(), weeks), 200, { 'Cache-Control': 'no-store' });
  });
}
