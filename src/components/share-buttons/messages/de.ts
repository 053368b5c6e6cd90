import type { ShareMessages } from './en-GB.js';

const messages: ShareMessages = {
  heading: 'Beitrag teilen',
  shareOn: 'Auf {network} teilen',
  newWindow: '(öffnet ein neues Fenster)',
  email: 'E-Mail',
  emailName: 'Per E-Mail teilen',
  copy: 'Link kopieren',
  copied: 'Kopiert',
  copiedStatus: 'Link kopiert',
  copyFailed: 'Ihr Browser hat das Kopieren verhindert. Markieren Sie den Link unten und kopieren Sie ihn von Hand.',
  linkLabel: 'Link zu dieser Seite',
  native: 'Teilen',
  more: 'Weitere Möglichkeiten zum Teilen',
  server: 'Ihr Mastodon-Server',
  serverHint: 'zum Beispiel mastodon.social',
  serverError: 'Geben Sie eine Serveradresse wie mastodon.social ein.',
  submit: 'Teilen',
  cancel: 'Abbrechen',
  changeServer: 'Server ändern',
  sharedTo: 'Auf {server} geöffnet.',
};

export default messages;
