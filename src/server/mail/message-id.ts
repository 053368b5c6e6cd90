import { randomBytes } from 'node:crypto';

/** A Message-ID that names this message alone, fixed before the first attempt (RFC 5322 msg-id). */
export function newMessageId(domain = 'localhost'): string {
  const host = /^[A-Za-z0-9.-]+$/.test(domain) && domain.length <= 253 ? domain : 'localhost';
  return `<outbox.${Date.now().toString(36)}.${randomBytes(12).toString('base64url')}@${host}>`;
}

/** The domain of an email address (`jim@example.com` → `example.com`), for Message-IDs; else `localhost`. */
export function domainOf(address: string | undefined): string {
  const at = address?.lastIndexOf('@') ?? -1;
  const domain = at >= 0 ? address!.slice(at + 1).trim() : '';
  return /^[A-Za-z0-9.-]+$/.test(domain) ? domain.toLowerCase() : 'localhost';
}
