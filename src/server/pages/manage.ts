import { html as markup } from 'hono/html';
import { layout, type Html } from './layout.js';

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
 * Built on the one page layout; every value is escaped by `hono/html`.
 */
export function managePage(o: ManagePageOptions): Html {
  return layout({
    title: `Your booking with ${o.practiceName}`,
    lang: 'en-GB',
    head: markup`<meta name="referrer" content="no-referrer">
<script type="module" src="/widgets/booking-manage.js"></script>`,
    header: markup`<header class="practice"><a href="${o.siteUrl}">${o.practiceName}</a></header>`,
    body: markup`<soleus-booking-manage book-url="${o.siteUrl}"></soleus-booking-manage>`,
    footer: markup`<footer class="practice"><a href="${o.siteUrl}">Back to ${o.practiceName}</a></footer>`,
  });
}
