import type { Generated } from 'kysely';

/** Key/value settings, e.g. the server secret. */
export interface SettingsTable {
  key: string;
  value: string;
}

/** Mail kept instead of sent when no SMTP_URL is set (development only). */
export interface MailOutboxTable {
  id: Generated<number>;
  /** ISO 8601 instant in UTC. */
  created_at: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  /** JSON object of extra headers. */
  headers: string;
  /** iCalendar attachment content, if any. */
  ical_event: string | null;
}

/** Every table Soleus owns, for Kysely's types. */
export interface Database {
  settings: SettingsTable;
  mail_outbox: MailOutboxTable;
}

/** Which SQL engine is underneath. */
export type Dialect = 'sqlite' | 'postgres';
