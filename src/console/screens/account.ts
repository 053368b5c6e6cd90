import { startRegistration } from '@simplewebauthn/browser';
import { html } from 'lit';
import { SoleusElement } from '../../core/base.js';
import { formStyles } from '../../core/form-styles.js';
import { fill } from '../../core/i18n.js';
import { ApiError, ownerRequest, SIGNED_OUT_EVENT } from '../api.js';
import { accountStrings as t } from '../strings/account.js';
import { consoleStyles } from '../styles.js';
import { loading } from '../loading.js';

interface SessionItem {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  method: 'link' | 'passkey';
  userAgent: string | null;
  current: boolean;
}
interface Passkey {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

const when = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

/** "Chrome on Android" from a User-Agent, or the raw text's start. */
export function deviceName(ua: string | null): string {
  if (!ua) return t.unknownDevice;
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /Firefox\//.test(ua)
      ? 'Firefox'
      : /Chrome\/|Chromium\//.test(ua)
        ? 'Chrome'
        : /Safari\//.test(ua)
          ? 'Safari'
          : '';
  const os = /Android/.test(ua)
    ? 'Android'
    : /iPhone|iPad/.test(ua)
      ? 'iOS'
      : /Mac OS X/.test(ua)
        ? 'macOS'
        : /Windows/.test(ua)
          ? 'Windows'
          : /Linux/.test(ua)
            ? 'Linux'
            : '';
  if (browser && os) return `${browser} on ${os}`;
  return browser || os || ua.slice(0, 40);
}

/**
 * `<soleus-console-account>`: where the owner is signed in (end one device, or every one) and their passkeys (add one
 * with a name, remove one).
 */
export class SoleusConsoleAccount extends SoleusElement {
  static override styles = [...(SoleusElement.styles as []), formStyles, consoleStyles];

  static override properties = {
    ...SoleusElement.properties,
    email: { state: true },
    sessions: { state: true },
    passkeys: { state: true },
    busy: { state: true },
    status: { state: true },
    error: { state: true },
  };

  declare email: string;
  declare sessions: SessionItem[] | undefined;
  declare passkeys: Passkey[] | undefined;
  declare busy: string;
  declare status: string;
  declare error: string;

  constructor() {
    super();
    this.email = '';
    this.sessions = undefined;
    this.passkeys = undefined;
    this.busy = '';
    this.status = '';
    this.error = '';
  }

  override connectedCallback() {
    super.connectedCallback();
    void this.#load();
  }

  async #load() {
    try {
      const [me, sessions, passkeys] = await Promise.all([
        ownerRequest<{ owner: { email: string } }>('GET', '/session'),
        ownerRequest<{ sessions: SessionItem[] }>('GET', '/sessions'),
        ownerRequest<{ passkeys: Passkey[] }>('GET', '/passkeys'),
      ]);
      this.email = me.owner.email;
      this.sessions = sessions.sessions;
      this.passkeys = passkeys.passkeys;
    } catch (error) {
      this.error = (error as ApiError).message;
    }
  }

