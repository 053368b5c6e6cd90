import type { Selectable } from 'kysely';
import type { SubscribersTable } from '../db/schema.js';

/** A subscription row (one per address and list) with its consent record. */
export type SubscriberRow = Selectable<SubscribersTable>;
