import { Hono } from 'hono';
import type { Practice } from '../practice.js';

/** `GET /api/v1/services`: what can be booked, with the practice's name and zone for the widget. */
export function servicesRoutes(practice: Practice) {
  const body = {
    practice: {
      name: practice.name,
      timeZone: practice.timeZone,
      ...(practice.address ? { address: practice.address } : {}),
    },
    services: practice.services.map((s) => ({
      id: s.id,
      name: s.name,
      description: s.description,
      durationMinutes: s.durationMinutes,
      price: s.price,
      minNoticeHours: s.minNoticeHours,
      horizonDays: s.horizonDays,
      cancellationNoticeHours: s.cancellationNoticeHours,
    })),
  };
  return new Hono().get('/', (c) => c.json(body, 200, { 'Cache-Control': 'no-cache' }));
}
