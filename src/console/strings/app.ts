/** The console shell's and sign-in screen's words (en-GB). */
export const appStrings = {
  consoleName: 'Owner console',
  loading: 'Loading…',
  nav: 'Console sections',
  routes: {
    agenda: 'Agenda',
    schedule: 'Schedule',
    services: 'Services',
    'time-off': 'Time off',
    account: 'Account',
  },
  unavailable: 'This screen is not available yet.',
  signIn: {
    title: 'Sign in',
    intro: 'We will email you a link that signs you in. No password needed.',
    email: 'Your email address',
    emailInvalid: 'Enter your email address, like name@example.com.',
    send: 'Email me a sign-in link',
    sending: 'Sending…',
    or: 'or',
    passkey: 'Sign in with a passkey',
    passkeyWorking: 'Waiting for your passkey…',
    passkeyFailed: 'That passkey did not sign you in. Try again, or use an email link.',
    passkeyCancelled: 'Passkey sign-in was cancelled.',
    tooMany: 'Too many sign-in requests. Please wait a few minutes and try again.',
    sentTitle: 'Check your inbox',
    sent: 'If {email} may sign in, a sign-in link is on its way. It works once, for 15 minutes.',
    sentHint: 'Nothing after a few minutes? Look in your spam folder.',
    again: 'Use another address',
    expired: 'You were signed out. Please sign in again.',
  },
} as const;

export type AppStrings = typeof appStrings;
