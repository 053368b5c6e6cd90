/**
 * Mail that is never lost, per dialect: a real `soleus serve` process takes a stream of bookings while the SMTP
 * server (real, on loopback) refuses every other message with 451; the process is killed with SIGKILL mid-stream,
 * restarted on the same database while SMTP refuses everything for a while, then SMTP accepts. Every 201 (and every
 * booking the database kept, answered or not) then has exactly one client confirmation by Message-ID. The SMTP server
 * may see one Message-ID twice only when the kill fell between its accept and the `sent` mark, so at most as many
 * as the worker had in flight (5); the count is reported.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { openDatabase, type OpenDatabase } from '../../../src/server/db/index.js';
import { startInbox } from '../../support/smtp.js';
import { dialectsUnderTest, freshDatabase, type TestDatabase } from '../support/databases.js';
import {
  bookingBody,
  dayFromToday,
  postBooking,
  removeDir,
  spawnServer,
  wallToInstant,
  writePractice,
  type ChildServer,
  type Reply,
} from '../support/booking.js';

const KILL_AFTER = 60;
const WORKERS = 4;
const MAX_ATTEMPTS = 300;
// Short retries and polls, and a 3-second lease: the rows the killed process held are sent 3 s later, not 5 min.
const MAIL_ENV = { SOLEUS_MAIL_RETRY_SECONDS: '0.2', SOLEUS_MAIL_POLL_SECONDS: '0.1', SOLEUS_MAIL_LEASE_SECONDS: '3' };

function* slots(): Generator<string> {
  for (let day = 2; ; day++) {
    for (let hour = 0; hour < 24; hour++) {
      try {
        yield new Date(wallToInstant(dayFromToday(day), hour, 0)).toISOString();
      } catch {
        // a wall time skipped by daylight saving
      }
    }
  }
}

for (const dialect of dialectsUnderTest()) {
  describe(`mail survives SIGKILL and SMTP refusals (${dialect})`, () => {
    const children: ChildServer[] = [];
    let database: TestDatabase | undefined;
    let practice: { file: string; dir: string } | undefined;
    let reader: OpenDatabase | undefined;
    after(async () => {
      for (const c of children) {
        if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL');
        await c.exited;
      }
      await reader?.close();
      await database?.drop();
      if (practice) removeDir(practice.dir);
    });

    test('every 201 has exactly one client confirmation by Message-ID after a kill, a restart and a refusing SMTP server', async (t) => {
      let phase: 'every-other' | 'refuse' | 'accept' = 'every-other';
      let seen = 0;
      const inbox = await startInbox({
        refuse: () => (phase === 'refuse' || (phase === 'every-other' && seen++ % 2 === 0) ? 451 : undefined),
      });
      try {
        database = await freshDatabase(dialect);
        practice = writePractice();
        const env = { SMTP_URL: inbox.url, ...MAIL_ENV };
        const first = await spawnServer(database.url, practice.file, env);
        children.push(first);

        const gen = slots();
        const sent: { email: string; reply?: Reply }[] = [];
        let successes = 0;
        let inFlight = 0;
        let killed = false;
        await Promise.all(
          Array.from({ length: WORKERS }, async () => {
            while (!killed && sent.length < MAX_ATTEMPTS) {
              const item: { email: string; reply?: Reply } = { email: `crash${sent.length}@example.com` };
              sent.push(item);
              const body = bookingBody('s30', gen.next().value as string, {
                client: { name: 'Crash Mail', email: item.email },
              });
              inFlight++;
              try {
                item.reply = await postBooking(first.url, body, randomUUID());
              } catch {
                continue; // the connection died with the server
              } finally {
                inFlight--;
              }
              assert.equal(item.reply.status, 201, item.reply.text);
              successes++;
              if (successes >= KILL_AFTER && inFlight >= 2 && !killed) {
                killed = true;
                first.child.kill('SIGKILL');
              }
            }
          }),
        );
        assert.ok(killed, `killed after ${KILL_AFTER} successes`);
        assert.equal(await first.exited, -1, 'died of the signal');
        const answered = sent.filter((s) => s.reply?.status === 201);
        const beforeRestart = { delivered: inbox.messages.length, refused: inbox.refused() };

        // Restart on the same database; SMTP refuses everything for a while, then accepts.
        phase = 'refuse';
        const second = await spawnServer(database.url, practice.file, env);
        children.push(second);
        await sleep(1_500);
        const refusedWhileDown = inbox.refused() - beforeRestart.refused;
        phase = 'accept';

        // Every booking the database kept (answered or in flight at the kill) must get its confirmation.
        reader = await openDatabase(database.url);
        const kept = await reader.db.selectFrom('bookings').select('client_email').execute();
        const keptEmails = new Set(kept.map((r) => r.client_email));
        for (const s of answered) assert.ok(keptEmails.has(s.email), `${s.email} got a 201 and is kept`);
        const clientMail = (email: string) => inbox.to(email).filter((m) => !/^Reminder:/.test(m.mail.subject ?? ''));
        const deadline = Date.now() + 90_000;
        while ([...keptEmails].some((e) => clientMail(e).length === 0) && Date.now() < deadline) await sleep(100);

        let duplicates = 0;
        for (const email of keptEmails) {
          const ids = clientMail(email).map((m) => m.mail.messageId);
          assert.ok(ids.length >= 1, `a confirmation for ${email}`);
          assert.equal(
            new Set(ids).size,
            1,
            `exactly one confirmation (by Message-ID) for ${email}: ${ids.join(', ')}`,
          );
          duplicates += ids.length - 1;
        }
        const byId = new Map<string, number>();
        for (const m of inbox.messages) byId.set(m.mail.messageId!, (byId.get(m.mail.messageId!) ?? 0) + 1);
        const twice = [...byId.values()].filter((n) => n > 1).length;
        assert.ok(twice <= 5, `a Message-ID seen twice only for sends in flight at the kill (${twice})`);

        // Nothing waits or failed: every confirmation and notice is marked sent (reminders wait for their time).
        const states = await reader.db
          .selectFrom('mail_outbox')
          .select(['status'])
          .select(({ fn }) => fn.countAll().as('n'))
          .where((eb) => eb.or([eb('ref', 'is', null), eb('ref', 'not like', 'reminder:%')]))
          .groupBy('status')
          .execute();
        const deadline2 = Date.now() + 10_000;
        let pending = states.find((s) => s.status === 'pending');
        while (pending && Date.now() < deadline2) {
          await sleep(100);
          const again = await reader.db
            .selectFrom('mail_outbox')
            .select(({ fn }) => fn.countAll().as('n'))
            .where('status', '=', 'pending')
            .where((eb) => eb.or([eb('ref', 'is', null), eb('ref', 'not like', 'reminder:%')]))
            .executeTakeFirstOrThrow();
          pending = Number(again.n) > 0 ? pending : undefined;
        }
        assert.equal(pending, undefined, 'no mail left pending');
        assert.equal(
          states.find((s) => s.status === 'failed'),
          undefined,
          'no mail given up',
        );

        t.diagnostic(
          `${dialect}: posts ${sent.length}, 201s ${answered.length}, kept bookings ${keptEmails.size} ` +
            `(in flight at the kill and committed: ${keptEmails.size - answered.length}); before the kill SMTP ` +
            `accepted ${beforeRestart.delivered} and refused ${beforeRestart.refused}; refused while restarting ` +
            `${refusedWhileDown}; after: ${inbox.messages.length} accepted in all; client confirmations seen twice ` +
            `${duplicates}; Message-IDs seen twice (any mail) ${twice}; SMTP connections reset mid-message ` +
            `${inbox.connectionErrors.length}`,
        );
        await second.stop();
      } finally {
        await inbox.close();
      }
    });
  });
}
