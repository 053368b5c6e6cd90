import type { LinkCardMessages } from './en-GB.js';

const messages: LinkCardMessages = {
  loading: 'Loading the link preview',
  newWindow: '(opens in a new window)',
};
export default messages;
