/** The race plan screen's words (en-GB). `{x}` placeholders are filled by `fill`. */
export const planStrings = {
  title: 'Race plan',
  intro:
    'Runners training for a race can book a whole plan around its date. These rules place its sessions; the booking calendar follows them as soon as you save.',
  service: 'Treatment',
  parts: {
    build: {
      title: 'Build-up',
      hint: 'Regular sessions while they train, none in race week.',
      everyWeeks: 'Every (weeks)',
      lastDaysBefore: 'Last one (days before)',
    },
    pre: {
      title: 'Before the race',
      hint: 'One session shortly before race day.',
      minDaysBefore: 'At least (days before)',
      maxDaysBefore: 'At most (days before)',
    },
    post: {
      title: 'Recovery',
      hint: 'One session after the race.',
      minDaysAfter: 'At least (days after)',
      maxDaysAfter: 'At most (days after)',
    },
    maintenance: {
      title: 'Maintenance',
      hint: 'Sessions once they have recovered; 0 books none.',
      everyMonths: 'Every (months)',
      count: 'Sessions',
    },
  },
  savePlan: 'Save the plan',
  saveWords: 'Save the words',
  saved: 'Race plan saved. The booking calendar plans with it now.',
  answers: 'Answers in your emails',
  answersIntro:
    'The booking calendar asks its own questions, in the visitor’s language. Your emails and the agenda show each answer under these words.',
  question: {
    tight: 'Where it feels tight (the areas ticked)',
    eventDate: 'The race date (asked of runners in training)',
  } as Record<string, string>,
  otherQuestion: 'The answer “{id}”',
  answersSaved: 'Saved. New emails and the agenda use these words.',
  /** The practice file's default intake labels (server/practice.ts DEFAULT_INTAKE), shown when the file has none. */
  defaultIntake: [
    { id: 'tight', label: 'Where do you feel tight?', type: 'text' },
    { id: 'eventDate', label: 'Date of the event', type: 'date' },
  ],
  wording: 'Fill this in.',
  number: 'Enter a whole number.',
} as const;
