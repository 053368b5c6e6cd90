import { defineElement } from '../../core/define.js';
import { SoleusCommentBox } from './comment-box.js';

defineElement('soleus-comment-box', SoleusCommentBox);

export { SoleusCommentBox };

declare global {
  interface HTMLElementTagNameMap {
    'soleus-comment-box': SoleusCommentBox;
  }
}
