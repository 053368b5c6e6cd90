import type { ManageMessages } from './en-GB.js';

const messages: ManageMessages = {
  what: 'Was',
  when: 'Wann',
  where: 'Wo',
  state: 'Status',
  confirmed: 'Bestätigt',
  cancelled: 'Storniert',
  loading: 'Ihre Buchung wird geladen…',
  seriesNote: 'Dieser Termin ist einer von {n} Ihrer Serie; Änderungen hier gelten nur für diesen Termin.',
  changeHeading: 'Ändern oder stornieren',
  changeableUntil: 'Sie können ihn bis {date} online verschieben oder stornieren.',
  notChangeable:
    'Diese Buchung lässt sich nicht mehr online ändern: Änderungen waren bis {date} möglich. Bitte wenden Sie sich an die Praxis.',
  isCancelled: 'Diese Buchung ist storniert.',
  move: 'Auf einen anderen Termin verschieben',
  cancel: 'Diese Buchung stornieren',
  moveHeading: 'Neuen Termin wählen',
  moveIntro:
    'Tage mit freien Zeiten sind markiert. Ihre Buchung bleibt, wie sie ist, bis Sie die neue Zeit bestätigen.',
  currently: 'Jetzt gebucht: {when}.',
  moveConfirm: 'Buchung verschieben',
  moveKeep: 'Bisherige Zeit behalten',
  chooseTime: 'Wählen Sie zuerst einen Tag und eine Uhrzeit.',
  moving: 'Ihre Buchung wird verschoben…',
  moved: 'Verschoben. Ihre Buchung ist jetzt am {when}. Wir haben Ihnen die Änderung gemailt.',
  cancelAsk: 'Diese Buchung stornieren? Das lässt sich nicht rückgängig machen.',
  cancelYes: 'Ja, stornieren',
  cancelNo: 'Behalten',
  cancelling: 'Wird storniert…',
  cancelledNow: 'Ihre Buchung ist storniert. Wir haben Ihnen eine Bestätigung gemailt.',
  bookAgain: 'Neu buchen',
  incomplete: 'Dieser Link ist unvollständig. Öffnen Sie den ganzen Link aus Ihrer Bestätigungs-E-Mail.',
  contact: 'Zum Ändern oder Absagen wenden Sie sich an {name}:',
  retry: 'Erneut versuchen',
  errors: {
    not_found:
      'Zu diesem Link gibt es keine Buchung. Prüfen Sie, ob Sie den ganzen Link aus Ihrer E-Mail verwendet haben.',
    too_late: 'Zu spät, um diese Buchung online zu ändern. Bitte wenden Sie sich an die Praxis.',
    slot_unavailable: 'Diese Zeit wurde leider gerade vergeben. Bitte wählen Sie eine andere.',
    booking_cancelled:
      'Diese Buchung wurde storniert und lässt sich nicht verschieben. Buchen Sie bitte einen neuen Termin.',
    booking_changed:
      'Diese Buchung wurde inzwischen geändert. Hier ist der aktuelle Stand; bitte versuchen Sie es erneut.',
    outside_booking_window: 'Diese Zeit ist online nicht mehr buchbar. Bitte wählen Sie eine andere.',
    too_many_requests: 'Zu viele Versuche. Bitte warten Sie eine Minute.',
    network_error: 'Der Server ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
    timeout: 'Der Server hat zu lange gebraucht. Bitte versuchen Sie es erneut.',
  },
};

export default messages;
