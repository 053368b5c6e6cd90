import { readFileSync } from 'node:fs';
import { relative, isAbsolute } from 'node:path';
import * as z from 'zod';

/** The practice configuration is unusable; `message` is one line naming the file, the field and the reason. */
export class PracticeConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PracticeConfigError';
  }
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}

const currencies = new Set<string>(Intl.supportedValuesOf('currency'));

const timeZone = z.string().refine(isTimeZone, { message: 'Unknown time zone (use an IANA name like Europe/London)' });

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, { message: 'Expected a time like "09:00"' });

const toMinutes = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** Opening intervals for one day, `[["09:00","13:00"],["14:00","18:00"]]`; gaps are breaks. */
const intervals = z.array(z.tuple([clock, clock])).superRefine((list, ctx) => {
  let previousEnd = -1;
  list.forEach(([start, end], index) => {
    if (toMinutes(end) <= toMinutes(start)) {
      ctx.addIssue({ code: 'custom', path: [index], message: `End ${end} must be after start ${start}` });
    } else if (toMinutes(start) < previousEnd) {
      ctx.addIssue({ code: 'custom', path: [index], message: 'Intervals must be in order and must not overlap' });
    }
    previousEnd = Math.max(previousEnd, toMinutes(end));
  });
});

const calendarDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'Expected a day like "2026-12-25"' })
  .refine(
    (day) => {
      const date = new Date(`${day}T00:00:00Z`);
      return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day;
    },
    { message: 'Not a real calendar day' },
  );

const weekHours = z.strictObject({
  mon: intervals.default([]),
  tue: intervals.default([]),
  wed: intervals.default([]),
  thu: intervals.default([]),
  fri: intervals.default([]),
  sat: intervals.default([]),
  sun: intervals.default([]),
});

const practitioner = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'Use lowercase letters, digits and dashes' }),
  name: z.string().min(1),
  email: z.email().optional(),
  /** Defaults to the practice's zone. */
  timeZone: timeZone.optional(),
  hours: weekHours,
  exceptions: z
    .array(
      z.strictObject({
        date: calendarDay,
        hours: intervals,
        reason: z.string().optional(),
      }),
    )
    .default([]),
});

const minutes = (max: number) => z.int().min(0).max(max);

const service = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'Use lowercase letters, digits and dashes (kebab-case)' }),
  name: z.string().min(1),
  description: z.string().default(''),
  durationMinutes: z
    .int()
    .min(5)
    .max(24 * 60),
  price: z
    .strictObject({
      amount: z.int().min(0),
      currency: z
        .string()
        .refine((c) => currencies.has(c), { message: 'Expected an ISO 4217 currency code like "GBP"' }),
    })
    .nullable()
    .default(null),
  bufferBeforeMinutes: minutes(24 * 60).default(0),
  bufferAfterMinutes: minutes(24 * 60).default(0),
  slotIntervalMinutes: z
    .int()
    .min(5)
    .max(24 * 60)
    .default(15),
  minNoticeHours: z
    .number()
    .min(0)
    .max(24 * 365)
    .default(2),
  horizonDays: z.int().min(1).max(730).default(60),
  cancellationNoticeHours: z
    .number()
    .min(0)
    .max(24 * 365)
    .default(24),
});

/** How comments are moderated, and the owner's own spam words. */
const commentSettings = z.strictObject({
  /** `first-time` (default): an address's first comment waits for approval; `all`: every one waits; `none`. */
  moderation: z.enum(['first-time', 'all', 'none']).default('first-time'),
  /** Words or phrases that hold a comment as spam wherever they appear (name, email or text; any case). */
  blockedWords: z.array(z.string().trim().min(1).max(100)).max(1000).default([]),
  /** How long an author may edit or delete their comment (minutes; contract default 15). */
  editMinutes: z
    .int()
    .min(0)
    .max(24 * 60)
    .default(15),
  /** The name the owner's replies carry; default: the first practitioner's. */
  ownerName: z.string().trim().min(1).max(80).optional(),
});

/** The practice configuration file's schema (JSON). */
export const PracticeSchema = z
  .strictObject({
    $schema: z.string().optional(),
    name: z.string().min(1),
    timeZone: timeZone.default('Europe/London'),
    address: z.string().optional(),
    email: z.email().optional(),
    website: z.url().optional(),
    /** Secret part of the owner's calendar feed URL (`/calendar/<feedToken>.ics`). */
    feedToken: z
      .string()
      .min(16)
      .regex(/^[A-Za-z0-9_-]+$/)
      .optional(),
    practitioners: z.array(practitioner).min(1),
    services: z.array(service).min(1),
    comments: commentSettings.default({ moderation: 'first-time', blockedWords: [], editMinutes: 15 }),
  })
  .superRefine((practice, ctx) => {
    const seen = (list: { id: string }[], key: 'practitioners' | 'services') => {
      const ids = new Set<string>();
      list.forEach((item, index) => {
        if (ids.has(item.id))
          ctx.addIssue({ code: 'custom', path: [key, index, 'id'], message: `Duplicate id "${item.id}"` });
        ids.add(item.id);
      });
    };
    seen(practice.practitioners, 'practitioners');
    seen(practice.services, 'services');
  })
  .transform((practice) => ({
    ...practice,
    practitioners: practice.practitioners.map((p) => ({ ...p, timeZone: p.timeZone ?? practice.timeZone })),
  }));

/** A validated practice configuration with every default filled in. */
export type Practice = z.output<typeof PracticeSchema>;
/** One practitioner, with `timeZone` always set. */
export type Practitioner = Practice['practitioners'][number];
/** One bookable service. */
export type Service = Practice['services'][number];
/** Weekday keys of `hours`. */
export type Weekday = keyof Practitioner['hours'];

function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

function humanMessage(message: string): string {
  const text = message.replace(/^Invalid input: /, '');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Validates parsed JSON; `source` names the file in error messages. */
export function parsePractice(data: unknown, source: string): Practice {
  const result = PracticeSchema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = issue.path.map(String).join('.');
  throw new PracticeConfigError(
    `Invalid configuration ${source}: ${path ? `${path}: ` : ''}${humanMessage(issue.message)}`,
  );
}

/** Reads and validates the practice configuration file; throws a one-line PracticeConfigError. */
export function loadPractice(file: string): Practice {
  const shown = displayPath(file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new PracticeConfigError(
      `Cannot read configuration ${shown}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new PracticeConfigError(`Invalid configuration ${shown}: not valid JSON (${(error as Error).message})`);
  }
  return parsePractice(data, shown);
}
