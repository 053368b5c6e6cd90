import * as z from 'zod/mini';

/** `GET /api/v1/health` answer, after a real `select 1`. */
export const HealthResponseSchema = z.object({
  ok: z.literal(true),
  version: z.string(),
  db: z.enum(['sqlite', 'postgres']),
});
export type HealthResponse = z.infer<typeof HealthResponseSchema>;
