/**
 * Every string the comment box shows or announces. `{n}`, `{name}`, `{owner}` and `{max}` are filled in. `count` has
 * the singular and plural forms (chosen by `Intl.PluralRules`).
 */
export interface CommentMessages {
  /** The heading: `{n} comment` / `{n} comments`. */
  count: [one: string, other: string];
  /** Heading and text of an empty thread. */
  empty: string;
  /** In place of the form when the owner closed the thread. */
  shut: string;
  /** Announced while the list loads. */
  loading: string;
  /** The list could not be loaded. */
  loadFailed: string;
  /** Tries again after a failure; nothing typed is lost. */
  retry: string;
  /** Loads the next page of comments. */
  more: string;
  /** Label of the sort choice, and its two options. */
  sort: string;
  oldest: string;
  newest: string;
  /** Opens the reply form under a comment; its accessible name says to whom. */
  reply: string;
  replyTo: string;
  /** Shown on a reply listed flat, below the nesting limit. */
  replyingTo: string;
  /** The badge on the practitioner's comments. */
  owner: string;
  /** The mark on the visitor's own comment that waits for approval. */
  held: string;
  /** Shown after the time of an edited comment. */
  edited: string;
  /** The accessible name of a comment: author, relative time, full date. */
  article: string;
  /** Heading of the form. */
  write: string;
  /** Labels, hints and tabs of the form. */
  name: string;
  email: string;
  emailHint: string;
  body: string;
  tabWrite: string;
  tabPreview: string;
  nothing: string;
  /** The Preview tab while the server reads the draft. */
  reading: string;
  syntax: string;
  counter: string;
  notify: string;
  notifyHint: string;
  post: string;
  postReply: string;
  save: string;
  cancel: string;
  sending: string;
  /** After posting. */
  published: string;
  pending: string;
  pendingNoOwner: string;
  /** Field errors. */
  nameRequired: string;
  nameLink: string;
  nameInvalid: string;
  tooLong: string;
  emailInvalid: string;
  emailForReplies: string;
  disposable: string;
  bodyRequired: string;
  parentGone: string;
  fix: string;
  /** Failures. */
  network: string;
  tooMany: string;
  failed: string;
  /** Edit and delete. */
  edit: string;
  delete: string;
  window: string;
  confirm: string;
  deleted: string;
  saved: string;
  closed: string;
  /** Label of the hidden field that only bots fill in (never shown or announced). */
  trap: string;
}

const messages: CommentMessages = {
  count: ['{n} comment', '{n} comments'],
  empty: 'Be the first to comment.',
  shut: 'Comments are closed on this post.',
  loading: 'Loading comments…',
  loadFailed: 'The comments could not be loaded.',
  retry: 'Retry',
  more: 'Show more comments',
  sort: 'Sort',
  oldest: 'Oldest first',
  newest: 'Newest first',
  reply: 'Reply',
  replyTo: 'Reply to {name}',
  replyingTo: 'replying to {name}',
  owner: 'Author',
  held: 'Awaiting approval',
  edited: 'edited',
  article: '{name}, {time}',
  write: 'Add your comment',
  name: 'Name',
  email: 'Email (optional)',
  emailHint: 'Never shown. Only used to email you replies.',
  body: 'Comment',
  tabWrite: 'Write',
  tabPreview: 'Preview',
  nothing: 'Nothing to preview yet.',
  reading: 'Preparing the preview…',
  syntax: 'Markdown: *italic*, **bold**, `code`, > quote, - list, [link](https://…)',
  counter: '{n} of {max} characters',
  notify: 'Email me replies',
  notifyHint: 'You will get one email to confirm first.',
  post: 'Post comment',
  postReply: 'Post reply',
  save: 'Save changes',
  cancel: 'Cancel',
  sending: 'Sending…',
  published: 'Your comment is published.',
  pending: 'Thanks — your comment will appear once {owner} has approved it.',
  pendingNoOwner: 'Thanks — your comment will appear once it has been approved.',
  nameRequired: 'Enter your name.',
  nameLink: 'Leave links out of your name.',
  nameInvalid: 'Remove line breaks and special characters from your name.',
  tooLong: 'Use at most {max} characters.',
  emailInvalid: 'Enter an email address like name@example.com.',
  emailForReplies: 'Enter your email address to get replies by email.',
  disposable: 'Use a permanent email address, not a disposable one.',
  bodyRequired: 'Write your comment.',
  parentGone: 'The comment you are answering is no longer there.',
  fix: 'Please correct the marked fields.',
  network: 'Could not reach the server. Your comment is still here: press Retry.',
  tooMany: 'Too many comments in a short time. Please wait a few minutes and try again.',
  failed: 'Something went wrong. Your comment is still here: please try again.',
  edit: 'Edit',
  delete: 'Delete',
  window: 'You can edit or delete this until {time}.',
  confirm: 'Delete for good',
  deleted: 'Your comment was deleted.',
  saved: 'Your changes are saved.',
  closed: 'The time for changes is over.',
  trap: 'Leave this field empty',
};

export default messages;
