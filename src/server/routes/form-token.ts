import { Hono } from 'hono';
import type { FormTokenResponse } from '../../core/schemas/newsletter.js';
import { apiError } from '../errors.js';
import { createAltchaChallenge } from '../newsletter/bot-defence.js';
import type { NewsletterContext } from '../newsletter/context.js';
import { issueFormToken } from '../newsletter/tokens.js';

/** Where the ALTCHA challenge is served, when the owner switched proof of work on. */
export const ALTCHA_CHALLENGE_PATH = '/api/v1/form-token/altcha';

const NO_STORE = { 'Cache-Control': 'no-store' };

/**
 * `GET /api/v1/form-token` → `{ token }`: the signed render time a widget sends back as `t` (plus, with
 * SOLEUS_ALTCHA=1, `altcha`: the challenge path). `GET /api/v1/form-token/altcha` → an ALTCHA challenge.
 */
export function formTokenRoutes(ctx: NewsletterContext) {
  return new Hono()
    .get('/', (c) => {
      const body: FormTokenResponse = { token: issueFormToken(ctx.secret, ctx.now().getTime()) };
      if (ctx.altcha) body.altcha = ALTCHA_CHALLENGE_PATH;
      return c.json(body, 200, NO_STORE);
    })
    .get('/altcha', async (c) => {
      if (!ctx.altcha) return apiError(c, 404, 'not_found', 'Proof of work is not switched on for this server.');
      return c.json(await createAltchaChallenge(ctx.secret, ctx.now().getTime()), 200, NO_STORE);
    });
}
