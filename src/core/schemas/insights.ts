import * as z from 'zod/mini';

/**
 * The owner's insights ("Owner console, part 2: insights" in docs/http-api.md), shared by the server (validation, the
 * contract check) and the console (its types only).
 */

/** Weeks the insights cover when the query does not say. */
export const DEFAULT_INSIGHT_WEEKS = 12;
/** Weeks ahead of this one that the bookings chart also shows (sessions already booked). */
export const INSIGHT_WEEKS_AHEAD = 4;

/** `GET …/owner/insights?weeks=` : how many weeks, this one included, counted back from today (4 to 52). */
export const OwnerInsightsQuerySchema = z.object({
  weeks: z.optional(
    z.string().check(z.refine((s) => /^\d{1,2}$/.test(s) && +s >= 4 && +s <= 52, 'Choose between 4 and 52 weeks')),
  ),
});
export type OwnerInsightsQuery = z.infer<typeof OwnerInsightsQuerySchema>;

const count = z.number();
const MoneySchema = z.object({ amount: z.number(), currency: z.string() });

/** Lead-time buckets, from "booked within a day of the session" to "more than 30 days ahead". */
export const LEAD_BUCKETS = ['day', 'days', 'week', 'fortnight', 'month', 'later'] as const;

export const OwnerInsightsResponseSchema = z.object({
  /** The practice's zone: weeks start on Monday at midnight there, hours are its wall hours. */
  timeZone: z.string(),
  /** Every week shown, oldest first: the `weeks` asked for (the last is this week), then the weeks ahead. */
  weeks: z.array(z.object({ start: z.string(), ahead: z.boolean() })),
  /** Per week (aligned with `weeks`): confirmed sessions and what they bring in at the price booked, no-shows left out. */
  bookings: z.array(z.object({ sessions: count, money: z.array(MoneySchema) })),
  /** Per past week (the `weeks` asked for): what became of the sessions that started in it. */
  outcomes: z.array(
    z.object({
      attended: count,
      noShow: count,
      /** Started, not marked attended or no-show. */
      unmarked: count,
      /** Not started yet (this week). */
      upcoming: count,
      /** Cancelled by the client (or cancelled before who cancelled was kept). */
      cancelledByClient: count,
      cancelledByOwner: count,
      /** Of the cancelled, those cancelled less than 24 hours before the start. */
      late: count,
    }),
  ),
  /** Confirmed sessions of every week shown, by weekday (0 Monday … 6 Sunday) and wall hour; empty cells left out. */
  heat: z.array(z.object({ day: count, hour: count, sessions: count })),
  /** Bookings made in the past weeks by how far ahead of their (first) session; a series or plan counts once. */
  leadTimes: z.array(z.object({ bucket: z.enum(LEAD_BUCKETS), bookings: count, meanHours: count })),
  /** Per past week: newsletter signups made and confirmations given in it. */
  newsletter: z.array(z.object({ signups: count, confirmations: count })),
  /** The ten posts with the most visitor comments written in the past weeks, by status. */
  comments: z.array(
    z.object({ thread: z.string(), published: count, pending: count, spam: count, rejected: count, total: count }),
  ),
});
export type OwnerInsightsResponse = z.infer<typeof OwnerInsightsResponseSchema>;
export type LeadBucket = (typeof LEAD_BUCKETS)[number];
