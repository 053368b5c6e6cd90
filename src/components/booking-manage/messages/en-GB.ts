/**
 * Every string the booking manage element shows or announces. `{name}` placeholders are filled in. Month, weekday
 * and time words come from the booking calendar's catalogue, whose month and times this element reuses.
 */
export interface ManageMessages {
  /** Facts. */
  what: string;
  when: string;
  where: string;
  state: string;
  confirmed: string;
  cancelled: string;
  loading: string;
  /** One session of a series: changes apply to it alone. */
  seriesNote: string;
  /** Still changeable, until when; no longer changeable, and why. */
  changeHeading: string;
  changeableUntil: string;
  notChangeable: string;
  isCancelled: string;
  /** Buttons. */
  move: string;
  cancel: string;
  /** Moving. */
  moveHeading: string;
  moveIntro: string;
  /** The booking's time now, while choosing a new one. */
  currently: string;
  moveConfirm: string;
  moveKeep: string;
  chooseTime: string;
  moving: string;
  moved: string;
  /** Cancelling. */
  cancelAsk: string;
  cancelYes: string;
  cancelNo: string;
  cancelling: string;
  cancelledNow: string;
  /** Once cancelled. */
  bookAgain: string;
  /** A link without its booking id or token. */
  incomplete: string;
  /** Whom to call or write to when the booking can no longer be changed online (phone and email follow). */
  contact: string;
  retry: string;
  /** The server's refusals by `code`, in the visitor's language (an unknown code shows the server's own words). */
  errors: Record<
    | 'not_found'
    | 'too_late'
    | 'slot_unavailable'
    | 'booking_cancelled'
    | 'booking_changed'
    | 'outside_booking_window'
    | 'too_many_requests'
    | 'network_error'
    | 'timeout',
    string
  >;
}

const messages: ManageMessages = {
  what: 'What',
  when: 'When',
  where: 'Where',
  state: 'Status',
  confirmed: 'Confirmed',
  cancelled: 'Cancelled',
  loading: 'Loading your booking…',
  seriesNote: 'This session is one of {n} in your series; changes here apply to this session only.',
  changeHeading: 'Change or cancel',
  changeableUntil: 'You can move or cancel it online until {date}.',
  notChangeable:
    'This booking can no longer be changed online: changes were possible until {date}. Please contact the practice.',
  isCancelled: 'This booking is cancelled.',
  move: 'Move to another time',
  cancel: 'Cancel this booking',
  moveHeading: 'Choose a new time',
  moveIntro: 'Days with free times are marked. Your booking stays as it is until you confirm the new time.',
  currently: 'Booked now: {when}.',
  moveConfirm: 'Move my booking',
  moveKeep: 'Keep the current time',
  chooseTime: 'Choose a day and a time first.',
  moving: 'Moving your booking…',
  moved: 'Moved. Your booking is now {when}. We have emailed you the update.',
  cancelAsk: 'Cancel this booking? This cannot be undone.',
  cancelYes: 'Yes, cancel it',
  cancelNo: 'Keep it',
  cancelling: 'Cancelling…',
  cancelledNow: 'Your booking is cancelled. We have emailed you a confirmation.',
  bookAgain: 'Book again',
  incomplete: 'This link is incomplete. Open the whole link from your confirmation email.',
  contact: 'To change or cancel it, contact {name}:',
  retry: 'Try again',
  errors: {
    not_found: 'No booking matches this link. Check that you used the whole link from your confirmation email.',
    too_late: 'Too late to change this booking online. Please contact the practice.',
    slot_unavailable: 'Sorry, that time was just taken. Please choose another.',
    booking_cancelled: 'This booking was cancelled, so it cannot be moved. Book a new time instead.',
    booking_changed: 'This booking changed in the meantime. Here it is as it stands now; please try again.',
    outside_booking_window: 'That time can no longer be booked online. Please choose another.',
    too_many_requests: 'Too many attempts. Please wait a minute.',
    network_error: 'Could not reach the server. Check your connection and try again.',
    timeout: 'The server took too long to answer. Please try again.',
  },
};

export default messages;
