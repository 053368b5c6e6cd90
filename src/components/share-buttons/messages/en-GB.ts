/** Every string the share buttons show or announce; `{network}` and `{server}` are filled in. */
export interface ShareMessages {
  /** Default visible heading of the group. */
  heading: string;
  /** Accessible name of a network link, e.g. "Share on {network}". */
  shareOn: string;
  /** Appended to the names of links that open a new window. */
  newWindow: string;
  /** Visible label of the email link. */
  email: string;
  /** Accessible name of the email link. */
  emailName: string;
  /** Copy button label. */
  copy: string;
  /** Copy button label for ~2 s after copying. */
  copied: string;
  /** Announced after copying. */
  copiedStatus: string;
  /** Shown (and announced) when the browser refused to copy. */
  copyFailed: string;
  /** Label of the read-only field holding the link. */
  linkLabel: string;
  /** Label of the button opening the device's share sheet. */
  native: string;
  /** Accessible name of the button opening the rest of the networks. */
  more: string;
  /** Label of the Mastodon server field. */
  server: string;
  /** Hint under the Mastodon server field. */
  serverHint: string;
  /** Error when the Mastodon server is not a host name. */
  serverError: string;
  /** Submit button of the Mastodon form. */
  submit: string;
  /** Closes the Mastodon form. */
  cancel: string;
  /** Lets the visitor pick another Mastodon server. */
  changeServer: string;
  /** Shown after sharing straight to the remembered server. */
  sharedTo: string;
}

const messages: ShareMessages = {
  heading: 'Share this post',
  shareOn: 'Share on {network}',
  newWindow: '(opens in a new window)',
  email: 'Email',
  emailName: 'Share by email',
  copy: 'Copy link',
  copied: 'Copied',
  copiedStatus: 'Link copied',
  copyFailed: 'Copying was blocked. Select the link and copy it by hand.',
  linkLabel: 'Link to this page',
  native: 'Share',
  more: 'More ways to share',
  server: 'Your Mastodon server',
  serverHint: 'for example mastodon.social',
  serverError: 'Enter a server address such as mastodon.social.',
  submit: 'Share',
  cancel: 'Cancel',
  changeServer: 'Change server',
  sharedTo: 'Opened on {server}.',
};

export default messages;
