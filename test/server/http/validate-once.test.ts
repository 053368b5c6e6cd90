/**
 * validateQueryOnce: a query string judged valid is checked once and its data reused; a refused one is checked (and
 * refused, with the same 400) every time; different strings are different entries, and the oldest leave past `max`.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Hono } from 'hono';
import * as z from 'zod';
import { ContractError, contractErrorResponse } from '../../../src/server/http/errors.js';
import { validateQueryOnce } from '../../../src/server/http/validate.js';

describe('validateQueryOnce', () => {
  let checks = 0;
  const Query = z.object({
    url: z
      .string()
      .min(1, 'Give the address')
      .transform((v) => {
        checks++;
        return v.toUpperCase();
      }),
  });
  const app = new Hono();
  app.onError((error, c) => (error instanceof ContractError ? contractErrorResponse(c, error) : c.text('?', 500)));
  app.get('/q', validateQueryOnce(Query, 2), (c) => c.json(c.req.valid('query')));
  const ask = async (search: string) => {
    const res = await app.request(`/q${search}`);
    return { status: res.status, json: (await res.json()) as { url?: string; error?: { fields?: object } } };
  };

  test('the same valid query string is checked once; its data is served to every request', async () => {
    checks = 0;
    for (let i = 0; i < 5; i++) assert.deepEqual(await ask('?url=a'), { status: 200, json: { url: 'A' } });
    assert.equal(checks, 1);
    assert.deepEqual(await ask('?url=b'), { status: 200, json: { url: 'B' } });
    assert.equal(checks, 2, 'another string is another check');
  });

  test('a refused query is refused every time, with its fields', async () => {
    for (let i = 0; i < 3; i++) {
      const r = await ask('?url=');
      assert.equal(r.status, 400);
      assert.deepEqual(r.json.error?.fields, { url: 'Give the address' });
    }
  });

  test('past max strings the oldest is checked again', async () => {
    checks = 0;
    await ask('?url=c'); // a and b were kept; c pushes a out
    await ask('?url=b');
    await ask('?url=a');
    assert.equal(checks, 2, 'c and a checked, b still kept');
  });
});
