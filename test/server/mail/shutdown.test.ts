/**
 * A clean stop: `soleus serve` gets SIGTERM while its worker is in the middle of sending (the SMTP server holds each
 * accept for a second); it exits within its bound, every mail SMTP accepted is marked sent, and the rest waits in the
 * outbox, unclaimed, for the next start, which sends it: each confirmation arrives once. Also the mail settings'
 * and the practice file's checks.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigError, loadConfig } from '../../../src/server/config.js';
import { openDatabase } from '../../../src/server/db/index.js';
import { PracticeSchema } from '../../../src/server/practice.js';
import { startInbox } from '../../support/smtp.js';
import { freshDatabase, type TestDatabase } from '../support/databases.js';
import {
  bookingBody,
  postBooking,
  practiceJson,
  removeDir,
  slotStart,
  spawnServer,
  writePractice,
  type ChildServer,
} from '../support/booking.js';

const children: ChildServer[] = [];
let database: TestDatabase | undefined;
let practice: { file: string; dir: string } | undefined;
after(async () => {
  for (const c of children) {
    if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL');
    await c.exited;
  }
  await database?.drop();
  if (practice) removeDir(practice.dir);
});

test('SIGTERM mid-send: exits within the bound, nothing accepted is left unmarked, the rest goes out after a restart, once', async (t) => {
  let hold = true;
  const inbox = await startInbox({ beforeAccept: () => (hold ? sleep(1_000) : Promise.resolve()) });
  try {
    database = await freshDatabase('sqlite');
    practice = writePractice();
    const env = { SMTP_URL: inbox.url, SOLEUS_MAIL_POLL_SECONDS: '0.1', SOLEUS_MAIL_RETRY_SECONDS: '0.2' };
    const first = await spawnServer(database.url, practice.file, env);
    children.push(first);
    const emails = Array.from({ length: 12 }, (_, i) => `term${i}@example.com`);
    for (const [i, email] of emails.entries()) {
      const reply = await postBooking(first.url, bookingBody('s30', slotStart(3, i), { client: { name: 'T', email } }));
      assert.equal(reply.status, 201, reply.text);
    }
    await sleep(300); // the worker is now sending, each accept held for a second
    const started = Date.now();
    first.child.kill('SIGTERM');
    const code = await first.exited;
    const took = Date.now() - started;
    assert.equal(code, 0, `clean exit: ${first.output().stderr}`);
    assert.ok(took < 9_000, `stopped within the bound (${took} ms)`);

    const reader = await openDatabase(database.url);
    try {
      const rows = await reader.db
        .selectFrom('mail_outbox')
        .select(['status', 'locked_until_ms', 'message_id'])
        .where((eb) => eb.or([eb('ref', 'is', null), eb('ref', 'not like', 'reminder:%')]))
        .execute();
      const sentIds = new Set(rows.filter((r) => r.status === 'sent').map((r) => r.message_id));
      for (const m of inbox.messages) assert.ok(sentIds.has(m.mail.messageId!), 'accepted ⇒ marked sent');
      const left = rows.filter((r) => r.status === 'pending');
      for (const r of left) assert.equal(Number(r.locked_until_ms), 0, 'left rows are not held by the dead process');
      t.diagnostic(
        `SIGTERM after ${took} ms: ${sentIds.size} sent before the stop, ${left.length} left for the restart`,
      );
    } finally {
      await reader.close();
    }

    hold = false;
    const second = await spawnServer(database.url, practice.file, env);
    children.push(second);
    const deadline = Date.now() + 30_000;
    while (emails.some((e) => inbox.to(e).length === 0) && Date.now() < deadline) await sleep(100);
    await sleep(300);
    for (const e of emails) assert.equal(inbox.to(e).length, 1, `one confirmation for ${e}`);
    await second.stop();
  } finally {
    await inbox.close();
  }
});

test('mail settings and practice keys are checked with one-line reasons', () => {
  const base = ['--db', 'sqlite::memory:'];
  const config = loadConfig(base, {
    SOLEUS_MAIL_RETRY_SECONDS: '0.5',
    SOLEUS_MAIL_POLL_SECONDS: '2',
    SOLEUS_MAIL_LEASE_SECONDS: '60',
  });
  assert.equal(config.mailRetrySeconds, 0.5);
  assert.equal(config.mailPollSeconds, 2);
  assert.equal(config.mailLeaseSeconds, 60);
  assert.equal(loadConfig(base, {}).mailRetrySeconds, undefined);
  for (const bad of ['-1', 'soon', '0', '100000'])
    assert.throws(
      () => loadConfig(base, { SOLEUS_MAIL_RETRY_SECONDS: bad }),
      (e: Error) => e instanceof ConfigError && /SOLEUS_MAIL_RETRY_SECONDS .* seconds/.test(e.message),
    );

  const services = (practiceJson() as { services: Record<string, unknown>[] }).services;
  const parsed = PracticeSchema.parse({ ...practiceJson(), services: [{ ...services[0], whatToBring: ' Shorts ' }] });
  assert.equal(parsed.services[0]!.reminderHours, 24, 'default 24 hours');
  assert.equal(parsed.services[0]!.whatToBring, 'Shorts');
  assert.equal(
    PracticeSchema.parse({ ...practiceJson(), services: [{ ...services[0], reminderHours: 0 }] }).services[0]!
      .reminderHours,
    0,
  );
  for (const bad of [{ reminderHours: -1 }, { reminderHours: 10_000 }, { whatToBring: '' }, { whatToBring: 5 }])
    assert.equal(
      PracticeSchema.safeParse({ ...practiceJson(), services: [{ ...services[0], ...bad }] }).success,
      false,
    );
});
