import { SoleusEvent } from '../../core/events.js';
import type { Comment } from '../../core/schemas/comments.js';

/** What a `soleus-comment-submit` event carries: the comment about to be sent. */
export interface CommentSubmitDetail {
  /** The thread it goes to (normalised). */
  thread: string;
  /** The comment it answers, for a reply. */
  parentId?: string;
  /** The author's name, trimmed. */
  name: string;
  /** The author's address, when given (never shown). */
  email?: string;
  /** The Markdown source. */
  body: string;
  /** Whether the author asked for reply notifications. */
  notifyReplies: boolean;
}

/** What a `soleus-comment-posted` event carries. */
export interface CommentPostedDetail {
  /** The comment as the server answered it. */
  comment: Comment;
  /** `published` (shown now) or `pending` (waits for the owner's approval). */
  status: 'published' | 'pending';
}

/** What a `soleus-comment-error` event carries: the contract's error shape. */
export interface CommentErrorDetail {
  /** `invalid_request` (checked in the browser or by the server), `too_many_requests`, `network_error`, `edit_window_closed`… */
  code: string;
  /** What the visitor was shown. */
  message: string;
  /** Field → message, for invalid fields. */
  fields: Record<string, string>;
}

/**
 * Fired when a visitor sends a valid comment, before the request. Cancelable: call `preventDefault()` to send it
 * your own way; the widget then sends nothing and keeps what was typed.
 */
export class SoleusCommentSubmitEvent extends SoleusEvent<CommentSubmitDetail> {
  static readonly type = 'soleus-comment-submit';

  constructor(detail: CommentSubmitDetail) {
    super('soleus-comment-submit', detail, true);
  }
}

/** Fired when the server accepted a comment, published or waiting for approval. */
export class SoleusCommentPostedEvent extends SoleusEvent<CommentPostedDetail> {
  static readonly type = 'soleus-comment-posted';

  constructor(detail: CommentPostedDetail) {
    super('soleus-comment-posted', detail);
  }
}

/** Fired when loading, posting, editing or deleting failed. */
export class SoleusCommentErrorEvent extends SoleusEvent<CommentErrorDetail> {
  static readonly type = 'soleus-comment-error';

  constructor(detail: CommentErrorDetail) {
    super('soleus-comment-error', detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'soleus-comment-submit': SoleusCommentSubmitEvent;
    'soleus-comment-posted': SoleusCommentPostedEvent;
    'soleus-comment-error': SoleusCommentErrorEvent;
  }
}
