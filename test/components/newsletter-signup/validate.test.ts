// The widget's hand-written checks (internal/validate.ts) against the shared zod/mini schemas the server uses:
// same verdict on every input, so the browser never accepts what the server refuses, or the other way round.
import { expect } from '@open-wc/testing';
import {
  DISPOSABLE_EMAIL_MESSAGE,
  SubscriberEmailSchema,
  SubscriberNameSchema,
  nameHasLink as sharedNameHasLink,
} from '../../../src/core/schemas/newsletter.js';
import { DISPOSABLE, nameHasLink, problem } from '../../../src/components/newsletter-signup/internal/validate.js';

const EMAILS = [
  '',
  '   ',
  'ann@example.com',
  ' ann@example.com ',
  'Ann.Lee+news@sub.example.co.uk',
  "o'brien@example.ie",
  'ann@example',
  'ann@@example.com',
  'ann example@example.com',
  '.ann@example.com',
  'ann.@example.com',
  'ann..lee@example.com',
  'ann@-example.com',
  'ann@example.c',
  'ann@example.com.',
  'a_b-c@x-y.example.org',
  'ann@exa_mple.com',
  'ünï@example.com',
  'ann@例え.jp',
  '@example.com',
  'ann@',
  `${'a'.repeat(243)}@example.com`,
  `${'a'.repeat(242)}@example.com`,
  'ann@example.com\n',
  'ANN@EXAMPLE.COM',
];

const NAMES = [
  '',
  'Ann',
  ' Ann ',
  'J. R. R. Tolkien',
  'St.John',
  'Zoë',
  'Anne-Marie',
  'http://spam.example',
  'visit www.spam',
  'buy at spam.com',
  'cheap.pills.ru now',
  'spam.example/buy',
  'Ann\nBcc: x@example.com',
  'Ann\u0007',
  'A'.repeat(100),
  'A'.repeat(101),
  ' '.repeat(120),
  'José María',
  'Dr. Who',
  'mail.me',
  'ftp://x',
  'ann.shop',
  'Ann.Co',
  'Li Na 李娜',
];

describe('newsletter checks in the browser match the shared schema', () => {
  it('email: the same verdict as SubscriberEmailSchema', () => {
    for (const email of EMAILS) {
      expect(problem('email', email) === undefined, JSON.stringify(email)).to.equal(
        SubscriberEmailSchema.safeParse(email).success,
      );
    }
  });

  it('email: empty is "required", over 254 characters "long", else "invalid"', () => {
    expect(problem('email', '  ')).to.equal('required');
    expect(problem('email', `${'a'.repeat(243)}@example.com`)).to.equal('long');
    expect(problem('email', 'ann@example')).to.equal('invalid');
  });

  it('name: the same verdict as SubscriberNameSchema', () => {
    for (const name of NAMES) {
      expect(problem('name', name) === undefined, JSON.stringify(name)).to.equal(
        SubscriberNameSchema.safeParse(name).success,
      );
      expect(nameHasLink(name), JSON.stringify(name)).to.equal(sharedNameHasLink(name));
    }
  });

  it('name: links are "link", control characters "invalid", over 100 characters "long"', () => {
    expect(problem('name', 'see www.example.org')).to.equal('link');
    expect(problem('name', 'Ann\r\n')).to.equal(undefined);
    expect(problem('name', 'Ann\nBcc')).to.equal('invalid');
    expect(problem('name', 'A'.repeat(101))).to.equal('long');
  });

  it('consent: only true passes', () => {
    expect(problem('consent', true)).to.equal(undefined);
    expect(problem('consent', false)).to.equal('required');
  });

  it("knows the server's disposable-address message", () => {
    expect(DISPOSABLE).to.equal(DISPOSABLE_EMAIL_MESSAGE);
  });
});
