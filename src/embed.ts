/**
 * The one-file entry a script tag loads: defines every Soleus widget. `<soleus-booking-manage>` (moving or cancelling
 * a booking) belongs on the server's own /manage page, which loads /widgets/booking-manage.js; a host page almost
 * never has one, so the embed fetches that element's code only when one appears on the page, and the five widgets a
 * host page shows do not carry it.
 */
import './components/booking-calendar/booking-calendar.define.js';
import './components/newsletter-signup/newsletter-signup.define.js';
import './components/share-buttons/share-buttons.define.js';
import './components/link-card/link-card.define.js';
import './components/comment-box/comment-box.define.js';
import { tagSuffix } from './core/define.js';

const manage = document.getElementsByTagName(`soleus-booking-manage${tagSuffix()}`);
// The element's own file, beside this one (as the server and the npm package lay them out), with this script's query
// (a tag suffix carries over): not bundled in here.
const here = import.meta.url;
const defineManage = () =>
  void import(/* @vite-ignore */ new URL(`widgets/booking-manage.js${new URL(here).search}`, here).href);
if (manage.length) defineManage();
else
  new MutationObserver((_, watch) => {
    if (manage.length) {
      watch.disconnect();
      defineManage();
    }
  }).observe(document, { childList: true, subtree: true });
