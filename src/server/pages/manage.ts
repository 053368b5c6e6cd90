import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

/** What the manage page shows around the element. */
export interface ManagePageOptions {
  /** The practice's name, in the title, the header and the back link. */
  practiceName: string;
  /** The practice's own site: the header link, "Back to …" and the element's "Book again". */
  siteUrl: string;
}

/**
 * `/manage`, the page a confirmation email links to (`/manage#booking=<id>&token=<token>`): the practice's name and a
 * link back to its site around `<soleus-booking-manage>`, which reads the booking id and token from the fragment (so
 * the token never reaches the server's logs). No inline script or style: it runs under the server's strict CSP.
 * Every value is escaped by `hono/html`.
 */
export function managePage(o: ManagePageOptions): HtmlEscapedString | Promise<HtmlEscapedString> {
  return html`<!doctype html>
    <html lang="en-GB">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <meta name="referrer" content="no-referrer" />
        <title>Your booking with ${o.practiceName}</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="/assets/pages.css" />
        <script type="module" src="/widgets/booking-manage.js"></script>
      </head>
      <body>
        <header class="practice">
          <a href="${o.siteUrl}">${o.practiceName}</a>
        </header>
        <main id="main">
          <h1>Your booking with ${o.practiceName}</h1>
          <soleus-booking-manage book-url="${o.siteUrl}"></soleus-booking-manage>
        </main>
        <footer class="practice">
          <a href="${o.siteUrl}">Back to ${o.practiceName}</a>
        </footer>
      </body>
    </html>`;
}
