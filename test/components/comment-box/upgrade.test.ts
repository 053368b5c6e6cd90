// The no-JavaScript form a site owner pastes inside the element, and what the element makes of it; the thread default.
import { expect, fixture, html } from '@open-wc/testing';
import { readFallback } from '../../../src/components/comment-box/internal/fallback.js';
import { $, forget, post, stubFetch, type, until, widget } from './helpers.js';

const fallbackForm = html`<form method="post" action="https://talk.example.org/api/v1/comments">
  <input type="hidden" name="thread" value="marathon-preparation" />
  <p>
    <label>Name <input name="name" required value="Ann" /></label>
  </p>
  <p>
    <label>Email (optional) <input type="email" name="email" /></label>
  </p>
  <p>
    <label>Comment <textarea name="body" required></textarea></label>
  </p>
  <p>
    <label><input type="checkbox" name="notifyReplies" value="true" /> Email me replies</label>
  </p>
  <div hidden>
    <label>Leave empty <input name="hp" tabindex="-1" autocomplete="off" /></label>
  </div>
  <button>Post comment</button>
</form>`;

describe('<soleus-comment-box> upgrading the no-JavaScript form', function () {
  this.timeout(20_000);
  let server: ReturnType<typeof stubFetch>;
  beforeEach(() => {
    server = stubFetch();
  });
  afterEach(() => {
    server.restore();
    forget();
  });

  it('readFallback reads action, thread and anything typed', async () => {
    const host = await fixture(html`<div>${fallbackForm}</div>`);
    expect(readFallback(host)).to.deep.equal({
      action: 'https://talk.example.org/api/v1/comments',
      thread: 'marathon-preparation',
      name: 'Ann',
      email: '',
      body: '',
    });
  });

  it('takes its server and thread from the form, hides the form, keeps what was typed', async () => {
    const el = await widget(html`<soleus-comment-box>${fallbackForm}</soleus-comment-box>`);
    expect(el.querySelector('form')!.getBoundingClientRect().height).to.equal(0);
    const get = server.gets()[0]!;
    expect(get.url.origin).to.equal('https://talk.example.org');
    expect(get.url.searchParams.get('thread')).to.equal('marathon-preparation');
    expect($<HTMLInputElement>(el, '#mname').value).to.equal('Ann');
    type(el, '#mb', 'Hello');
    post(el);
    await until(() => server.posts().length == 1, 'the POST');
    expect(server.posts()[0]!.url.href).to.equal('https://talk.example.org/api/v1/comments');
    await expect(el).to.be.accessible();
  });

  it('without a thread, uses the canonical URL, normalised as the contract says', async () => {
    const link = Object.assign(document.createElement('link'), {
      rel: 'canonical',
      href: 'HTTPS://Example.COM:443/Blog/Marathon/?utm=x#top',
    });
    document.head.append(link);
    try {
      await widget(html`<soleus-comment-box></soleus-comment-box>`);
      expect(server.gets()[0]!.url.searchParams.get('thread')).to.equal('https://example.com/Blog/Marathon');
    } finally {
      link.remove();
    }
  });
});
