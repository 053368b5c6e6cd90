/**
 * The comments' HTML pages: the answers to a plain form post without JavaScript (posted, the form again with its
 * mistakes, press once more, too many), and the pages behind the links in comment emails (moderation, confirming
 * reply notifications, unsubscribing), each a page whose button POSTs: a GET never changes anything.
 * Built with html`` in the shared {@link layout}: every value is escaped where it is interpolated.
 */
// hono/html's escaping html``, named `markup` so Prettier leaves the markup as written (see pages/layout.ts).
import { html as markup } from 'hono/html';
import { layout, type Fragment, type Html } from './layout.js';

/** A rendered page and its status. */
export interface CommentPage {
  status: 200 | 201 | 400 | 404 | 409 | 429;
  html: Html;
}

const page = (status: CommentPage['status'], title: string, body: Fragment): CommentPage => ({
  status,
  html: layout({ title, body }),
});

const backLink = (url: string | undefined, text = 'Back to the page you came from'): Fragment | '' =>
  url ? markup`<p class="back"><a href="${url}">${text}</a></p>` : '';

/** What the person typed, carried into the pages we answer with. */
export interface SubmittedComment {
  thread: string;
  parentId: string;
  name: string;
  email: string;
  body: string;
  notifyReplies: boolean;
  source: string;
}

const hidden = (name: string, value: string): Fragment | '' =>
  value === '' ? '' : markup`<input type="hidden" name="${name}" value="${value}">\n`;

function carried(form: SubmittedComment, token: string, all: boolean): Fragment[] {
  const list: (Fragment | '')[] = [
    hidden('thread', form.thread),
    hidden('parentId', form.parentId),
    hidden('source', form.source),
    hidden('t', token),
  ];
  if (all) {
    list.push(hidden('name', form.name), hidden('email', form.email), hidden('body', form.body));
    if (form.notifyReplies) list.push(hidden('notifyReplies', 'on'));
  }
  return list.filter((f): f is Fragment => f !== '');
}

/** 201: the comment is in; shown at once, or after the owner's approval. */
export function postedPage(published: boolean, ownerName: string, backUrl: string | undefined): CommentPage {
  return published
    ? page(
        201,
        'Thank you for your comment',
        markup`<p>Your comment is published.</p>${backLink(backUrl, 'See it on the page')}`,
      )
    : page(
        201,
        'Thank you for your comment',
        markup`<p>Thanks — your comment will appear once ${ownerName} has approved it.</p>${backLink(backUrl)}`,
      );
}

/** 200: no form token (the page had no JavaScript): one more press, with a fresh token. */
export function pressOnceMorePage(form: SubmittedComment, token: string, backUrl: string | undefined): CommentPage {
  return page(
    200,
    'One more step',
    markup`<p>To keep robots out, please press the button once more to post your comment.</p>
      <form method="post" action="/api/v1/comments">
        ${carried(form, token, true)}
        <button type="submit">Post comment</button>
      </form>
      ${backLink(backUrl)}`,
  );
}

function input(
  id: 'name' | 'email',
  label: string,
  value: string,
  error: string | undefined,
  attrs: { type: 'email' | 'text'; autocomplete: string; maxlength: number; required?: boolean },
): Fragment {
  const required = attrs.required ? markup` required` : '';
  const invalid = error ? markup` aria-invalid="true" aria-describedby="${id}-error"` : '';
  return markup`<label for="${id}">${label}</label>
<input id="${id}" name="${id}" value="${value}" type="${attrs.type}" autocomplete="${attrs.autocomplete}" maxlength="${attrs.maxlength}"${required}${invalid}>
${error ? markup`<p class="error" id="${id}-error">${error}</p>` : ''}`;
}

/** 400: the form again, with what was typed and a message beside each field that needs attention. */
export function correctCommentPage(
  form: SubmittedComment,
  errors: Record<string, string>,
  token: string,
  backUrl: string | undefined,
): CommentPage {
  const other = Object.entries(errors).filter(([k]) => !['name', 'email', 'body'].includes(k));
  const bodyInvalid = errors.body ? markup` aria-invalid="true" aria-describedby="body-error"` : '';
  const checked = form.notifyReplies ? markup` checked` : '';
  return page(
    400,
    'Please check your comment',
    markup`<p>Some fields need attention before your comment can be posted.</p>
      ${
        other.length
          ? markup`<ul>
              ${other.map(([k, v]) => markup`<li>${k}: ${v}</li>`)}
            </ul>`
          : ''
      }
      <form method="post" action="/api/v1/comments">
        ${input('name', 'Name', form.name, errors.name, { type: 'text', autocomplete: 'name', maxlength: 80, required: true })}
        ${input('email', 'Email (optional, never shown)', form.email, errors.email, {
          type: 'email',
          autocomplete: 'email',
          maxlength: 254,
        })}
        <label for="body">Comment</label>
<textarea id="body" name="body" rows="8" maxlength="5000" required${bodyInvalid}>${form.body}</textarea>
        ${errors.body ? markup`<p class="error" id="body-error">${errors.body}</p>` : ''}
        <label class="consent"><input type="checkbox" name="notifyReplies" value="on"${checked}>
          <span>Email me replies</span></label>
        ${carried(form, token, false)}
        <button type="submit">Post comment</button>
      </form>
      ${backLink(backUrl)}`,
  );
}