  async #act(busy: string, work: () => Promise<string | void>) {
    this.busy = busy;
    this.error = '';
    this.status = '';
    try {
      const done = await work();
      if (done) this.status = done;
    } catch (error) {
      this.error = (error as ApiError).message;
    } finally {
      this.busy = '';
    }
  }

  #signOut(everywhere: boolean) {
    return this.#act(everywhere ? 'everywhere' : 'sign-out', async () => {
      await ownerRequest('POST', everywhere ? '/sign-out-everywhere' : '/sign-out');
      globalThis.dispatchEvent(new Event(SIGNED_OUT_EVENT));
    });
  }

  #end(session: SessionItem) {
    return this.#act(`end:${session.id}`, async () => {
      await ownerRequest('POST', `/sessions/${encodeURIComponent(session.id)}/end`);
      this.sessions = this.sessions?.filter((s) => s.id !== session.id);
      return t.ended;
    });
  }

  #add(event: SubmitEvent) {
    event.preventDefault();
    const input = this.renderRoot.querySelector<HTMLInputElement>('#passkey-name')!;
    const name = input.value.trim() || t.defaultName;
    return this.#act('add', async () => {
      const optionsJSON = await ownerRequest<Parameters<typeof startRegistration>[0]['optionsJSON']>(
        'POST',
        '/passkeys/options',
      );
      let response;
      try {
        response = await startRegistration({ optionsJSON });
      } catch {
        throw new ApiError(0, { code: 'cancelled', message: t.cancelled });
      }
      const added = await ownerRequest<{ passkey: Passkey }>('POST', '/passkeys', { body: { response, name } });
      this.passkeys = [...(this.passkeys ?? []), added.passkey];
      input.value = '';
      return fill(t.added, { name: added.passkey.name });
    });
  }

  #remove(passkey: Passkey) {
    return this.#act(`remove:${passkey.id}`, async () => {
      await ownerRequest('DELETE', `/passkeys/${encodeURIComponent(passkey.id)}`);
      this.passkeys = this.passkeys?.filter((p) => p.id !== passkey.id);
      return fill(t.removed, { name: passkey.name });
    });
  }

  override render() {
    const busy = this.busy !== '';
    return html`<div class="root">
      <div class="screen">
        <h1>${t.title}</h1>
        ${this.email ? html`<p>${fill(t.signedInAs, { email: this.email })}</p>` : ''}
        <p class="notice" role="status">${this.status}</p>
        <p class="alert" role="alert">${this.error}</p>

        <section class="card" aria-labelledby="sessions-title">
          <h2 id="sessions-title">${t.sessions}</h2>
          ${
            this.sessions === undefined
              ? loading(this.error)
              : html`<ul class="list">
                  ${this.sessions.map((s) => {
                    const name = deviceName(s.userAgent);
                    return html`<li class="row">
                      <div>
                        <strong>${name}</strong>${s.current ? html`<span class="badge">${t.thisDevice}</span>` : ''}
                        <p class="muted">${t.signedInWith[s.method]} · ${fill(t.since, { when: when(s.createdAt) })}</p>
                        <p class="muted">${fill(t.lastSeen, { when: when(s.lastSeenAt) })}</p>
                      </div>
                      ${
                        s.current
                          ? html`<button
                              type="button"
                              class="btn secondary"
                              ?disabled=${busy}
                              @click=${() => this.#signOut(false)}
                            >
                              ${t.signOut}
                            </button>`
                          : html`<button
                              type="button"
                              class="btn secondary"
                              aria-label=${fill(t.endNamed, { name })}
                              ?disabled=${busy}
                              @click=${() => this.#end(s)}
                            >
                              ${t.endSession}
                            </button>`
                      }
                    </li>`;
                  })}
                </ul>`
          }
          <div class="actions">
            <button
              type="button"
              class="btn danger"
              id="everywhere"
              ?disabled=${busy}
              @click=${() => this.#signOut(true)}
            >
              ${t.signOutEverywhere}
            </button>
          </div>
        </section>

        <section class="card" aria-labelledby="passkeys-title">
          <h2 id="passkeys-title">${t.passkeys}</h2>
          <p class="muted">${t.passkeysIntro}</p>
          ${
            this.passkeys === undefined
              ? loading(this.error, 1)
              : this.passkeys.length === 0
                ? html`<p>${t.noPasskeys}</p>`
                : html`<ul class="list">
                    ${this.passkeys.map(
                      (p) =>
                        html`<li class="row">
                          <div>
                            <strong>${p.name}</strong>
                            <p class="muted">
                              ${fill(t.added_on, { when: when(p.createdAt) })} ·
                              ${p.lastUsedAt ? fill(t.used, { when: when(p.lastUsedAt) }) : t.neverUsed}
                            </p>
                          </div>
                          <button
                            type="button"
                            class="btn danger"
                            aria-label=${fill(t.removeNamed, { name: p.name })}
                            ?disabled=${busy}
                            @click=${() => this.#remove(p)}
                          >
                            ${t.remove}
                          </button>
                        </li>`,
                    )}
                  </ul>`
          }
          <form @submit=${this.#add}>
            <div class="field">
              <label for="passkey-name">${t.passkeyName}</label>
              <input id="passkey-name" name="name" maxlength="60" autocomplete="off" aria-describedby="passkey-hint" />
              <p class="muted" id="passkey-hint">${t.passkeyNameHint}</p>
            </div>
            <button type="submit" class="btn" id="add-passkey" ?disabled=${busy}>
              ${this.busy === 'add' ? t.adding : t.addPasskey}
            </button>
          </form>
        </section>
      </div>
    </div>`;
  }
}
