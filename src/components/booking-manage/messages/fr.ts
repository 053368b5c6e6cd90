import type { ManageMessages } from './en-GB.js';

const messages: ManageMessages = {
  what: 'Quoi',
  when: 'Quand',
  where: 'Où',
  state: 'Statut',
  confirmed: 'Confirmé',
  cancelled: 'Annulé',
  loading: 'Chargement de votre rendez-vous…',
  seriesNote: 'Cette séance fait partie d’une série de {n} ; les changements ici ne concernent que cette séance.',
  changeHeading: 'Modifier ou annuler',
  changeableUntil: 'Vous pouvez la déplacer ou l’annuler en ligne jusqu’au {date}.',
  notChangeable:
    'Ce rendez-vous ne peut plus être modifié en ligne : les changements étaient possibles jusqu’au {date}. Veuillez contacter le cabinet.',
  isCancelled: 'Ce rendez-vous est annulé.',
  move: 'Déplacer à un autre horaire',
  cancel: 'Annuler ce rendez-vous',
  moveHeading: 'Choisir un nouvel horaire',
  moveIntro:
    'Les jours avec des horaires libres sont mis en évidence. Votre rendez-vous reste inchangé jusqu’à ce que vous confirmiez.',
  currently: 'Réservé actuellement : {when}.',
  moveConfirm: 'Déplacer mon rendez-vous',
  moveKeep: 'Garder l’horaire actuel',
  chooseTime: 'Choisissez d’abord un jour et un horaire.',
  moving: 'Déplacement de votre rendez-vous…',
  moved: 'Déplacé. Votre rendez-vous est maintenant le {when}. Nous vous avons envoyé la modification par e-mail.',
  cancelAsk: 'Annuler ce rendez-vous ? C’est définitif.',
  cancelYes: 'Oui, l’annuler',
  cancelNo: 'Le garder',
  cancelling: 'Annulation…',
  cancelledNow: 'Votre rendez-vous est annulé. Nous vous avons envoyé une confirmation par e-mail.',
  bookAgain: 'Réserver à nouveau',
  incomplete: 'Ce lien est incomplet. Ouvrez le lien complet de votre e-mail de confirmation.',
  contact: 'Pour la modifier ou l’annuler, contactez {name} :',
  retry: 'Réessayer',
  errors: {
    not_found:
      'Aucun rendez-vous ne correspond à ce lien. Vérifiez que vous avez utilisé le lien complet de votre e-mail.',
    too_late: 'Trop tard pour modifier ce rendez-vous en ligne. Veuillez contacter le cabinet.',
    slot_unavailable: 'Désolé, cet horaire vient d’être pris. Veuillez en choisir un autre.',
    booking_cancelled: 'Ce rendez-vous a été annulé et ne peut pas être déplacé. Réservez un nouvel horaire.',
    booking_changed: 'Ce rendez-vous a changé entre-temps. Le voici tel qu’il est ; veuillez réessayer.',
    outside_booking_window: 'Cet horaire ne peut plus être réservé en ligne. Veuillez en choisir un autre.',
    too_many_requests: 'Trop de tentatives. Veuillez patienter une minute.',
    network_error: 'Impossible de joindre le serveur. Vérifiez votre connexion et réessayez.',
    timeout: 'Le serveur a mis trop de temps à répondre. Veuillez réessayer.',
  },
};

export default messages;
