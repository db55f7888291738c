import { z } from 'zod';

/** The outbox's health (DESIGN §4): rows waiting, the oldest one, last delivery, dead letters. */
export const OutboxHealth = z
  .object({
    depth: z.number().int().min(0),
    oldestPendingAt: z.number().int().nullable(),
    lastDeliveredAt: z.number().int().nullable(),
    deadLetters: z.number().int().min(0),
  })
  .strict();
export type OutboxHealth = z.infer<typeof OutboxHealth>;
