import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { OpenDatabase } from '../../src/server/db/index.js';
import { createMailer } from '../../src/server/mail/mailer.js';
import { dialectsUnderTest, migratedDatabase } from './support/databases.js';

for (const dialect of dialectsUnderTest()) {
  describe(`mail over SMTP (${dialect})`, () => {
    let open: OpenDatabase;
    let smtp: SMTPServer;
    let port: number;
    const received: { envelopeTo: string[]; mail: ParsedMail }[] = [];

    before(async () => {
      open = await migratedDatabase(dialect);
      smtp = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS'],
        logger: false,
        onData(stream, session, callback) {
          simpleParser(stream)
            .then((mail) => {
              received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), mail });
              callback();
            })
            .catch(callback);
        },
      });
      await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
      port = (smtp.server.address() as AddressInfo).port;
    });
    after(async () => {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      await open?.close();
    });

    test('a message arrives with its headers, HTML and calendar part, and nothing goes to the outbox', async () => {
      const mailer = createMailer({
        smtpUrl: `smtp://127.0.0.1:${port}`,
        db: open.db,
        production: true,
        from: `"Jim's Sports Massage" <jim@example.com>`,
      });
      assert.equal(mailer.mode, 'smtp');
      try {
        const result = await mailer.send({
          to: 'ann@example.com',
          subject: 'Your booking — Friday 09:00',
          text: 'See you on Friday.',
          html: '<p>See you on <b>Friday</b>.</p>',
          headers: { 'List-Unsubscribe': '<https://book.example.com/unsubscribe?token=abc>' },
          icalEvent: {
            method: 'REQUEST',
            content: 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n',
          },
        });
        assert.equal(result.status, 'sent');
      } finally {
        mailer.close();
      }
      assert.equal(received.length, 1);
      const { envelopeTo, mail } = received[0]!;
      assert.deepEqual(envelopeTo, ['ann@example.com']);
      assert.equal(mail.subject, 'Your booking — Friday 09:00');
      assert.equal(mail.from?.value[0]?.address, 'jim@example.com');
      assert.equal(mail.from?.value[0]?.name, "Jim's Sports Massage");
      assert.equal(mail.text?.trim(), 'See you on Friday.');
      assert.match(String(mail.html), /<b>Friday<\/b>/);
      assert.match(
        String(mail.headers.get('list-unsubscribe') ?? JSON.stringify(mail.headerLines)),
        /unsubscribe\?token=abc/,
      );
      const calendar = mail.attachments.find((a) => a.contentType.startsWith('text/calendar'));
      assert.ok(calendar, 'calendar part present');
      assert.match(calendar.content.toString('utf8'), /METHOD:REQUEST/);
      const stored = await open.db.selectFrom('mail_outbox').selectAll().execute();
      assert.equal(stored.length, 0);
    });

    test('an SMTP server that is down is an error, not a silent success', async () => {
      const mailer = createMailer({
        smtpUrl: 'smtp://127.0.0.1:1',
        db: open.db,
        production: false,
        from: 'x@example.com',
      });
      try {
        await assert.rejects(mailer.send({ to: 'a@example.com', subject: 's', text: 't' }));
      } finally {
        mailer.close();
      }
    });
  });
}
