import { LitElement, type CSSResultGroup } from 'lit';
import { VERSION } from './version.js';
import { baseStyles } from './styles.js';

/** `light`, `dark`, or `auto` (follow the host page's own colour scheme; see baseStyles). */
export type Theme = 'light' | 'dark' | 'auto';

/**
 * What every Soleus widget shares: its version, host reset styles and theme tokens, and the
 * `theme` and `lang` attributes. Subclasses add their own styles after `baseStyles`.
 */
export class SoleusElement extends LitElement {
  /** The Soleus version that defined this element; read by the guarded define. */
  static readonly version = VERSION;

  static override styles: CSSResultGroup = [baseStyles];

  static override properties = {
    theme: { reflect: true },
    lang: { reflect: true },
  };

  /** Colour theme: `light`, `dark` or `auto` (follows the page's colour scheme: the device's where the page supports both). */
  declare theme: Theme;

  constructor() {
    super();
    this.theme = 'auto';
  }
}
