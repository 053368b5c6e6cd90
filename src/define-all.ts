/**
 * `@soleus/widgets/embed`: defines every Soleus element, for an app that bundles the package itself (its bundler
 * splits as it likes). The script-tag bundle, dist/soleus.js, is src/embed.ts.
 */
import './components/booking-calendar/booking-calendar.define.js';
import './components/newsletter-signup/newsletter-signup.define.js';
import './components/share-buttons/share-buttons.define.js';
import './components/booking-manage/booking-manage.define.js';
import './components/link-card/link-card.define.js';
import './components/comment-box/comment-box.define.js';
