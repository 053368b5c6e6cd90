import { defineElement } from '../../core/define.js';
import { SoleusLinkCard } from './link-card.js';

defineElement('soleus-link-card', SoleusLinkCard);

export { SoleusLinkCard };

declare global {
  interface HTMLElementTagNameMap {
    'soleus-link-card': SoleusLinkCard;
  }
}
