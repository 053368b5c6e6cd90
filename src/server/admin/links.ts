/**
 * One-time sign-in links: a random token in the URL, its hash in `admin_sign_in_links`, 15 minutes, single use (the
 * update that spends it is the check, so two presses race to one winner, from any process).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { writeTransaction } from '../db/transaction.js';
import { enqueueMail } from '../mail/outbox.js';
import { normalEmail, type AdminContext } from './context.js';
import { hashSecret, newSecret } from './tokens.js';

export const LINK_TTL_MS = 15 * 60_000;

/** `<base>/admin/link?token=<token>` */
export const linkUrl = (base: string, token: string): string =>
  `${base.replace(/\/+$/, '')}/admin/link?token=${encodeURIComponent(token)}`;

/** Writes a new link for `email` through `trx` and returns its token. */
export async function issueLink(trx: Kysely<Database>, email: string, nowMs: number): Promise<string> {
  const token = newSecret();
  await trx
    .insertInto('admin_sign_in_links')
    .values({
      token_hash: hashSecret(token),
      email: normalEmail(email),
      created_ms: nowMs,
      expires_ms: nowMs + LINK_TTL_MS,
      used_ms: null,
    })
    .execute();
  return token;
}

/** The sign-in mail (plain text: one link, what it is, what to do if it was not you). */
export function signInMail(practiceName: string, to: string, url: string) {
  return {
    to,
    subject: `Sign in to ${practiceName}`,
    text: [
      `Someone, hopefully you, asked to sign in to the ${practiceName} owner console.`,
      '',
      'Open this link within 15 minutes and press "Sign in":',
      url,
      '',
      'The link works once. If you did not ask for it, ignore this email: nobody can sign in without it.',
    ].join('\n'),
  };
}

/** Issues a link for an owner and writes its mail to the outbox in the same transaction. */
export async function sendSignInLink(ctx: AdminContext, email: string): Promise<void> {
  const nowMs = ctx.now().getTime();
  const to = normalEmail(email);
  await writeTransaction(ctx.db, ctx.dialect, async (trx) => {
    await trx
      .deleteFrom('admin_sign_in_links')
      .where('expires_ms', '<', nowMs - 24 * 3_600_000)
      .execute();
    const token = await issueLink(trx, to, nowMs);
    await enqueueMail(trx, [signInMail(ctx.practice.name, to, linkUrl(ctx.linkBase(), token))], {
      domain: ctx.mailDomain,
      ref: `admin-sign-in:${to}`,
      now: new Date(nowMs),
    });
  });
}

/** Spends `token` through `trx`: the owner's email when it was unused and unexpired, else undefined. */
export async function spendLink(trx: Kysely<Database>, token: string, nowMs: number): Promise<string | undefined> {
  if (!token || token.length > 200) return undefined;
  const row = await trx
    .updateTable('admin_sign_in_links')
    .set({ used_ms: nowMs })
    .where('token_hash', '=', hashSecret(token))
    .where('used_ms', 'is', null)
    .where('expires_ms', '>', nowMs)
    .returning('email')
    .executeTakeFirst();
  return row?.email;
}
