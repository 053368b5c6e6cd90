// The /manage page around <soleus-booking-manage>: names the practice, links back to its site, escapes both, and has
// no inline script or style (the server's CSP forbids them).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { managePage } from '../../../src/server/pages/manage.js';

test('the manage page escapes the practice name and site, and has no inline script or style', async () => {
  const page = String(await managePage({ practiceName: 'Jim & <Co>', siteUrl: 'https://jim.example/"><script>x' }));
  assert.match(page, /<title>Your booking with Jim &amp; &lt;Co&gt;<\/title>/);
  assert.match(page, /<h1>Your booking with Jim &amp; &lt;Co&gt;<\/h1>/);
  assert.match(page, /<soleus-booking-manage book-url="https:\/\/jim.example\/&quot;&gt;&lt;script&gt;x">/);
  assert.equal(page.match(/<script\b/g)?.length, 1, 'only the element’s module script');
  assert.match(page, /<script type="module" src="\/widgets\/booking-manage.js"><\/script>/);
  assert.doesNotMatch(page, /<style|style=/);
  assert.equal((page.match(/href="https:\/\/jim.example\/&quot;/g) ?? []).length, 2, 'header and footer link back');
});
