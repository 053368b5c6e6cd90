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
  /** Connection errors the server saw (a client reset mid-message), kept rather than thrown. */
  connectionErrors: Error[];
  /** Messages to `address` so far. */
  to(address: string): Received[];
  close(): Promise<void>;
}

/** Options of {@link startInbox}. */
export interface InboxOptions {
  /**
   * Asked after each message's data has arrived: a reply code (e.g. 451) refuses it with that code, undefined
   * accepts it. Refused messages are counted in `refused`, never kept.
   */
  refuse?: () => number | undefined;
  /** Called for each accepted message before the accept is answered (e.g. to hold it a while). */
  beforeAccept?: () => Promise<void>;
}

export async function startInbox(options: InboxOptions = {}): Promise<Inbox & { refused: () => number }> {
  const messages: Received[] = [];
  let refused = 0;
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // close() otherwise waits 30 s for clients to hang up, and a mailer's pooled connection never does by itself:
    // that wait was 30 s of every test file that stops its inbox while the server under test still holds one.
    closeTimeout: 250,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const code = options.refuse?.();
        if (code !== undefined) {
          refused++;
          const error = Object.assign(new Error(`Refused for the test (${code})`), { responseCode: code });
          callback(error);
          return;
        }
        const raw = Buffer.concat(chunks);
        simpleParser(raw)
          .then(async (mail) => {
            await options.beforeAccept?.();
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
  // A client that dies mid-message (the crash tests SIGKILL the server while it sends) resets its connection:
  // smtp-server emits that as an 'error' event, which would otherwise be an uncaught exception in the test.
  const connectionErrors: Error[] = [];
  smtp.on('error', (error: Error) => connectionErrors.push(error));
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  const port = (smtp.server.address() as AddressInfo).port;
  const to = (address: string) => messages.filter((m) => m.to.includes(address.toLowerCase()));
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    refused: () => refused,
    connectionErrors,
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
