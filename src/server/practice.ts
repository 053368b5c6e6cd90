import { readFileSync } from 'node:fs';
import { dirname, relative, isAbsolute, resolve } from 'node:path';
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
  /** Hours before the appointment that the reminder email goes out; 0 sends none. */
  reminderHours: z
    .number()
    .min(0)
    .max(24 * 30)
    .default(24),
  /** What to bring or wear, said in the reminder (optional). */
  whatToBring: z.string().trim().min(1).max(1000).optional(),
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

const hostName = z
  .string()

  .regex(/^(\*\.)?(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/i, {
    message: 'Expected a host name like example.com, or *.example.com for its subdomains',
  })
  .transform((h) => h.toLowerCase());

/** Link previews for `<soleus-link-card>`: which hosts may be previewed, the limit, and hand-written cards. */
const linkPreview = z.strictObject({
  /** Only these hosts may be previewed (`example.com`, or `*.example.com` for its subdomains); unset: any public host. */
  allowedHosts: z.array(hostName).min(1).optional(),
  /** Previews not yet cached, a minute per IP address. */
  rateLimit: z.int().min(1).max(100_000).default(20),
  /** Cards written here are served as they are and never fetched (a site with no internet, such as the demo). */
  pinned: z
    .array(
      z.strictObject({
        url: z.url({ protocol: /^https?$/ }),
        title: z.string().min(1).max(300),
        description: z.string().max(1000).optional(),
        siteName: z.string().max(200).optional(),
        lang: z.string().max(35).optional(),
        /** A PNG, JPEG, GIF, WebP or AVIF file, relative to the practice file, re-encoded like a fetched image. */
        image: z.strictObject({ file: z.string().min(1), alt: z.string().max(300).optional() }).optional(),
      }),
    )
    .default([]),
});

/** One question of the booking form, so the practitioner's email shows the answer under its own words. */
const intakeQuestion = z.strictObject({
  /** The key the widget sends in `answers` (`tight`, `eventDate`). */
  id: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, { message: 'Use letters, digits, dashes and underscores' }),
  /** The question as the form asks it. */
  label: z.string().min(1),
  /** `date`: the answer is a `YYYY-MM-DD` day, written out in full ("Sunday 17 January 2027"). */
  type: z.enum(['text', 'date']).default('text'),
});

/** The booking widget's own questions, with the words its form uses. */
export const DEFAULT_INTAKE = [
  { id: 'tight', label: 'Where do you feel tight?', type: 'text' as const },
  { id: 'eventDate', label: 'Date of the event', type: 'date' as const },
];

/** A whole number from `min` to `max` whose message names the unit: "Use a whole number of days from 0 to 30". */
const whole = (min: number, max: number, unit: string) => {
  const message = `Use a whole number of ${unit} from ${min} to ${max}`;
  return z.int({ message }).min(min, { message }).max(max, { message });
};
const days = (max: number) => whole(0, max, 'days');

/**
 * The race-day plan's rules (the blog post's advice): build-up sessions every 2 weeks ending at least 7 days before
 * the event (no deep tissue work in race week), one pre-event massage 2–4 days before, one post-event recovery
 * massage 2–5 days after, then monthly maintenance, 3 sessions. `serviceId` left out: the service with the usual id,
 * else one whose name says it, else the first.
 */
const racePlan = z
  .strictObject({
    build: z
      .strictObject({
        serviceId: z.string().optional(),
        everyWeeks: whole(1, 8, 'weeks').default(2),
        lastDaysBefore: days(60).default(7),
      })
      .prefault({}),
    pre: z
      .strictObject({
        serviceId: z.string().optional(),
        minDaysBefore: days(30).default(2),
        maxDaysBefore: days(30).default(4),
      })
      .refine((p) => p.minDaysBefore <= p.maxDaysBefore, {
        message: 'Must not be more than the most days before the race (maxDaysBefore)',
        path: ['minDaysBefore'],
      })
      .prefault({}),
    post: z
      .strictObject({
        serviceId: z.string().optional(),
        minDaysAfter: days(60).default(2),
        maxDaysAfter: days(60).default(5),
      })
      .refine((p) => p.minDaysAfter <= p.maxDaysAfter, {
        message: 'Must not be more than the most days after the race (maxDaysAfter)',
        path: ['minDaysAfter'],
      })
      .prefault({}),
    maintenance: z
      .strictObject({
        serviceId: z.string().optional(),
        everyMonths: whole(1, 6, 'months').default(1),
        count: whole(0, 12, 'sessions').default(3),
      })
      .prefault({}),
  })
  .prefault({});

type RacePlanInput = z.output<typeof racePlan>;

/** The usual service id of each part, and words that find it by name. */
const RACE_PLAN_SERVICES: Record<keyof RacePlanInput, [string, RegExp]> = {
  build: ['sports-massage-60', /sports.*60|deep/i],
  pre: ['pre-event-massage', /pre-event/i],
  post: ['post-event-recovery-massage', /post-event|recovery/i],
  maintenance: ['monthly-maintenance-massage', /maintenance/i],
};

