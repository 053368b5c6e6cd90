import type { CatalogueLoaders } from '../../../core/i18n.js';
import type { BookingMessages } from './en-GB.js';

/** The booking calendar's other languages, each its own file (the manage element shares them for the month). */
export const bookingLoaders: CatalogueLoaders<BookingMessages> = {
  'en-US': () => import('./en-US.js'),
  de: () => import('./de.js'),
  fr: () => import('./fr.js'),
  es: () => import('./es.js'),
};
