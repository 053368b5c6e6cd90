import type { LinkCardMessages } from './en-GB.js';

const messages: LinkCardMessages = {
  loading: 'Linkvorschau wird geladen',
  newWindow: '(öffnet in einem neuen Fenster)',
};
export default messages;
