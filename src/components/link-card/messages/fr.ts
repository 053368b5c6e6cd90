import type { LinkCardMessages } from './en-GB.js';

const messages: LinkCardMessages = {
  loading: 'Chargement de l’aperçu du lien',
  newWindow: '(s’ouvre dans une nouvelle fenêtre)',
};
export default messages;
