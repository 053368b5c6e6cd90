/**
 * A randomised model test (fast-check): random sequences of bookings, cancellations and reschedules, some fired in
 * parallel pairs, against a real server per dialect. After every step no two confirmed bookings hold overlapping
 * time (buffers included), and the server agrees with a model that tracks held blocks: a booking or reschedule
 * succeeds exactly when the model says its time is free. Parallel pairs must match one of the two serial orders.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { sql } from 'kysely';
import { dialectsUnderTest } from '../support/databases.js';
import {
  ADMIN_TOKEN,
  assertError,
  assertNoOverlap,
  blockOf,
  bookingBody,
  confirmedRows,
  dayFromToday,
  manage,
  overlaps,
  postBooking,
  read,
  startTestServer,
  wallToInstant,
  type Reply,
  type ServiceId,
  type TestServer,
} from '../support/booking.js';

const FIRST_DAY = 5; // days ahead: well outside the 24-hour cancellation notice
const DAYS = 2;
const SLOTS = 12; // 10:00, 10:15 … 12:45 London: dense, so most commands contend
const NUM_RUNS = Number(process.env.SOLEUS_MODEL_RUNS ?? 50);

type Slot = { day: number; idx: number };
type Command =
  | { kind: 'book'; service: ServiceId; slot: Slot }
  | { kind: 'cancel'; pick: number }
  | { kind: 'reschedule'; pick: number; slot: Slot };
type Step = { kind: 'one'; cmd: Command } | { kind: 'pair'; a: Command; b: Command };

interface ModelBooking {
  id: string;
  token: string;
  service: ServiceId;
  startMs: number;
}
/** Confirmed bookings by id. */
type Model = Map<string, ModelBooking>;

const slotArb = fc.record({ day: fc.integer({ min: 0, max: DAYS - 1 }), idx: fc.integer({ min: 0, max: SLOTS - 1 }) });
const commandArb: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('book' as const),
      service: fc.constantFrom<ServiceId>('s30', 's60'),
      slot: slotArb,
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat({ max: 50 }) }) },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('reschedule' as const), pick: fc.nat({ max: 50 }), slot: slotArb }),
  },
);
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: commandArb.map((cmd) => ({ kind: 'one' as const, cmd })) },
  { weight: 2, arbitrary: fc.tuple(commandArb, commandArb).map(([a, b]) => ({ kind: 'pair' as const, a, b })) },
);

/** A command with its target booking resolved against the model (cancel/reschedule of nothing is dropped). */
type Resolved =
  | { kind: 'book'; service: ServiceId; startMs: number }
  | { kind: 'cancel'; target: ModelBooking }
  | { kind: 'reschedule'; target: ModelBooking; startMs: number };

function slotMs(days: string[], slot: Slot): number {
  return wallToInstant(days[slot.day]!, 10, slot.idx * 15);
}

function resolve(model: Model, cmd: Command, days: string[]): Resolved | undefined {
  if (cmd.kind === 'book') return { kind: 'book', service: cmd.service, startMs: slotMs(days, cmd.slot) };
  const list = [...model.values()];
  if (list.length === 0) return undefined;
  const target = list[cmd.pick % list.length]!;
  return cmd.kind === 'cancel'
    ? { kind: 'cancel', target }
    : { kind: 'reschedule', target, startMs: slotMs(days, cmd.slot) };
}

/** Whether the model says the command succeeds. */
function predict(model: Model, r: Resolved): boolean {
  if (r.kind === 'cancel') return model.has(r.target.id);
  const service = r.kind === 'book' ? r.service : r.target.service;
  const block = blockOf(service, r.startMs);
  for (const b of model.values()) {
    if (r.kind === 'reschedule' && b.id === r.target.id) continue;
    if (overlaps(block, blockOf(b.service, b.startMs))) return false;
  }
  return r.kind === 'book' || model.has(r.target.id);
}

