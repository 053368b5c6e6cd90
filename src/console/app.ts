import { html, type PropertyValues } from 'lit';
import { SoleusElement } from '../core/base.js';
import { formStyles } from '../core/form-styles.js';
import { ownerRequest, SIGNED_OUT_EVENT } from './api.js';
import { SIGNED_IN_EVENT } from './auth-api.js';
import { appStrings as t } from './strings/app.js';
import { consoleStyles } from './styles.js';

/** The console's sections: hash route → the screen's tag. */
export const ROUTES = {
  agenda: 'soleus-console-agenda',
  schedule: 'soleus-console-schedule',
  services: 'soleus-console-services',
  plan: 'soleus-console-plan',
  'time-off': 'soleus-console-time-off',
  comments: 'soleus-console-comments',
  subscribers: 'soleus-console-subscribers',
  previews: 'soleus-console-previews',
  embed: 'soleus-console-embed',
  insights: 'soleus-console-insights',
  account: 'soleus-console-account',
} as const;
export type Route = keyof typeof ROUTES;

/** `#/time-off` → `time-off`; anything else → `agenda`. */
export function routeOf(hash: string): Route {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return Object.hasOwn(ROUTES, name) ? (name as Route) : 'agenda';
}

/** What `GET /admin/api/session` answers. */
export interface SessionResponse {
  owner: { email: string };
  session: { id: string; createdAt: string; lastSeenAt: string; expiresAt: string; method: 'link' | 'passkey' };
}

/**
 * `<soleus-console>`: the owner console's shell. Signed out, the sign-in screen; signed in, the practice's name, the
 * sections (Agenda, Schedule, Services, Race plan, Time off,
 * Comments, Subscribers, Link cards, Embed, Insights, Account) and the screen of the hash route (`#/agenda` default). A
 * screen whose element is not defined in this build shows "This screen is not available yet".
 */
export class SoleusConsole extends SoleusElement {
  static override styles = [...(SoleusElement.styles as []), formStyles, consoleStyles];

  static override properties = {
    ...SoleusElement.properties,
    practiceName: { attribute: 'practice-name' },
    state: { state: true },
    route: { state: true },
    notice: { state: true },
  };

  /** The practice's name, shown in the bar. */
  declare practiceName: string;
  declare state: 'loading' | 'signed-out' | 'signed-in';
  declare route: Route;
  declare notice: string;
  /** The signed-in owner and session, once known. */
  session: SessionResponse | undefined;
  #screens = new Map<Route, Element>();

  constructor() {
    super();
    this.practiceName = '';
    this.state = 'loading';
    this.route = routeOf(globalThis.location?.hash ?? '');
    this.notice = '';
  }

  #onHash = () => {
    this.route = routeOf(location.hash);
  };
  #onSignedOut = () => {
    if (this.state === 'signed-in') this.notice = t.signIn.expired;
    this.session = undefined;
    this.#screens.clear();
    this.state = 'signed-out';
  };
  #onSignedIn = () => {
    this.notice = '';
    void this.#load();
  };

  override connectedCallback() {
    super.connectedCallback();
    addEventListener('hashchange', this.#onHash);
    addEventListener(SIGNED_OUT_EVENT, this.#onSignedOut);
    addEventListener(SIGNED_IN_EVENT, this.#onSignedIn);
    void this.#load();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    removeEventListener('hashchange', this.#onHash);
    removeEventListener(SIGNED_OUT_EVENT, this.#onSignedOut);
    removeEventListener(SIGNED_IN_EVENT, this.#onSignedIn);
  }

  async #load() {
    try {
      this.session = await ownerRequest<SessionResponse>('GET', '/session');
      this.state = 'signed-in';
    } catch {
      this.session = undefined;
      this.state = 'signed-out';
    }
  }

  protected override updated(changed: PropertyValues<this>) {
    // After a route change or sign-in, move focus to the new screen's region so keyboard and screen reader users
    // start there (not on the first change from the initial load).
    if ((changed.has('route') && changed.get('route') !== undefined) || changed.get('state') === 'signed-out')
      this.renderRoot.querySelector<HTMLElement>('#main')?.focus();
    // On a phone the sections scroll sideways: keep the current one in view.
    if (changed.has('route') || changed.has('state')) {
      const current = this.renderRoot.querySelector<HTMLElement>('nav [aria-current="page"]');
      const list = current?.closest('ul');
      if (current && list && list.scrollWidth > list.clientWidth) {
        const [a, l] = [current.getBoundingClientRect(), list.getBoundingClientRect()];
        list.scrollLeft += a.left - l.left - (l.width - a.width) / 2;
      }
    }
  }

  #screen(route: Route): Element | undefined {
    const tag = ROUTES[route];
    if (!customElements.get(tag)) return undefined;
    let el = this.#screens.get(route);
    if (!el) {
      el = document.createElement(tag);
      this.#screens.set(route, el);
    }
    return el;
  }

  override render() {
    if (this.state === 'loading') return html`<div class="root"><p class="screen" role="status">${t.loading}</p></div>`;
    if (this.state === 'signed-out')
      return html`<div class="root">
        <soleus-console-sign-in .notice=${this.notice} .practiceName=${this.practiceName}></soleus-console-sign-in>
      </div>`;
    const screen = this.#screen(this.route);
    return html`<div class="root">
      <header class="bar">
        <p class="brand">${this.practiceName || t.consoleName}</p>
        <nav aria-label=${t.nav}>
          <ul>
            ${(Object.keys(ROUTES) as Route[]).map(
              (r) =>
                html`<li>
                  <a href="#/${r}" aria-current=${r === this.route ? 'page' : 'false'}>${t.routes[r]}</a>
                </li>`,
            )}
          </ul>
        </nav>
      </header>
      <div id="main" tabindex="-1">
        ${
          screen ??
          html`<div class="screen">
            <h1>${t.routes[this.route]}</h1>
            <p class="card">${t.unavailable}</p>
          </div>`
        }
      </div>
    </div>`;
  }
}
