/**
 * Passkeys (WebAuthn) for the owner, with @simplewebauthn/server. Challenges live in the database for 5 minutes and
 * are spent by the verification that uses them, so options from one process verify in another on one PostgreSQL.
 * Sign-in uses discoverable credentials (no email asked): the authenticator says which passkey it is.
 */
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { createHash } from 'node:crypto';
import type { AdminPasskeysTable } from '../db/schema.js';
import type { AdminContext } from './context.js';
import { newId } from './tokens.js';

const CHALLENGE_TTL_MS = 5 * 60_000;

/** A passkey as the contract shows it. */
export interface PasskeyView {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export function passkeyView(row: AdminPasskeysTable): PasskeyView {
  return {
    id: row.id,
    name: row.name,
    createdAt: new Date(Number(row.created_ms)).toISOString(),
    lastUsedAt: row.last_used_ms === null ? null : new Date(Number(row.last_used_ms)).toISOString(),
  };
}

/** Where the browser and the authenticator must agree: the RP ID is the origin's host name. */
export interface RelyingParty {
  origin: string;
  rpID: string;
}

export const relyingParty = (origin: string): RelyingParty => ({ origin, rpID: new URL(origin).hostname });

async function keepChallenge(
  ctx: AdminContext,
  kind: 'register' | 'authenticate',
  challenge: string,
  email: string | null,
) {
  const nowMs = ctx.now().getTime();
  await ctx.db.deleteFrom('admin_webauthn_challenges').where('expires_ms', '<', nowMs).execute();
  await ctx.db
    .insertInto('admin_webauthn_challenges')
    .values({ challenge, kind, email, expires_ms: nowMs + CHALLENGE_TTL_MS })
    .execute();
}

/** Spends a challenge: true once, for the kind (and owner) it was handed out for, within its 5 minutes. */
async function spendChallenge(
  ctx: AdminContext,
  kind: 'register' | 'authenticate',
  challenge: string,
  email: string | null,
): Promise<boolean> {
  let query = ctx.db
    .deleteFrom('admin_webauthn_challenges')
    .where('challenge', '=', challenge)
    .where('kind', '=', kind)
    .where('expires_ms', '>', ctx.now().getTime());
  query = email === null ? query.where('email', 'is', null) : query.where('email', '=', email);
  const row = await query.returning('challenge').executeTakeFirst();
  return !!row;
}

export async function passkeysOf(ctx: AdminContext, email: string): Promise<AdminPasskeysTable[]> {
  return ctx.db
    .selectFrom('admin_passkeys')
    .selectAll()
    .where('email', '=', email)
    .orderBy('created_ms', 'asc')
    .execute();
}

/** Options for adding a passkey to `email` (its existing ones excluded). */
export async function registrationOptions(ctx: AdminContext, rp: RelyingParty, email: string) {
  const existing = await passkeysOf(ctx, email);
  const options = await generateRegistrationOptions({
    rpName: ctx.practice.name,
    rpID: rp.rpID,
    userName: email,
    userDisplayName: email,
    userID: createHash('sha256').update(`soleus-owner:${email}`).digest(),
    attestationType: 'none',
    excludeCredentials: existing.map((p) => ({
      id: p.credential_id,
      transports: JSON.parse(p.transports) as string[],
    })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
  });
  await keepChallenge(ctx, 'register', options.challenge, email);
  return options;
}

/** Verifies a new passkey's registration and stores it; undefined when the check fails. */
export async function addPasskey(
  ctx: AdminContext,
  rp: RelyingParty,
  email: string,
  response: RegistrationResponseJSON,
  name: string,
): Promise<AdminPasskeysTable | undefined> {
  let verified;
  try {
    verified = await verifyRegistrationResponse({
      response,
      expectedChallenge: (challenge) => spendChallenge(ctx, 'register', challenge, email),
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      requireUserVerification: false,
    });
  } catch {
    return undefined;
  }
  if (!verified.verified) return undefined;
  const { credential } = verified.registrationInfo;
  const row: AdminPasskeysTable = {
    id: newId(),
    credential_id: credential.id,
    email,
    public_key: Buffer.from(credential.publicKey).toString('base64url'),
    counter: credential.counter,
    transports: JSON.stringify(credential.transports ?? []),
    name,
    created_ms: ctx.now().getTime(),
    last_used_ms: null,
  };
  const inserted = await ctx.db
    .insertInto('admin_passkeys')
    .values(row)
    .onConflict((oc) => oc.column('credential_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted ? row : undefined;
}

export async function removePasskey(ctx: AdminContext, email: string, id: string): Promise<boolean> {
  const result = await ctx.db
    .deleteFrom('admin_passkeys')
    .where('id', '=', id)
    .where('email', '=', email)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Options for signing in with any of the owners' passkeys. */
export async function authenticationOptions(ctx: AdminContext, rp: RelyingParty) {
  const options = await generateAuthenticationOptions({ rpID: rp.rpID, userVerification: 'preferred' });
  await keepChallenge(ctx, 'authenticate', options.challenge, null);
  return options;
}

/** Checks a sign-in assertion: the passkey's owner email, or undefined when anything is off. */
export async function verifyPasskeySignIn(
  ctx: AdminContext,
  rp: RelyingParty,
  response: AuthenticationResponseJSON,
): Promise<string | undefined> {
  if (typeof response?.id !== 'string') return undefined;
  const passkey = await ctx.db
    .selectFrom('admin_passkeys')
    .selectAll()
    .where('credential_id', '=', response.id)
    .executeTakeFirst();
  if (!passkey) return undefined;
  let verified;
  try {
    verified = await verifyAuthenticationResponse({
      response,
      expectedChallenge: (challenge) => spendChallenge(ctx, 'authenticate', challenge, null),
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      credential: {
        id: passkey.credential_id,
        publicKey: new Uint8Array(Buffer.from(passkey.public_key, 'base64url')),
        counter: Number(passkey.counter),
        transports: JSON.parse(passkey.transports) as string[],
      },
      requireUserVerification: false,
    });
  } catch {
    return undefined;
  }
  if (!verified.verified) return undefined;
  await ctx.db
    .updateTable('admin_passkeys')
    .set({ counter: verified.authenticationInfo.newCounter, last_used_ms: ctx.now().getTime() })
    .where('id', '=', passkey.id)
    .execute();
  return passkey.email;
}
