/**
 * Every string the booking calendar shows or announces. `{name}` placeholders are filled in; in `manage` the words
 * between `[` and `]` become the link. Month and weekday names live here (not in `Intl`) so the month renders
 * before the first `Intl.DateTimeFormat` is created.
 */
export interface BookingMessages {
  /** January … December. */
  months: string[];
  /** Sunday … Saturday. */
  weekdays: string[];
  /** Short weekday column headers, Sunday first. */
  weekdaysShort: string[];
  /** A full date: `{weekday}`, `{day}`, `{month}`, `{year}`. */
  date: string;
  /** The locale's first day of the week (0 Sunday, 1 Monday). */
  weekStart: number;
  /** Step headings. */
  service: string;
  day: string;
  times: string;
  details: string;
  review: string;
  done: string;
  plan: string;
  /** Month navigation. */
  prevMonth: string;
  nextMonth: string;
  /** Day button names. */
  available: string;
  availableOne: string;
  fullyBooked: string;
  unavailable: string;
  /** No free day in the shown month. */
  noneMonth: string;
  /** Nothing free in the whole horizon. */
  noneAtAll: string;
  /** Names the zone times are shown in. */
  zone: string;
  /** The zone times are shown in: a city's (`zone`), UTC, or another zone by its long name (`zoneNamed`). */
  zoneUtc: string;
  zoneNamed: string;
  /** The practice's time beside the visitor's. */
  practiceTime: string;
  minutes: string;
  next: string;
  back: string;
  /** Continue pressed with no time chosen. */
  chooseTime: string;
  /** Details form. */
  name: string;
  email: string;
  phone: string;
  notes: string;
  tight: string;
  areas: string[];
  training: string;
  eventDate: string;
  required: string;
  emailInvalid: string;
  phoneInvalid: string;
  dateInvalid: string;
  tooLong: string;
  control: string;
  fix: string;
  /** Review. */
  what: string;
  when: string;
  where: string;
  price: string;
  repeat: string;
  once: string;
  every: string;
  count: string;
  taken: string;
  instead: string;
  beyond: string;
  seriesBlocked: string;
  confirm: string;
  confirmMany: string;
  sending: string;
  /** Review: the contact details typed and the way back to them; prices; the cancellation policy. */
  phoneShort: string;
  changeDetails: string;
  each: string;
  total: string;
  totalOf: string;
  policy: string;
  policyEach: string;
  /** A time inside the cancellation notice: it can be booked but not changed online; whom to contact instead. */
  late: string;
  lateSession: string;
  contact: string;
  /** Plan parts that this confirmation does not book (bookable later, or nothing free). */
  notIncluded: string;
  /** After "Suggest sessions" when some parts can only be booked later. */
  suggestedLater: string;
  /** Failures. */
  justTaken: string;
  network: string;
  retry: string;
  failed: string;
  loading: string;
  /** The server's refusals by `code`, in the visitor's language (an unknown code shows the server's own words). */
  errors: Record<
    'slot_unavailable' | 'request_in_progress' | 'too_late' | 'outside_booking_window' | 'too_many_requests' | 'busy',
    string
  >;
  /** Confirmation. */
  booked: string;
  addToCalendar: string;
  ics: string;
  google: string;
  outlook: string;
  /** A series or a plan: the one .ics download of every session, and the Google/Outlook links one by one. */
  addAll: string;
  oneByOne: string;
  /** A plan's heading on the confirmation: "7 sessions". */
  sessions: string;
  manage: string;
  another: string;
  /** Race-day plan. */
  planOpen: string;
  planIntro: string;
  eventDay: string;
  propose: string;
  kinds: Record<'build' | 'pre' | 'post' | 'maintenance', string>;
  noSlot: string;
  later: string;
  /** A plan part's choice of time, named by its place in the plan: "Build-up session (1 of 7)". */
  nth: string;
  /** The suggested plan's heading, and the announcement after "Suggest sessions". */
  suggestions: string;
  suggested: string;
  /** Popup mode. */
  open: string;
  close: string;
  /** "Tell me if a time frees up" on a fully booked day (steps/waitlist.ts); `{date}`, `{email}` filled in. */
  waitlist: {
    offer: string;
    intro: string;
    consent: string;
    consentRequired: string;
    send: string;
    sending: string;
    sent: string;
  };
}

