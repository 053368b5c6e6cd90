/**
 * The booking waitlist's pages: confirm (a GET shows a button, the POST confirms, so a link scanner confirms no one),
 * leave (the same, and the RFC 8058 one-click POST), and the answers for links that no longer work. Built with
 * html`` in the shared {@link layout}: every value is escaped where it is interpolated.
 */
// hono/html's escaping html``, named `markup` so Prettier leaves the markup as written (see pages/layout.ts).
import { html as markup } from 'hono/html';
import { layout, type Fragment, type Html } from './layout.js';

/** A rendered page and its status. */
export interface WaitlistPage {
  status: 200 | 400 | 413;
  html: Html;
}

const page = (status: WaitlistPage['status'], title: string, body: Fragment): WaitlistPage => ({
  status,
  html: layout({ title, body }),
});

/** What an entry's pages say about it: the treatment and the day, in words. */
export interface WaitlistWords {
  email: string;
  service: string;
  /** "Tuesday 12 January 2027". */
  day: string;
  practice: string;
}

export const WAITLIST_CONFIRM_PATH = '/waitlist/confirm';
export const WAITLIST_LEAVE_PATH = '/waitlist/leave';

export function waitlistConfirmPage(token: string, w: WaitlistWords): WaitlistPage {
  return page(
    200,
    'Confirm the waitlist',
    markup`<p>
        Press the button and ${w.practice} will email <strong>${w.email}</strong> once if a time frees up for
        ${w.service} on ${w.day}.
      </p>
      <form method="post" action="${WAITLIST_CONFIRM_PATH}">
        <input type="hidden" name="token" value="${token}">
        <button type="submit">Tell me if a time frees up</button>
      </form>
      <p class="muted">If you did not ask for this, close this page: nothing happens without the button.</p>`,
  );
}

export function waitlistConfirmedPage(w: WaitlistWords, leaveUrl: string, already: boolean): WaitlistPage {
  return page(
    200,
    already ? 'Already on the waitlist' : 'You are on the waitlist',
    markup`<p>
        ${already ? 'Nothing changed: ' : 'Thank you. '}If a time frees up for ${w.service} on ${w.day},
        ${w.practice} will email <strong>${w.email}</strong> once, with a link to the day's times. The first to book
        it gets it.
      </p>
      <p class="muted">After that day nothing more is sent. Changed your mind? <a href="${leaveUrl}">Leave the waitlist</a>.</p>`,
  );
}

export function waitlistLeavePage(token: string, w: WaitlistWords): WaitlistPage {
  return page(
    200,
    'Leave the waitlist',
    markup`<p>
        Press the button and <strong>${w.email}</strong> will not be told about free times for ${w.service} on
        ${w.day}.
      </p>
      <form method="post" action="${WAITLIST_LEAVE_PATH}">
        <input type="hidden" name="token" value="${token}">
        <button type="submit">Leave the waitlist</button>
      </form>`,
  );
}

export function waitlistLeftPage(w: WaitlistWords | undefined): WaitlistPage {
  return page(
    200,
    'You have left the waitlist',
    w
      ? markup`<p><strong>${w.email}</strong> will get no more emails about ${w.service} on ${w.day}.</p>`
      : markup`<p>This address is not waiting for any time, so there is nothing more to do.</p>`,
  );
}

/** Why a waitlist link does not work. */
export type WaitlistLinkProblem = 'expired' | 'forged' | 'missing' | 'gone' | 'past' | 'left';

export function waitlistBadLinkPage(problem: WaitlistLinkProblem): WaitlistPage {
  const messages: Record<WaitlistLinkProblem, [string, string]> = {
    expired: [
      'This link has expired',
      'Confirmation links work for 7 days. Ask again with the form on the booking page: a new link will be emailed to you.',
    ],
    forged: [
      'This link is not valid',
      'The link is incomplete or was changed. Open it again from the email, or copy the whole address into the browser.',
    ],
    missing: [
      'This link is incomplete',
      'The address has no token. Open the link from the email again, or copy the whole address into the browser.',
    ],
    gone: ['This link is no longer valid', 'The waitlist entry it belongs to has been removed.'],
    past: ['That day has passed', 'The waitlist for that day has closed. Choose another day on the booking page.'],
    left: [
      'This link is no longer valid',
      'This address left the waitlist after the link was sent. To wait again, use the form on the booking page.',
    ],
  };
  const [title, text] = messages[problem];
  return page(400, title, markup`<p>${text}</p>`);
}

/** A form post larger than these pages accept. */
export function waitlistTooLargePage(): WaitlistPage {
  return page(413, 'That was too much', markup`<p>The form sent more than this page accepts. Open the link again.</p>`);
}