/** 400: proof of work is on, and it needs JavaScript. */
export function needsJavaScriptPage(backUrl: string | undefined): CommentPage {
  return page(
    400,
    'Please turn on JavaScript',
    markup`<p>
        This comment form asks the browser to solve a small puzzle to keep robots out, and that needs JavaScript. Turn
        it on and try again.
      </p>
      ${backLink(backUrl)}`,
  );
}

/** 429. */
export function tooManyPage(retryAfterSeconds: number, backUrl: string | undefined): CommentPage {
  return page(
    429,
    'Too many comments',
    markup`<p>
        Too many comments came in a short time. Please try again in ${retryAfterSeconds}
        second${retryAfterSeconds === 1 ? '' : 's'}: what you wrote is below, so nothing is lost.
      </p>
      ${backLink(backUrl)}`,
  );
}

/** 409: the owner closed this post's comments. */
export function threadClosedPage(backUrl: string | undefined): CommentPage {
  return page(
    409,
    'Comments are closed',
    markup`<p>Comments are closed on this post, so your comment was not sent.</p>
      ${backLink(backUrl)}`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Links in emails

/** Why a link cannot be used. */
export type CommentLinkProblem = 'missing' | 'forged' | 'expired' | 'gone';

export function badCommentLinkPage(problem: CommentLinkProblem): CommentPage {
  const messages: Record<CommentLinkProblem, [string, string]> = {
    expired: ['This link has expired', 'The link is too old to use. The newest email has a link that still works.'],
    forged: [
      'This link is not valid',
      'The link is incomplete or was changed. Open it again from the email, or copy the whole address into the browser.',
    ],
    missing: ['This link is incomplete', 'The address has no token. Open the link from the email again.'],
    gone: ['This comment is gone', 'The comment this link belongs to has been deleted; there is nothing left to do.'],
  };
  const [title, text] = messages[problem];
  return page(problem === 'gone' ? 404 : 400, title, markup`<p>${text}</p>`);
}

const ACTION_WORDS = {
  approve: { button: 'Approve', done: 'published' },
  reject: { button: 'Reject', done: 'rejected' },
  spam: { button: 'Mark as spam', done: 'marked as spam' },
} as const;

/** The comment to moderate, with the one button that does what the mail's link said. */
export function moderatePage(input: {
  token: string;
  action: 'approve' | 'reject' | 'spam';
  name: string;
  email: string | null;
  thread: string;
  text: string;
  status: string;
}): CommentPage {
  const words = ACTION_WORDS[input.action];
  return page(
    200,
    `${words.button} this comment?`,
    markup`<p>
        From <strong>${input.name}</strong>${input.email ? markup` (${input.email})` : ''} on ${input.thread}; now
        ${input.status}.
      </p>
      <blockquote class="comment-text">${input.text}</blockquote>
      <form method="post" action="/comments/moderate">
        <input type="hidden" name="token" value="${input.token}">
        <button type="submit"${input.action === 'approve' ? '' : markup` class="danger"`}>${words.button}</button>
      </form>
      <p class="muted">Nothing changes until you press the button.</p>`,
  );
}

export function moderatedPage(action: 'approve' | 'reject' | 'spam', name: string, url: string | null): CommentPage {
  return page(
    200,
    'Done',
    markup`<p>The comment from <strong>${name}</strong> is ${ACTION_WORDS[action].done}.</p>
      ${url && action === 'approve' ? backLink(url, 'See it on the page') : ''}`,
  );
}

export function confirmRepliesPage(token: string, email: string): CommentPage {
  return page(
    200,
    'Email me replies',
    markup`<p>Press the button to get an email at <strong>${email}</strong> when someone replies to your comment.</p>
      <form method="post" action="/comments/replies/confirm">
        <input type="hidden" name="token" value="${token}">
        <button type="submit">Email me replies</button>
      </form>
      <p class="muted">If you did not ask for this, close this page: nothing happens without the button.</p>`,
  );
}

export function repliesConfirmedPage(email: string, url: string | null): CommentPage {
  return page(
    200,
    'Reply notifications are on',
    markup`<p>Thank you. <strong>${email}</strong> will get an email when someone replies to your comment.</p>
      <p class="muted">Every such email has a link to stop them.</p>
      ${url ? backLink(url, 'Back to the comment') : ''}`,
  );
}

export function unsubscribeRepliesPage(token: string, email: string): CommentPage {
  return page(
    200,
    'Stop reply emails',
    markup`<p>Press the button to stop emails to <strong>${email}</strong> about replies to this comment.</p>
      <form method="post" action="/comments/replies/unsubscribe">
        <input type="hidden" name="token" value="${token}">
        <button type="submit">Stop these emails</button>
      </form>`,
  );
}

export function repliesUnsubscribedPage(email: string): CommentPage {
  return page(
    200,
    'No more reply emails',
    markup`<p><strong>${email}</strong> will get no more emails about replies to this comment.</p>`,
  );
}