/** The model after a command that succeeded with `reply`. */
function applyToModel(model: Model, r: Resolved, reply: Reply): Model {
  const next = new Map(model);
  if (r.kind === 'book') {
    next.set(reply.body.booking.id, {
      id: reply.body.booking.id,
      token: reply.body.manageToken,
      service: r.service,
      startMs: r.startMs,
    });
  } else if (r.kind === 'cancel') next.delete(r.target.id);
  else next.set(r.target.id, { ...r.target, startMs: r.startMs });
  return next;
}

async function run(url: string, r: Resolved): Promise<Reply> {
  if (r.kind === 'book') return postBooking(url, bookingBody(r.service, new Date(r.startMs).toISOString()));
  if (r.kind === 'cancel') return manage(url, r.target.id, r.target.token, 'cancel');
  return manage(url, r.target.id, r.target.token, 'reschedule', { start: new Date(r.startMs).toISOString() });
}

/** Outcomes seen over all runs, e.g. `book:true` → 120: the test must have exercised both answers of each command. */
const seen = new Map<string, number>();

/** Whether the reply says the command succeeded; anything but success or the contract's refusal fails the test. */
function succeeded(r: Resolved, reply: Reply): boolean {
  const ok = checkReply(r, reply);
  seen.set(`${r.kind}:${ok}`, (seen.get(`${r.kind}:${ok}`) ?? 0) + 1);
  return ok;
}

function checkReply(r: Resolved, reply: Reply): boolean {
  const what = `${r.kind} ${'startMs' in r ? new Date(r.startMs).toISOString() : ''}`;
  if (r.kind === 'book') {
    if (reply.status === 201) {
      assert.equal(Date.parse(reply.body.booking.start), r.startMs, what);
      return true;
    }
  } else if (reply.status === 200) {
    assert.equal(reply.body?.booking?.id, r.target.id, `${what}: the booking keeps its id`);
    if (r.kind === 'cancel') assert.equal(reply.body.booking.status, 'cancelled', `${what}: ${reply.text}`);
    else {
      assert.equal(reply.body.booking.status, 'confirmed', `${what}: ${reply.text}`);
      assert.equal(Date.parse(reply.body.booking.start), r.startMs, `${what}: ${reply.text}`);
    }
    return true;
  }
  assert.notEqual(r.kind, 'cancel', `cancel of a confirmed booking failed: ${reply.status} ${reply.text}`);
  assertError(reply, 409, 'slot_unavailable');
  return false;
}

function describeStep(r: Resolved | undefined): string {
  if (!r) return 'noop';
  if (r.kind === 'book') return `book ${r.service} ${new Date(r.startMs).toISOString()}`;
  if (r.kind === 'cancel') return `cancel ${r.target.id}`;
  return `reschedule ${r.target.id} (${r.target.service}) → ${new Date(r.startMs).toISOString()}`;
}

async function checkServerMatchesModel(t: TestServer, model: Model, context: string): Promise<void> {
  const rows = await confirmedRows(t.db);
  assertNoOverlap(rows);
  const actual = rows.map((r) => `${r.id} ${r.service_id} ${r.start_ms}`).sort();
  const expected = [...model.values()].map((b) => `${b.id} ${b.service} ${b.startMs}`).sort();
  assert.deepEqual(actual, expected, `server and model disagree after ${context}`);
}

