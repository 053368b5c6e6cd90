import { createHash, randomBytes } from 'node:crypto';

/** A fresh 256-bit secret, base64url (cookie values and link tokens). */
export const newSecret = (): string => randomBytes(32).toString('base64url');

/** A short random id (session and passkey ids shown to the owner). */
export const newId = (): string => randomBytes(12).toString('base64url');

/** What the database keeps of a secret: its sha256, base64url. A leaked table signs no one in. */
export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('base64url');
