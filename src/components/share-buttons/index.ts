export { SoleusShareButtons, type ShareLayout, type ShareSize } from './share-buttons.js';
export { SoleusShareEvent, type ShareDetail } from './share-buttons.events.js';
export type { ShareMessages } from './messages/en-GB.js';
export type { NetworkId, ShareData } from './internal/networks.js';