for (const dialect of dialectsUnderTest()) {
  describe(`bookings, cancels and reschedules never overlap (fast-check, ${dialect})`, () => {
    let t: TestServer;
    before(async () => {
      t = await startTestServer(dialect);
    });
    after(async () => {
      await t?.close();
    });

    test(`random command sequences with parallel pairs agree with the model (${NUM_RUNS} runs)`, async () => {
      seen.clear();
      let runs = 0;
      const days = Array.from({ length: DAYS }, (_, i) => dayFromToday(FIRST_DAY + i));
      await fc.assert(
        fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 20 }), async (steps) => {
          runs++;
          // Each run (and each shrink attempt) starts from an empty calendar.
          await sql`delete from bookings`.execute(t.db);
          let model: Model = new Map();
          const log: string[] = [];
          for (const step of steps) {
            if (step.kind === 'one') {
              const r = resolve(model, step.cmd, days);
              log.push(describeStep(r));
              if (!r) continue;
              const reply = await run(t.url, r);
              const ok = succeeded(r, reply);
              assert.equal(
                ok,
                predict(model, r),
                `model disagrees on: ${log.join(' ; ')} → ${reply.status} ${reply.text}`,
              );
              if (ok) model = applyToModel(model, r, reply);
            } else {
              const ra = resolve(model, step.a, days);
              const rb = resolve(model, step.b, days);
              log.push(`[${describeStep(ra)} ‖ ${describeStep(rb)}]`);
              const sameTarget = ra && rb && ra.kind !== 'book' && rb.kind !== 'book' && ra.target.id === rb.target.id;
              const list = [ra, rb].filter((r): r is Resolved => !!r);
              if (sameTarget) {
                // Two changes of one booking at once have no single right answer; run them one after the other.
                for (const r of list) {
                  const current = model.get((r as { target: ModelBooking }).target.id);
                  if (!current) continue;
                  const fresh = { ...r, target: current } as Resolved;
                  const reply = await run(t.url, fresh);
                  const ok = succeeded(fresh, reply);
                  assert.equal(ok, predict(model, fresh), `model disagrees on: ${log.join(' ; ')}`);
                  if (ok) model = applyToModel(model, fresh, reply);
                }
              } else {
                const replies = await Promise.all(list.map((r) => run(t.url, r)));
                const oks = list.map((r, i) => succeeded(r, replies[i]!));
                // Some serial order of the pair must explain what the server did.
                const orders =
                  list.length === 2
                    ? [
                        [0, 1],
                        [1, 0],
                      ]
                    : list.length === 1
                      ? [[0]]
                      : [[]];
                let explained: Model | undefined;
                for (const order of orders) {
                  let m = model;
                  let fits = true;
                  for (const i of order) {
                    if (predict(m, list[i]!) !== oks[i]) {
                      fits = false;
                      break;
                    }
                    if (oks[i]) m = applyToModel(m, list[i]!, replies[i]!);
                  }
                  if (fits) {
                    explained = m;
                    break;
                  }
                }
                assert.ok(
                  explained,
                  `no serial order explains ${JSON.stringify(replies.map((r) => r.status))} after: ${log.join(' ; ')}`,
                );
                model = explained;
              }
            }
            await checkServerMatchesModel(t, model, log.join(' ; '));
          }
          // The owner API lists the same confirmed bookings.
          const owner = await read(
            await fetch(`${t.url}/api/v1/owner/bookings?from=${days[0]}&to=${days[DAYS - 1]}`, {
              headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
            }),
          );
          assert.equal(owner.status, 200, owner.text);
          const listed = (owner.body.bookings as { id: string; status?: string; start: string }[])
            .filter((b) => b.status === undefined || b.status === 'confirmed')
            .map((b) => `${b.id} ${Date.parse(b.start)}`)
            .sort();
          assert.deepEqual(listed, [...model.values()].map((b) => `${b.id} ${b.startMs}`).sort(), 'owner list matches');
        }),
        {
          numRuns: NUM_RUNS,
          interruptAfterTimeLimit: 60_000,
          markInterruptAsFailure: false,
          includeErrorInReport: true,
        },
      );
      // The time limit only guards a stuck machine: a run cut short must still have tried a good share of sequences.
      assert.ok(runs >= Math.min(NUM_RUNS, 20), `only ${runs} of ${NUM_RUNS} runs finished within the time limit`);
      for (const outcome of ['book:true', 'book:false', 'cancel:true', 'reschedule:true', 'reschedule:false']) {
        assert.ok(
          (seen.get(outcome) ?? 0) > 0,
          `the runs exercised ${outcome}: ${JSON.stringify(Object.fromEntries(seen))}`,
        );
      }
    });
  });
}