const messages: BookingMessages = {
  months: [
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
  ],
  weekdays: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
  weekdaysShort: ['Su', 'Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa'],
  date: '{weekday} {day} {month} {year}',
  weekStart: 1,
  service: 'Choose a treatment',
  day: 'Choose a day',
  times: 'Times on {date}',
  details: 'Your details',
  review: 'Check and confirm',
  done: 'You are booked in',
  plan: 'Plan around your race',
  prevMonth: 'Previous month',
  nextMonth: 'Next month',
  available: '{n} times available',
  availableOne: '1 time available',
  fullyBooked: 'fully booked',
  unavailable: 'not available to book',
  noneMonth: 'No free times this month. Try the next month.',
  noneAtAll: 'No free times in the next {n} days. Please get in touch by phone or email.',
  zone: 'Times shown in {zone} time',
  zoneUtc: 'Times shown in UTC',
  zoneNamed: 'Times shown in {zone}',
  practiceTime: '{time} in {city}',
  minutes: '{n} min',
  next: 'Continue',
  back: 'Back',
  chooseTime: 'Choose a time to continue.',
  name: 'Name',
  email: 'Email address',
  phone: 'Phone (optional)',
  notes: 'Anything I should know? (optional)',
  tight: 'Where do you feel tight?',
  areas: ['Hip flexors', 'Quads', 'Hamstrings', 'Calves', 'Feet', 'Back'],
  training: 'Training for an event?',
  eventDate: 'Date of the event',
  required: 'Fill in this field.',
  emailInvalid: 'Enter an email address like name@example.com.',
  phoneInvalid: 'Enter a phone number like +44 20 7946 0000.',
  dateInvalid: 'Enter a date.',
  tooLong: 'Use at most {max} characters.',
  control: 'Remove line breaks and special characters.',
  fix: 'Please correct the marked fields.',
  what: 'Treatment',
  when: 'When',
  where: 'Where',
  price: 'Price',
  repeat: 'Repeat',
  once: 'Just this once',
  every: 'Every {n} weeks',
  count: 'Number of sessions',
  taken: 'taken',
  instead: 'Instead',
  beyond: 'too far ahead to book yet',
  seriesBlocked: 'Some sessions cannot be booked yet. Choose fewer sessions or pick the alternatives.',
  confirm: 'Confirm booking',
  confirmMany: 'Confirm {n} bookings',
  sending: 'Booking…',
  phoneShort: 'Phone',
  changeDetails: 'Change details',
  each: '{price} per session',
  total: 'Total',
  totalOf: '{total} for {n} sessions',
  policy: 'Free to change or cancel until {date}.',
  policyEach: 'Each session is free to change or cancel until {n} hours before it.',
  late: "This time can't be changed online once booked: changes need {n} hours' notice.",
  lateSession: "The session on {date} can't be changed online once booked: changes need {n} hours' notice.",
  contact: 'To change or cancel it, contact {name}:',
  notIncluded: 'Not in this booking',
  suggestedLater: 'Sessions suggested: {n} ({later} bookable later)',
  justTaken: 'Sorry, that time was just taken by someone else. Here are the times still free on {date}.',
  network: 'Could not reach the server. Check your connection and try again.',
  retry: 'Try again',
  failed: 'Something went wrong. Please try again.',
  loading: 'Loading free times…',
  errors: {
    slot_unavailable: 'Sorry, that time was just taken. Please choose another.',
    request_in_progress: 'Still booking. Wait a moment, then try again.',
    too_late: 'Too late to change this online. Please get in touch.',
    outside_booking_window: 'That time can no longer be booked online. Please choose another.',
    too_many_requests: 'Too many attempts. Please wait a minute.',
    busy: 'Very busy right now. Please try again shortly.',
  },
  booked: 'A confirmation is on its way to {email}.',
  addToCalendar: 'Add to calendar',
  ics: 'Calendar file (.ics)',
  google: 'Google Calendar',
  outlook: 'Outlook',
  addAll: 'Add all to calendar',
  oneByOne: 'Or add them one at a time',
  sessions: '{n} sessions',
  manage: 'To change or cancel, use the link in your email or [manage your booking].',
  another: 'Book another',
  planOpen: 'Plan around a race',
  planIntro:
    'Give the date of your event and I will suggest sessions at free times: every two weeks while you train, a pre-event massage 2–4 days before, a recovery massage 2–5 days after, then monthly maintenance.',
  eventDay: 'Event date',
  propose: 'Suggest sessions',
  kinds: {
    build: 'Build-up session',
    pre: 'Pre-event massage',
    post: 'Post-event recovery massage',
    maintenance: 'Monthly maintenance',
  },
  noSlot: 'No free time on these days',
  later: 'Bookable later: online booking opens {n} days ahead',
  nth: '{kind} ({i} of {n})',
  suggestions: 'Suggested sessions',
  suggested: 'Sessions suggested: {n}',
  open: 'Book a session',
  close: 'Close',
  waitlist: {
    offer: 'Tell me if a time frees up',
    intro:
      '{date} is fully booked. Leave your email and you will hear once if a time frees up; the first to book it gets it.',
    consent:
      'Email me once if a time frees up on {date}. My address is used for nothing else, and the email has a link to stop.',
    consentRequired: 'Tick the box to agree.',
    send: 'Tell me',
    sending: 'Sending…',
    sent: 'Almost done: press the button in the email we sent to {email} to confirm. You will hear once if a time frees up on {date}.',
  },
};

export default messages;
