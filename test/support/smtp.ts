/**
 * A real SMTP server on 127.0.0.1 (smtp-server) that parses and keeps every message (mailparser), for tests that
 * check what the server actually sends.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface Received {
  to: string[];
  mail: ParsedMail;
  raw: string;
}

/** An SMTP server on loopback that keeps every message. */
export interface Inbox {
  url: string;
  messages: Received[];
  /** Waits (bounded) until `count` messages to `address` matching `filter` arrived. */
  waitFor(address: string, count: number, filter?: (m: Received) => boolean, ms?: number): Promise<Received[]>;
  /** Messages to `address` so far. */
  to(address: string): Received[];
  close(): Promise<void>;
}

export async function startInbox(): Promise<Inbox> {
  const messages: Received[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw)
          .then((mail) => {
            messages.push({
              to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
              mail,
              raw: raw.toString('utf8'),
            });
            callback();
          })
          .catch(callback);
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  const port = (smtp.server.address() as AddressInfo).port;
  const to = (address: string) => messages.filter((m) => m.to.includes(address.toLowerCase()));
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    to,
    async waitFor(address, count, filter = () => true, ms = 5_000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const found: Received[] = to(address).filter(filter);
        if (found.length >= count) return found;
        if (Date.now() > deadline) {
          assert.fail(
            `expected ${count} message(s) to ${address}, got ${found.length}; inbox: ${messages.map((m) => `${m.to} "${m.mail.subject}"`).join(', ')}`,
          );
        }
        await sleep(25);
      }
    },
    close: () => new Promise<void>((resolve) => smtp.close(() => resolve())),
  };
}
