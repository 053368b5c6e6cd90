import { type ApiError, ownerRequest } from './api.js';
import type { OwnerBooking } from '../core/schemas/booking.js';

/**
 * The practice document as the console edits it (`GET/PUT …/practice`, `POST …/practice/check`): the practice
 * file's JSON shape, with the revision it was read at. Screens change a copy and save it whole; the server checks it
 * with the practice file's own rules and answers `fields` keyed by the document path (`services.0.price.amount`).
 */
export interface PracticeService {
  id: string;
  name: string;
  description?: string;
  durationMinutes: number;
  price?: { amount: number; currency: string } | null;
  bufferBeforeMinutes?: number;
  bufferAfterMinutes?: number;
  slotIntervalMinutes?: number;
  minNoticeHours?: number;
  horizonDays?: number;
  cancellationNoticeHours?: number;
  reminderHours?: number;
  whatToBring?: string;
  [other: string]: unknown;
}

export type Interval = [string, string];
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

export interface PracticePractitioner {
  id: string;
  name: string;
  hours: Partial<Record<Weekday, Interval[]>>;
  exceptions?: { date: string; hours: Interval[]; reason?: string }[];
  [other: string]: unknown;
}

export interface PracticeDocument {
  name: string;
  timeZone: string;
  services: PracticeService[];
  practitioners: PracticePractitioner[];
  [other: string]: unknown;
}

export interface LoadedPractice {
  practice: PracticeDocument;
  revision: number;
}

export const loadPractice = (): Promise<LoadedPractice> => ownerRequest<LoadedPractice>('GET', '/practice');

/** What a save answers: the stored document and the bookings it leaves outside the hours or without a service. */
export interface SavedPractice extends LoadedPractice {
  affected: OwnerBooking[];
}

/** Saves `practice` read at `revision` (409 `revision_conflict` when someone saved in between). */
export const savePractice = (practice: PracticeDocument, revision: number): Promise<SavedPractice> =>
  ownerRequest<SavedPractice>('PUT', '/practice', { body: { practice, revision } });

/** The future bookings a document would leave outside the hours or without their service (nothing saved). */
export const checkPractice = (practice: PracticeDocument): Promise<{ valid: true; affected: OwnerBooking[] }> =>
  ownerRequest('POST', '/practice/check', { body: { practice } });

/** A deep copy to edit. */
export const copyOf = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** The message of a refused save for the form: the server's sentence, or the conflict in words. */
export function saveError(error: unknown, conflict: string): { message: string; fields: Record<string, string> } {
  const e = error as ApiError;
  if (e.code === 'revision_conflict') return { message: conflict, fields: {} };
  return { message: e.message, fields: e.fields ?? {} };
}
