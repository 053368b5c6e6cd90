import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type * as z from 'zod/mini';
import { type ApiError, request } from '../../../core/api.js';
import type { BookingCreatedSchema } from '../../../core/schemas/booking.js';
import type { Booked, Order } from '../internal/types.js';

type Created = z.infer<typeof BookingCreatedSchema>;

/** A random Idempotency-Key (randomUUID needs a secure context; getRandomValues does not). */
const newKey = () =>
  crypto.randomUUID?.() ??
  [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');

/**
 * Posts bookings (`POST /api/v1/bookings`), each with its Idempotency-Key: one key per request body, reused on a
 * retry or a double click, replaced when anything in the body changes.
 */
export class BookingSubmitController implements ReactiveController {
  readonly #keys = new Map<string, string>();

  readonly #base: () => string;

  constructor(host: ReactiveControllerHost, base: () => string) {
    host.addController(this);
    this.#base = base;
  }

  hostConnected(): void {}

  /**
   * Posts each order, the body built by `body`. A key is kept for a retry only while the first attempt may have
   * reached the server and booked (no answer, a timeout, a 5xx, or the same key still running): the retry is then
   * answered with that booking, never a second one. After a definite refusal (409, another 4xx) nothing was
   * written, and the next attempt is a new one with a new key (the same key would only replay the refusal).
   */
  async send(orders: Order[], body: (order: Order) => object): Promise<[Booked[], [Order, ApiError][]]> {
    const booked: Booked[] = [];
    const failed: [Order, ApiError][] = [];
    for (const order of orders) {
      const json = body(order);
      const signature = JSON.stringify(json);
      const key = this.#keys.get(signature) ?? newKey();
      this.#keys.set(signature, key);
      try {
        const r = await request<Created>(this.#base(), 'POST', '/api/v1/bookings', {
          body: json,
          headers: { 'Idempotency-Key': key },
          timeout: 20_000,
        });
        this.#keys.delete(signature);
        booked.push({ ...r.booking, token: r.manageToken });
      } catch (error) {
        const e = error as ApiError;
        if (e.status && e.status < 500 && e.code != 'request_in_progress') this.#keys.delete(signature);
        failed.push([order, e]);
      }
    }
    return [booked, failed];
  }
}
