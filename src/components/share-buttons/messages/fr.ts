import type { ShareMessages } from './en-GB.js';

const messages: ShareMessages = {
  heading: 'Partager cet article',
  shareOn: 'Partager sur {network}',
  newWindow: '(s’ouvre dans une nouvelle fenêtre)',
  email: 'E-mail',
  emailName: 'Partager par e-mail',
  copy: 'Copier le lien',
  copied: 'Copié',
  copiedStatus: 'Lien copié',
  copyFailed: 'Votre navigateur a bloqué la copie. Sélectionnez le lien ci-dessous et copiez-le vous-même.',
  linkLabel: 'Lien vers cette page',
  native: 'Partager',
  more: 'Autres façons de partager',
  server: 'Votre serveur Mastodon',
  serverHint: 'par exemple mastodon.social',
  serverError: 'Saisissez l’adresse d’un serveur, par exemple mastodon.social.',
  submit: 'Partager',
  cancel: 'Annuler',
  changeServer: 'Changer de serveur',
  sharedTo: 'Ouvert sur {server}.',
};

export default messages;
