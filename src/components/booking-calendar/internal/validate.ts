/**
 * The details form's checks, by hand: the same rules as `BookingClientSchema` and `notes` in
 * src/core/schemas/booking.ts (a test runs both over the same inputs). Importing the zod/mini schemas would add
 * about 6 kB brotli to a widget whose dependencies already take most of its 30 kB budget.
 */
import { CONTROL, EMAIL } from '../../../core/checks.js';

/** The fields checked. */
export type Field = 'name' | 'email' | 'phone' | 'notes' | 'eventDate';
/** Why a field is refused. */
export type Problem = 'required' | 'invalid' | 'long' | 'control';

/** The longest value each field takes. */
export const MAX: Record<Field, number> = { name: 120, email: 254, phone: 32, notes: 2000, eventDate: 10 };

/** What is wrong with one field, or undefined when it passes. `eventDate` is only checked when asked for. */
export function problem(field: Field, value: string): Problem | undefined {
  const v = field == 'notes' ? value : value.trim();
  if (v.length > MAX[field]) return 'long';
  if (field == 'name') return !v ? 'required' : CONTROL.test(v) ? 'control' : undefined;
  if (field == 'email') return !v ? 'required' : EMAIL.test(v) ? undefined : 'invalid';
  if (field == 'phone') return /^$|^\+?[0-9 ()./-]{5,31}$/.test(v) ? undefined : 'invalid';
  if (field == 'eventDate') return !v ? 'required' : /^\d{4}-\d{2}-\d{2}$/.test(v) ? undefined : 'invalid';
  return undefined;
}
