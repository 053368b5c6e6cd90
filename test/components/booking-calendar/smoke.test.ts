import { expect } from '@open-wc/testing';
import { heading, stubFetch, toReview, widget, press, until, status } from './helpers.js';

describe('smoke', () => {
  it('books', async () => {
    const s = stubFetch();
    const el = await widget();
    expect(heading(el)).to.equal('Choose a day');
    await toReview(el);
    press(el, 'Confirm booking');
    await until(() => heading(el) == 'You are booked in', 'done', 3000).catch((e) => { throw new Error(e.message + ' ' + heading(el) + ' / ' + status(el)); });
    s.restore();
  });
});
