export { SoleusLinkCard, type LinkCardLayout } from './link-card.js';
export { SoleusLinkCardOpenEvent, type LinkCardOpenDetail } from './link-card.events.js';
export type { LinkCardMessages } from './messages/en-GB.js';
