import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import {
  SoleusCommentErrorEvent,
  SoleusCommentPostedEvent,
  SoleusCommentSubmitEvent,
} from '../../../src/components/comment-box/comment-box.events.js';
import {
  $,
  $$,
  ageTokens,
  comment,
  FOUR,
  fill,
  focused,
  forget,
  post,
  settle,
  shadow,
  status,
  stubFetch,
  type,
  until,
  widget,
} from './helpers.js';

const articles = (el: Element) => $$(el, 'article').map((a) => a.id);

describe('<soleus-comment-box>', function () {
  // Axe over a whole thread, several times per test: slow on a loaded two-core machine.
  this.timeout(20_000);
  let server: ReturnType<typeof stubFetch>;
  afterEach(() => {
    server.restore();
    forget();
  });

  describe('the list', () => {
    it('keeps a skeleton while loading, announces it, and is accessible', async () => {
      server = stubFetch({ list: () => 'hold' });
      const el = await fixture(html`<soleus-comment-box thread="t"></soleus-comment-box>`);
      await settle();
      const skeleton = $(el, '[part="skeleton"]');
      expect(skeleton.getAttribute('aria-hidden')).to.equal('true');
      expect(skeleton.getBoundingClientRect().height).to.be.above(200);
      expect(status(el)).to.equal('Loading comments…');
      await expect(el).to.be.accessible();
    });

    it('shows threads: the count, replies nested under their parent, the owner badge, named articles', async () => {
      server = stubFetch({ comments: FOUR });
      const el = await widget();
      expect($(el, '[part="heading"]').textContent).to.equal('4 comments');
      expect($(el, '[part="heading"]').getAttribute('role')).to.equal('heading');
      const top = $(el, 'ol.d1');
      expect([...top.children].map((li) => li.querySelector('article')!.id)).to.deep.equal([
        'comment-c1',
        'comment-c3',
        'comment-c4',
      ]);
      // The owner's reply is in a list inside Priya's item.
      const reply = $(el, '#comment-c2');
      expect(reply.closest('ol')!.classList.contains('d2')).to.equal(true);
      expect(reply.closest('li')!.parentElement!.closest('li')!.querySelector('article')!.id).to.equal('comment-c1');
      expect(reply.getAttribute('part')).to.contain('owner');
      expect(reply.querySelector('[part="badge"]')!.textContent).to.equal('Author');
      expect($(el, '#comment-c1').querySelector('[part="badge"]')).to.equal(null);
      // Relative time, full date as tooltip and in the accessible name; the time is the permalink.
      const time = $(el, '#comment-c1 time');
      expect(time.textContent).to.equal('3 days ago');
      const full = time.getAttribute('title')!;
      expect(full).to.match(/\d{4}/);
      expect($(el, '#comment-c1').getAttribute('aria-label')).to.equal(`Priya, 3 days ago (${full})`);
      expect(time.closest('a')!.getAttribute('href')).to.equal('#comment-c1');
      expect($(el, '#comment-c1 [part="body"]').textContent).to.equal(
        'Booked my pre-event massage for Thursday. Thanks!',
      );
      await expect(el).to.be.accessible();
    });

    it('nests to depth 3 and lists deeper replies flat, saying whom they answer', async () => {
      const chain = ['a', 'b', 'c', 'd', 'e'].map((id, i, all) =>
        comment(id, `Person ${id.toUpperCase()}`, `Message ${id}`, {
          parentId: i ? all[i - 1]! : null,
          minutes: 100 - i,
        }),
      );
      server = stubFetch({ comments: chain });
      const el = await widget();
      const depth = (id: string) => $(el, `#comment-${id}`).closest('ol')!.className.match(/d(\d)/)![1];
      expect(['a', 'b', 'c', 'd', 'e'].map(depth)).to.deep.equal(['1', '2', '3', '3', '3']);
      expect(shadow(el).querySelector('#comment-c .to')).to.equal(null);
      expect($(el, '#comment-c').closest('ol')!.querySelector('#comment-d')).to.exist;
      expect(shadow(el).querySelector('#comment-d .to')!.textContent).to.equal('replying to Person C');
      expect(shadow(el).querySelector('#comment-e .to')!.textContent).to.equal('replying to Person D');
      await expect(el).to.be.accessible();
    });

    it('empty: "Be the first to comment", 0 comments, accessible', async () => {
      server = stubFetch();
      const el = await widget();
      expect($(el, '[part="empty"]').textContent).to.equal('Be the first to comment.');
      expect($(el, '[part="heading"]').textContent).to.equal('0 comments');
      await expect(el).to.be.accessible();
    });

    it('a thread the owner closed: the comments stay, the form and every Reply go, "closed" is said; accessible', async () => {
      server = stubFetch({
        list: () => ({ status: 200, body: { thread: 'marathon-preparation', count: 4, comments: FOUR, closed: true } }),
      });
      const el = await widget();
      expect(articles(el)).to.have.length(4);
      expect($(el, '[part="closed"]').textContent).to.equal('Comments are closed on this post.');
      expect(shadow(el).querySelector('form')).to.equal(null);
      expect($$(el, '[part="action"]').filter((b) => b.textContent == 'Reply')).to.have.length(0);
      await expect(el).to.be.accessible();
    });

    it('sorts newest first on request, asking the server again', async () => {
      server = stubFetch({ comments: FOUR });
      const el = await widget();
      const select = $<HTMLSelectElement>(el, '#sort');
      select.value = 'newest';
      select.dispatchEvent(new Event('change'));
      await until(() => server.gets().length == 2, 'the second GET');
      expect(server.gets()[1]!.url.searchParams.get('sort')).to.equal('newest');
      await until(() => articles(el)[0] == 'comment-c4', 'newest first');
      expect(el.getAttribute('sort')).to.equal('newest');
    });

    it('"Show more" pages with nextCursor and keeps what is shown', async () => {
      const many = Array.from({ length: 5 }, (_, i) => comment(`p${i}`, `N${i}`, `T${i}`, { minutes: 100 - i }));
      server = stubFetch({ comments: many, pageSize: 2 });
      const el = await widget();
      expect(articles(el)).to.deep.equal(['comment-p0', 'comment-p1']);
      expect($(el, '[part="heading"]').textContent).to.equal('5 comments');
      $(el, '[part="more"]').click();
      await until(() => articles(el).length == 4, 'page two');
      expect(server.gets()[1]!.url.searchParams.get('cursor')).to.equal('2');
      $(el, '[part="more"]').click();
      await until(() => articles(el).length == 5, 'page three');
      expect(shadow(el).querySelector('[part="more"]')).to.equal(null);
    });

    it('a #comment-<id> permalink scrolls to it, focuses and highlights it, paging until found', async () => {
      const many = Array.from({ length: 6 }, (_, i) => comment(`q${i}`, `N${i}`, `T${i}`, { minutes: 100 - i }));
      server = stubFetch({ comments: many, pageSize: 2 });
      history.replaceState(null, '', '#comment-q4');
      try {
        const el = await widget();
        await until(() => focused(el)?.id == 'comment-q4', 'focus on the linked comment');
        expect($(el, '#comment-q4').getAttribute('part')).to.contain('highlight');
        await expect(el).to.be.accessible();
      } finally {
        history.replaceState(null, '', location.pathname + location.search);
      }
    });

    it('a failed load says so with Retry, fires soleus-comment-error, and Retry loads', async () => {
      server = stubFetch({ comments: FOUR, list: (n) => (n <= 2 ? 'network' : undefined) });
      const el = await fixture(html`<soleus-comment-box thread="t"></soleus-comment-box>`);
      const error = await oneEvent(el, 'soleus-comment-error');
      expect(error).to.be.instanceOf(SoleusCommentErrorEvent);
      expect(error.detail.code).to.equal('network_error');
      await settle();
      expect($(el, '.failed').textContent).to.contain('The comments could not be loaded.');
      await expect(el).to.be.accessible();
      $(el, '.failed [part="retry"]').click();
      await until(() => articles(el).length == 4, 'the list');
    });

    it('renders links with rel="ugc nofollow noopener" and the destination for hover and focus; refuses other schemes', async () => {
      const body = {
        type: 'root' as const,
        children: [
          {
            type: 'paragraph' as const,
            children: [
              {
                type: 'link' as const,
                href: 'https://example.org/a',
                children: [{ type: 'text' as const, value: 'ok' }],
              },
              { type: 'text' as const, value: ' ' },
              {
                type: 'link' as const,
                href: 'javascript:alert(1)',
                children: [{ type: 'text' as const, value: 'bad' }],
              },
            ],
          },
        ],
      };
      server = stubFetch({ comments: [{ ...comment('l1', 'Lee', ''), body }] });
      const el = await widget();
      const links = $$<HTMLAnchorElement>(el, '[part="body"] a');
      expect(links.length).to.equal(1);
      expect(links[0]!.getAttribute('href')).to.equal('https://example.org/a');
      expect(links[0]!.rel).to.equal('ugc nofollow noopener');
      links[0]!.focus();
      await sendKeys({ press: 'Tab' });
      await sendKeys({ press: 'Shift+Tab' });
      expect(getComputedStyle(links[0]!, '::after').content).to.equal('"https://example.org/a"');
      expect($(el, '#comment-l1 [part="body"]').textContent).to.equal('ok bad (javascript:alert(1))');
    });
  });

  describe('writing', () => {
    it('has labelled fields, hints, a counter, tabs and a hidden honeypot; accessible', async () => {
      server = stubFetch();
      const el = await widget();
      expect($(el, 'label[for="mname"]').textContent).to.equal('Name');
      expect($<HTMLInputElement>(el, '#mname').required).to.equal(true);
      expect($(el, 'label[for="memail"]').textContent).to.equal('Email (optional)');
      expect($(el, '#memail-h').textContent).to.equal('Never shown. Only used to email you replies.');
      expect($(el, 'label[for="mn"]').textContent).to.equal('Email me replies');
      expect($(el, '#mc').textContent).to.equal('0 of 5,000 characters');
      type(el, '#mb', 'x'.repeat(5001));
      await settle();
      expect($(el, '#mc').textContent).to.equal('5,001 of 5,000 characters');
      expect($(el, '#mc').getAttribute('part')).to.contain('over');
      expect($$(el, '[role="tab"]').map((t) => t.textContent)).to.deep.equal(['Write', 'Preview']);
      await expect(el).to.be.accessible();
    });

    it('posts a published comment: the token is sent, soleus-comment-posted fires, focus goes to it', async () => {
      server = stubFetch();
      const el = await widget();
      fill(el, ' Ann ', 'Lovely *post*', 'ann@example.com');
      $<HTMLInputElement>(el, '#mn').click();
      const submitted = oneEvent(el, 'soleus-comment-submit');
      const posted = oneEvent(el, 'soleus-comment-posted');
      post(el);
      const s = await submitted;
      expect(s).to.be.instanceOf(SoleusCommentSubmitEvent);
      expect(s.detail).to.deep.include({ thread: 'marathon-preparation', name: 'Ann', email: 'ann@example.com' });
      const p = await posted;
      expect(p).to.be.instanceOf(SoleusCommentPostedEvent);
      expect(p.detail.status).to.equal('published');
      expect(server.posts()[0]!.body).to.deep.equal({
        thread: 'marathon-preparation',
        name: 'Ann',
        email: 'ann@example.com',
        body: 'Lovely *post*',
        notifyReplies: true,
        t: 'token-1',
      });
      await until(() => focused(el)?.tagName == 'ARTICLE', 'focus on the new comment');
      expect(focused(el)!.id).to.equal(`comment-${p.detail.comment.id}`);
      expect($(el, '[part="heading"]').textContent).to.equal('1 comment');
      expect($<HTMLTextAreaElement>(el, '#mb').value).to.equal('');
      expect($<HTMLInputElement>(el, '#mname').value).to.equal(' Ann ');
      expect(status(el)).to.equal('Your comment is published.');
      await expect(el).to.be.accessible();
    });

    it('a pending comment: the notice names the practitioner, takes focus, and their comment stays shown, marked', async () => {
      server = stubFetch({ status: 'pending' });
      const el = await widget();
      fill(el, 'Ann', 'First time here');
      post(el);
      await until(() => focused(el)?.id == 'notice', 'focus on the notice');
      expect($(el, '#notice').textContent).to.equal('Thanks — your comment will appear once Jim has approved it.');
      const mine = $(el, 'article[part~="held"]');
      expect(mine.querySelector('.held')!.textContent).to.equal('Awaiting approval');
      expect(mine.querySelector('[part="body"]')!.textContent).to.equal('First time here');
      await expect(el).to.be.accessible();
      // After a reload the visitor still sees it; nobody else would (it is not in the server's list).
      el.remove();
      const again = await widget();
      expect(shadow(again).querySelector('article[part~="held"] [part="body"]')!.textContent).to.equal(
        'First time here',
      );
    });

    it('marks invalid fields beside them, focuses the first, sends nothing; accessible', async () => {
      server = stubFetch();
      const el = await widget();
      type(el, '#memail', 'not-an-address');
      const error = oneEvent(el, 'soleus-comment-error');
      post(el);
      expect((await error).detail.fields).to.deep.equal({
        mname: 'Enter your name.',
        memail: 'Enter an email address like name@example.com.',
        mbody: 'Write your comment.',
      });
      await settle();
      expect(focused(el)!.id).to.equal('mname');
      expect($(el, '#mname').getAttribute('aria-invalid')).to.equal('true');
      expect($(el, '#mname').getAttribute('aria-describedby')).to.equal('mname-e');
      expect($(el, '#mname-e').textContent).to.equal('Enter your name.');
      expect(status(el)).to.equal('Please correct the marked fields.');
      expect(server.posts().length).to.equal(0);
      await expect(el).to.be.accessible();
      type(el, '#mname', 'Ann');
      await settle();
      expect($(el, '#mname').getAttribute('aria-invalid')).to.equal('false');
    });

    it('shows the server\u2019s field errors (a link in the name) in the widget\u2019s words', async () => {
      server = stubFetch({
        post: () => ({
          status: 400,
          body: {
            error: { code: 'invalid_request', message: 'Invalid', fields: { email: 'Use a permanent email address' } },
          },
        }),
      });
      const el = await widget();
      fill(el, 'Ann', 'Hi', 'ann@mailinator.com');
      post(el);
      await until(() => !!shadow(el).querySelector('#memail-e'), 'the error');
      expect($(el, '#memail-e').textContent).to.equal('Use a permanent email address, not a disposable one.');
    });

    it('a network error offers Retry and keeps everything typed; Retry sends it', async () => {
      server = stubFetch({ post: (_, n) => (n == 1 ? 'network' : (undefined as never)) });
      const el = await widget();
      fill(el, 'Ann', 'Keep me');
      post(el);
      await until(() => !!shadow(el).querySelector('form.m [part="retry"]'), 'Retry');
      expect($(el, 'form.m .failure').textContent).to.contain('Could not reach the server.');
      expect($<HTMLTextAreaElement>(el, '#mb').value).to.equal('Keep me');
      expect($<HTMLInputElement>(el, '#mname').value).to.equal('Ann');
      await expect(el).to.be.accessible();
      $(el, 'form.m [part="retry"]').click();
      await until(() => $$(el, 'article').length == 1, 'the comment');
    });

    it('429 says to wait, without Retry', async () => {
      server = stubFetch({
        post: () => ({ status: 429, body: { error: { code: 'too_many_requests', message: 'Slow down' } } }),
      });
      const el = await widget();
      fill(el, 'Ann', 'Again');
      post(el);
      await until(() => !!shadow(el).querySelector('form.m .failure'), 'the failure');
      expect($(el, 'form.m .failure').textContent).to.equal(
        'Too many comments in a short time. Please wait a few minutes and try again.',
      );
      expect(shadow(el).querySelector('form.m [part="retry"]')).to.equal(null);
    });

    it('soleus-comment-submit is cancelable: nothing is sent, nothing is lost', async () => {
      server = stubFetch();
      const el = await widget();
      el.addEventListener('soleus-comment-submit', (e) => e.preventDefault());
      fill(el, 'Ann', 'Mine');
      post(el);
      await settle(50);
      expect(server.posts().length).to.equal(0);
      expect($<HTMLTextAreaElement>(el, '#mb').value).to.equal('Mine');
    });

    it('Preview renders the Markdown subset with the same templates; the tabs work by keyboard', async () => {
      server = stubFetch();
      const el = await widget();
      type(
        el,
        '#mb',
        'Hi *there* and **you**\n\n> quoted\n\n- one\n- two\n\n`x` [site](https://example.org) [bad](javascript:x)',
      );
      $(el, '#mw').focus();
      await sendKeys({ press: 'ArrowRight' });
      await until(() => focused(el)?.id == 'mp', 'the Preview tab');
      const pv = $(el, '#mpp');
      expect(pv.hidden).to.equal(false);
      expect($(el, '#mwp').hidden).to.equal(true);
      expect(pv.querySelector('em')!.textContent).to.equal('there');
      expect(getComputedStyle(pv.querySelector('em')!).fontStyle).to.equal('italic');
      expect(pv.querySelector('strong')!.textContent).to.equal('you');
      expect(getComputedStyle(pv.querySelector('strong')!).fontWeight).to.equal('700');
      expect(pv.querySelector('blockquote p')!.textContent).to.equal('quoted');
      expect([...pv.querySelectorAll('ul li')].map((li) => li.textContent)).to.deep.equal(['one', 'two']);
      expect(pv.querySelector('code')!.textContent).to.equal('x');
      expect([...pv.querySelectorAll('a')].map((a) => a.getAttribute('href'))).to.deep.equal(['https://example.org']);
      expect(pv.textContent).to.contain('[bad](javascript:x)');
      expect($(el, '#mp').getAttribute('aria-selected')).to.equal('true');
      await expect(el).to.be.accessible();
      await sendKeys({ press: 'ArrowLeft' });
      await until(() => focused(el)?.id == 'mw', 'the Write tab');
      expect($<HTMLTextAreaElement>(el, '#mb').value).to.contain('Hi *there*');
      expect(server.previews().map((c) => c.body?.body)).to.deep.equal([$<HTMLTextAreaElement>(el, '#mb').value]);
    });

    it('Preview shows what the server will store (a reference link too), and asks again only when the text changed', async () => {
      server = stubFetch();
      const el = await widget();
      type(el, '#mb', 'See [the hub][1].\n\n[1]: https://example.org/hub');
      $<HTMLButtonElement>(el, '#mp').click();
      await until(() => !!$(el, '#mpp').querySelector('a'), 'the preview link');
      expect($(el, '#mpp a').getAttribute('href')).to.equal('https://example.org/hub');
      expect($(el, '#mpp').textContent!.trim()).to.equal('See the hub.');
      $<HTMLButtonElement>(el, '#mw').click();
      $<HTMLButtonElement>(el, '#mp').click();
      await settle(50);
      expect(server.previews().length).to.equal(1);
      $<HTMLButtonElement>(el, '#mw').click();
      type(el, '#mb', 'Changed');
      $<HTMLButtonElement>(el, '#mp').click();
      await until(() => $(el, '#mpp').textContent!.trim() == 'Changed', 'the new preview');
      expect(server.previews().length).to.equal(2);
      expect(server.posts().length).to.equal(0);
    });

    it('a preview that cannot reach the server says so with Retry, and keeps the text', async () => {
      server = stubFetch({ preview: (n) => (n == 1 ? 'network' : undefined) });
      const el = await widget();
      type(el, '#mb', 'Hello **you**');
      $<HTMLButtonElement>(el, '#mp').click();
      await until(() => !!$(el, '#mpp').querySelector('[part~="retry"]'), 'the Retry button');
      expect($(el, '#mpp').textContent).to.contain('Could not reach the server.');
      await expect(el).to.be.accessible();
      $<HTMLButtonElement>(el, '#mpp [part~="retry"]').click();
      await until(() => $(el, '#mpp').querySelector('strong')?.textContent == 'you', 'the preview after Retry');
      $<HTMLButtonElement>(el, '#mw').click();
      expect($<HTMLTextAreaElement>(el, '#mb').value).to.equal('Hello **you**');
    });

    it('Ctrl+Enter in the comment posts it', async () => {
      server = stubFetch();
      const el = await widget();
      fill(el, 'Ann', 'Quick one');
      $(el, '#mb').focus();
      ageTokens();
      await sendKeys({ press: 'Control+Enter' });
      await until(() => server.posts().length == 1, 'the POST');
    });

    it('a reply form opens under its comment and posts with parentId; the reply appears nested', async () => {
      server = stubFetch({ comments: FOUR });
      const el = await widget();
      const button = $(el, '#comment-c3 [part="action"]');
      expect(button.getAttribute('aria-label')).to.equal('Reply to Tom');
      button.click();
      await until(() => focused(el)?.id == 'rname', 'focus in the reply form');
      expect(button.getAttribute('aria-expanded')).to.equal('true');
      expect($(el, '#comment-c3 form.r')).to.exist;
      expect($(el, '#rt').textContent).to.equal('Reply to Tom');
      await expect(el).to.be.accessible();
      type(el, '#rname', 'Ann');
      type(el, '#rb', 'Two to five days after.');
      post(el, 'r');
      await until(() => server.posts().length == 1, 'the POST');
      expect(server.posts()[0]!.body!.parentId).to.equal('c3');
      await until(() => focused(el)?.tagName == 'ARTICLE', 'focus on the reply');
      expect(focused(el)!.closest('ol')!.className).to.contain('d2');
      expect(shadow(el).querySelector('form.r')).to.equal(null);
    });

    it('edit and delete for the author while the window lasts, with the edit token as bearer', async () => {
      server = stubFetch();
      const el = await widget();
      fill(el, 'Ann', 'Frist');
      post(el);
      await until(() => focused(el)?.tagName == 'ARTICLE', 'the comment');
      const id = focused(el)!.id.slice('comment-'.length);
      expect($(el, `#comment-${id} .window`).textContent).to.match(/^You can edit or delete this until .+\.$/);
      await expect(el).to.be.accessible();
      const [, edit] = $$(el, `#comment-${id} [part="action"]`);
      edit!.click();
      await until(() => focused(el)?.id == 'eb', 'the edit box');
      expect($<HTMLTextAreaElement>(el, '#eb').value).to.equal('Frist');
      type(el, '#eb', 'First');
      post(el, 'e');
      await until(() => status(el) == 'Your changes are saved.', 'saved');
      const patch = server.calls.find((c) => c.method == 'PATCH')!;
      expect((patch.init.headers as Record<string, string>).authorization).to.equal(`Bearer edit-${id}`);
      expect(patch.body).to.deep.equal({ body: 'First' });
      expect($(el, `#comment-${id} [part="body"]`).textContent).to.equal('First');
      $$(el, `#comment-${id} [part="action"]`)[2]!.click();
      await until(() => focused(el)?.id == 'del', 'the confirm button');
      expect(focused(el)!.textContent).to.equal('Delete for good');
      focused(el)!.click();
      await until(() => status(el) == 'Your comment was deleted.', 'deleted');
      expect(server.calls.find((c) => c.method == 'DELETE')!.url.pathname).to.equal(`/api/v1/comments/${id}`);
      expect(shadow(el).querySelector(`#comment-${id}`)).to.equal(null);
      expect($(el, '[part="heading"]').textContent).to.equal('0 comments');
    });

    it('after the window, the server\u2019s 409 edit_window_closed is said plainly', async () => {
      server = stubFetch({
        change: () => ({ status: 409, body: { error: { code: 'edit_window_closed', message: 'Too late' } } }),
      });
      const el = await widget();
      fill(el, 'Ann', 'Hello');
      post(el);
      await until(() => focused(el)?.tagName == 'ARTICLE', 'the comment');
      const id = focused(el)!.id;
      $$(el, `#${id} [part="action"]`)[1]!.click();
      await until(() => focused(el)?.id == 'eb', 'the edit box');
      post(el, 'e');
      await until(() => status(el) == 'The time for changes is over.', 'closed');
      expect($<HTMLTextAreaElement>(el, '#eb').value).to.equal('Hello');
    });

    it('theme="dark" and a phone-width column stay accessible', async () => {
      server = stubFetch({ comments: FOUR });
      const page = await fixture(
        html`<div style="width:360px;background:#202124">
          <soleus-comment-box thread="t" theme="dark"></soleus-comment-box>
        </div>`,
      );
      const el = page.firstElementChild!;
      await until(() => $$(el, 'article').length == 4, 'the list');
      expect(getComputedStyle($(el, '.root')).colorScheme).to.equal('dark');
      expect(el.scrollWidth).to.be.at.most(360);
      await expect(el).to.be.accessible();
    });

    it('speaks German when asked (count, empty, form)', async () => {
      server = stubFetch();
      const el = await widget(html`<soleus-comment-box thread="t" lang="de"></soleus-comment-box>`);
      await until(() => $(el, '[part="heading"]').textContent == '0 Kommentare', 'German');
      expect($(el, '[part="empty"]').textContent).to.equal('Schreiben Sie den ersten Kommentar.');
      expect($(el, 'form.m button[part~="button"]').textContent).to.equal('Kommentar senden');
    });
  });
});
