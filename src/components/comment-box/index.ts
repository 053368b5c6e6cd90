export { SoleusCommentBox } from './comment-box.js';
export {
  SoleusCommentSubmitEvent,
  SoleusCommentPostedEvent,
  SoleusCommentErrorEvent,
  type CommentSubmitDetail,
  type CommentPostedDetail,
  type CommentErrorDetail,
} from './comment-box.events.js';
export type { CommentMessages } from './messages/en-GB.js';
