/**
 * The client-side checks of a signup, by hand: the same rules as `SubscriberEmailSchema`, `SubscriberNameSchema`
 * and `consent: z.literal(true)` in src/core/schemas/newsletter.ts (a test runs both over the same inputs).
 * Importing the zod/mini schemas would add about 6 kB brotli to a 13 kB widget budget.
 */
import { CONTROL, EMAIL, nameHasLink } from '../../../core/checks.js';

/** The fields a visitor fills in. */
export type Field = 'email' | 'name' | 'consent';
/** Why a field is refused: empty, malformed, too long, carrying a link. */
export type Problem = 'required' | 'invalid' | 'long' | 'link';

/** The server's field message for a throwaway-mail address (`DISPOSABLE_EMAIL_MESSAGE` in the shared schema). */
export const DISPOSABLE = 'Use a permanent email address';

export { nameHasLink };

/** What is wrong with one field's value, or undefined when it passes. */
export function problem(field: Field, value: string | boolean): Problem | undefined {
  if (field == 'consent') return value === true ? undefined : 'required';
  const v = String(value).trim();
  if (field == 'email') return !v ? 'required' : v.length > 254 ? 'long' : EMAIL.test(v) ? undefined : 'invalid';
  // Control characters (line breaks included) would end up in email headers and greetings.
  return v.length > 100 ? 'long' : CONTROL.test(v) ? 'invalid' : nameHasLink(v) ? 'link' : undefined;
}
