/**
 * Every string the newsletter signup shows or announces. `{email}` and `{max}` are filled in;
 * in `privacy` the words between `[` and `]` become the link to the owner's privacy page.
 */
export interface NewsletterMessages {
  /** Default heading (owners replace it through the `heading` slot). */
  heading: string;
  /** Default one-line pitch under the heading (the `pitch` slot replaces it). */
  pitch: string;
  /** Label of the email field. */
  email: string;
  /** Label of the first-name field (`with-name`). */
  name: string;
  /** Default consent wording beside the checkbox. */
  consent: string;
  /** Added after the consent wording when `privacy-url` is set. */
  privacy: string;
  /** The submit button. */
  submit: string;
  /** Announced (and shown) while the signup is being sent. */
  sending: string;
  /** The heading of the "check your inbox" state. */
  checkInbox: string;
  /** The text of the "check your inbox" state, naming the address. */
  pending: string;
  /** Goes back to the form, everything typed still there. */
  change: string;
  /** The email field is empty. */
  emailRequired: string;
  /** The email field does not hold an address. */
  emailInvalid: string;
  /** The server refused a throwaway-mail address. */
  disposable: string;
  /** A field is too long. */
  tooLong: string;
  /** The name carries a link. */
  nameLink: string;
  /** The name holds line breaks or control characters. */
  nameInvalid: string;
  /** The consent box is not ticked. */
  consentRequired: string;
  /** Announced when fields are marked invalid. */
  fix: string;
  /** No answer from the server. */
  network: string;
  /** Too many attempts (HTTP 429). */
  tooMany: string;
  /** Any other failure. */
  failed: string;
  /** Label of the hidden field that only bots fill in (never shown or announced). */
  trap: string;
}

const messages: NewsletterMessages = {
  heading: 'Get the newsletter',
  pitch: 'New posts and news by email, now and then. Unsubscribe at any time.',
  email: 'Email address',
  name: 'First name (optional)',
  consent: 'I agree to receive this newsletter by email and know I can unsubscribe at any time.',
  privacy: 'Read the [privacy notice].',
  submit: 'Subscribe',
  sending: 'Subscribing…',
  checkInbox: 'Check your inbox',
  pending:
    'We have sent a link to {email}. Open it to confirm your subscription. If it has not arrived in a few minutes, look in your spam folder.',
  change: 'Use a different address',
  emailRequired: 'Enter your email address.',
  emailInvalid: 'Enter an email address like name@example.com.',
  disposable: 'Use a permanent email address, not a disposable one.',
  tooLong: 'Use at most {max} characters.',
  nameLink: 'Leave links out of your name.',
  nameInvalid: 'Remove line breaks and special characters from your name.',
  consentRequired: 'Tick the box to agree to receive the newsletter.',
  fix: 'Please correct the marked fields.',
  network: 'Could not reach the server. Check your connection and try again.',
  tooMany: 'Too many attempts. Please wait a few minutes and try again.',
  failed: 'Something went wrong. Please try again.',
  trap: 'Leave this field empty',
};

export default messages;