function resolveRacePlan(plan: RacePlanInput, services: { id: string; name: string }[]) {
  const pick = (part: keyof RacePlanInput): string => {
    const [id, words] = RACE_PLAN_SERVICES[part];
    return (
      plan[part].serviceId ??
      (
        services.find((s) => s.id === id) ??
        services.find((s) => words.test(s.id) || words.test(s.name)) ??
        services[0]!
      ).id
    );
  };
  return {
    build: { ...plan.build, serviceId: pick('build') },
    pre: { ...plan.pre, serviceId: pick('pre') },
    post: { ...plan.post, serviceId: pick('post') },
    maintenance: { ...plan.maintenance, serviceId: pick('maintenance') },
  };
}

/** The practice configuration file's schema (JSON). */
export const PracticeSchema = z
  .strictObject({
    $schema: z.string().optional(),
    name: z.string().min(1),
    timeZone: timeZone.default('Europe/London'),
    address: z.string().optional(),
    email: z.email().optional(),
    /** The practice's phone, shown where a booking can no longer be changed online. */
    phone: z
      .string()
      .regex(/^\+?[0-9 ()./-]{5,31}$/, { message: 'Expected a phone number like "+44 20 7946 0000"' })
      .optional(),
    website: z.url().optional(),
    /** Secret part of the owner's calendar feed URL (`/calendar/<feedToken>.ics`). */
    feedToken: z
      .string()
      .min(16)
      .regex(/^[A-Za-z0-9_-]+$/)
      .optional(),
    practitioners: z.array(practitioner).min(1),
    /** The emails that may sign in to the owner console (default: `email`, else the first practitioner's). */
    owners: z.array(z.email()).optional(),
    services: z.array(service).min(1),
    comments: commentSettings.default({ moderation: 'first-time', blockedWords: [], editMinutes: 15 }),
    /** The page with the booking calendar; waitlist emails link there (`#soleus-book=<service>/<day>`). Default: the server's own page. */
    bookingPage: z.url({ protocol: /^https?$/ }).optional(),
    linkPreview: linkPreview.default({ rateLimit: 20, pinned: [] }),
    /** The booking form's questions (ids and words), for the practitioner's email. */
    intake: z.array(intakeQuestion).default(DEFAULT_INTAKE),
    /** The race-day plan's rules; every part has a default. */
    racePlan,
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
    for (const part of ['build', 'pre', 'post', 'maintenance'] as const) {
      const id = practice.racePlan[part].serviceId;
      if (id !== undefined && !practice.services.some((s) => s.id === id))
        ctx.addIssue({
          code: 'custom',
          path: ['racePlan', part, 'serviceId'],
          message: `No service has the id "${id}"`,
        });
    }
  })
  .transform((practice) => ({
    ...practice,
    owners: (
      practice.owners ?? [practice.email ?? practice.practitioners[0]?.email].filter((e) => e !== undefined)
    ).map((e) => e.trim().toLowerCase()),
    practitioners: practice.practitioners.map((p) => ({ ...p, timeZone: p.timeZone ?? practice.timeZone })),
    racePlan: resolveRacePlan(practice.racePlan, practice.services),
  }));

/** A validated practice configuration with every default filled in. */
export type Practice = z.output<typeof PracticeSchema>;
/** One practitioner, with `timeZone` always set. */
export type Practitioner = Practice['practitioners'][number];
/** One bookable service. */
export type Service = Practice['services'][number];
/** The race-day plan's rules, each part with its service. */
export type RacePlanRules = Practice['racePlan'];
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

/**
 * Every problem of a practice document, keyed by its path in the document (`services.0.price.amount`), with the
 * file's own messages (the first per path); `undefined` when the document is valid. The owner console's check.
 */
export function practiceFields(data: unknown): Record<string, string> | undefined {
  const result = PracticeSchema.safeParse(data);
  if (result.success) return undefined;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const path = issue.path.map(String).join('.');
    fields[path] ??= humanMessage(issue.message);
  }
  return fields;
}

/**
 * Reads the practice configuration file: `document` is its JSON as written (what the database stores), `practice`
 * the validated practice. Throws a one-line PracticeConfigError naming the file.
 */
export function readPracticeFile(file: string): { document: unknown; practice: Practice } {
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
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new PracticeConfigError(`Invalid configuration ${shown}: not valid JSON (${(error as Error).message})`);
  }
  const practice = parsePractice(document, shown);
  // Pinned previews name their image relative to the practice file.
  const pinned = practice.linkPreview.pinned.map((p) =>
    p.image ? { ...p, image: { ...p.image, file: resolve(dirname(file), p.image.file) } } : p,
  );
  return { document, practice: { ...practice, linkPreview: { ...practice.linkPreview, pinned } } };
}

/** Reads and validates the practice configuration file; throws a one-line PracticeConfigError. */
export function loadPractice(file: string): Practice {
  return readPracticeFile(file).practice;
}
