import type { NewsletterMessages } from './en-GB.js';

const messages: NewsletterMessages = {
  heading: 'Get the newsletter',
  pitch: 'New posts and news by email, every so often. Unsubscribe anytime.',
  email: 'Email address',
  name: 'First name (optional)',
  consent: 'I agree to receive this newsletter by email and know I can unsubscribe anytime.',
  privacy: 'Read our [privacy policy].',
  submit: 'Subscribe',
  sending: 'Subscribing…',
  checkInbox: 'Check your inbox',
  pending:
    "We sent a link to {email}. Open it to confirm your subscription. If you don't see it in a few minutes, check your spam folder.",
  change: 'Use a different address',
  emailRequired: 'Enter your email address.',
  emailInvalid: 'Enter an email address like name@example.com.',
  disposable: 'Use a permanent email address, not a disposable one.',
  tooLong: 'Use {max} characters or fewer.',
  nameLink: 'Leave links out of your name.',
  nameInvalid: 'Remove line breaks and special characters from your name.',
  consentRequired: 'Check the box to agree to receive the newsletter.',
  fix: 'Please fix the highlighted fields.',
  network: "Couldn't reach the server. Check your connection and try again.",
  tooMany: 'Too many attempts. Please wait a few minutes and try again.',
  failed: 'Something went wrong. Please try again.',
  trap: 'Leave this field empty',
};

export default messages;
