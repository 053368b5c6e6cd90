import * as z from 'zod/mini';

/** The contract's error body: `{ error: { code, message, fields? } }`. */
export const ApiErrorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.optional(z.record(z.string(), z.string())),
  }),
});

export type ApiErrorBody = z.infer<typeof ApiErrorBodySchema>;

/** 409 `slot_unavailable`: the error also lists the starts (UTC) that are taken or closed. */
export const SlotUnavailableBodySchema = z.object({
  error: z.object({
    code: z.literal('slot_unavailable'),
    message: z.string(),
    conflicts: z.array(z.string()),
  }),
});
export type SlotUnavailableBody = z.infer<typeof SlotUnavailableBodySchema>;
