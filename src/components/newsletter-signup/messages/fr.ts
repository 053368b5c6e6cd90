import type { NewsletterMessages } from './en-GB.js';

const messages: NewsletterMessages = {
  heading: 'Recevoir la newsletter',
  pitch: 'Les nouveaux articles et les nouvelles par e-mail, de temps en temps. Désinscription à tout moment.',
  email: 'Adresse e-mail',
  name: 'Prénom (facultatif)',
  consent: 'J’accepte de recevoir cette newsletter par e-mail et je sais que je peux me désinscrire à tout moment.',
  privacy: 'Lire la [politique de confidentialité].',
  submit: 'S’inscrire',
  sending: 'Inscription en cours…',
  checkInbox: 'Consultez votre boîte de réception',
  pending:
    'Nous avons envoyé un lien à {email}. Ouvrez-le pour confirmer votre inscription. S’il n’arrive pas d’ici quelques minutes, regardez dans vos courriers indésirables.',
  change: 'Utiliser une autre adresse',
  emailRequired: 'Saisissez votre adresse e-mail.',
  emailInvalid: 'Saisissez une adresse e-mail comme nom@example.com.',
  disposable: 'Utilisez une adresse e-mail permanente, pas une adresse jetable.',
  tooLong: 'Utilisez au plus {max} caractères.',
  nameLink: 'Ne mettez pas de lien dans votre prénom.',
  nameInvalid: 'Retirez les retours à la ligne et les caractères spéciaux de votre prénom.',
  consentRequired: 'Cochez la case pour accepter de recevoir la newsletter.',
  fix: 'Veuillez corriger les champs signalés.',
  network: 'Impossible de joindre le serveur. Vérifiez votre connexion et réessayez.',
  tooMany: 'Trop de tentatives. Patientez quelques minutes puis réessayez.',
  failed: 'Une erreur s’est produite. Veuillez réessayer.',
  trap: 'Laissez ce champ vide',
};

export default messages;
