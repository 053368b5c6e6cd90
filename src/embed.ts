/** The one-file entry a script tag loads: defines every Soleus widget. */
import './components/booking-calendar/booking-calendar.define.js';
import './components/newsletter-signup/newsletter-signup.define.js';
import './components/share-buttons/share-buttons.define.js';
import './components/booking-manage/booking-manage.define.js';
import './components/link-card/link-card.define.js';
import './components/comment-box/comment-box.define.js';
