import type { ShareMessages } from './en-GB.js';

const messages: ShareMessages = {
  heading: 'Share this post',
  shareOn: 'Share on {network}',
  newWindow: '(opens in a new window)',
  email: 'Email',
  emailName: 'Share via email',
  copy: 'Copy link',
  copied: 'Copied',
  copiedStatus: 'Link copied',
  copyFailed: "Your browser didn't let us copy. Select the link below and copy it manually.",
  linkLabel: 'Link to this page',
  native: 'Share',
  more: 'More ways to share',
  server: 'Your Mastodon server',
  serverHint: 'for example, mastodon.social',
  serverError: 'Enter a server address like mastodon.social.',
  submit: 'Share',
  cancel: 'Cancel',
  changeServer: 'Change server',
  sharedTo: 'Opened on {server}.',
};

export default messages;
