// hono/html's escaping html``, named `markup` so Prettier leaves the markup as written (see pages/layout.ts).
import { html as markup } from 'hono/html';
import { layout, type Html } from './layout.js';

/** `GET /` before `npm run build` has written the demo page: what to do next, in the shared layout. */
export function fallbackHomePage(): Html {
  return layout({
    title: 'Soleus',
    body: markup`<p>The demo page is not there yet. Run npm run build, then start the server again.</p>`,
  });
}
