/** The practice file's `owners`: given (trimmed, lowercased), else the practice's email, else the first practitioner's. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePractice, PracticeConfigError } from '../../../src/server/practice.js';

const base = {
  name: 'P',
  practitioners: [{ id: 'sam', name: 'Sam', email: 'Sam@Example.com', hours: {} }],
  services: [{ id: 's', name: 'S', durationMinutes: 60, price: { amount: 100, currency: 'GBP' } }],
};

test('owners default to the practice email, else the first practitioner', () => {
  assert.deepEqual(parsePractice({ ...base, email: 'front@example.com' }, 'p.json').owners, ['front@example.com']);
  assert.deepEqual(parsePractice(base, 'p.json').owners, ['sam@example.com']);
});

test('owners given are used as they are, lowercased; a malformed one is a one-line error', () => {
  assert.deepEqual(parsePractice({ ...base, owners: ['A@example.com', 'b@example.com'] }, 'p.json').owners, [
    'a@example.com',
    'b@example.com',
  ]);
  assert.throws(() => parsePractice({ ...base, owners: ['nope'] }, 'p.json'), PracticeConfigError);
});
