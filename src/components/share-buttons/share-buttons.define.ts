import { defineElement } from '../../core/define.js';
import { SoleusShareButtons } from './share-buttons.js';

defineElement('soleus-share-buttons', SoleusShareButtons);

export { SoleusShareButtons };

declare global {
  interface HTMLElementTagNameMap {
    'soleus-share-buttons': SoleusShareButtons;
  }
}
