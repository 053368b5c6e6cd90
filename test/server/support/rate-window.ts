import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The server's rate limits count in fixed one-minute windows (db/rate-limit.ts). A test that fills a limit and then
 * expects the refusal calls this first: if the current window ends within `margin` ms it waits (at most that long)
 * for the next one, so the whole sequence is counted in one window.
 */
export async function freshRateWindow(margin = 8_000): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < margin) await sleep(left + 200);
}
