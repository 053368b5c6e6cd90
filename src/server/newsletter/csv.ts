import type { SubscriberRow } from './records.js';

/**
 * The owner's CSV export (RFC 4180: CRLF rows, double-quoted cells where needed, a header row, UTF-8 with a BOM so
 * spreadsheet programs read accents right), safe against formula injection: a cell starting with `=`, `+`, `-`, `@`,
 * tab or carriage return is prefixed with `'` so spreadsheets show it as text (OWASP "CSV Injection").
 */

export const CSV_COLUMNS = [
  'email',
  'name',
  'list',
  'status',
  'consent_text',
  'consent_source',
  'signed_up_at',
  'confirmed_at',
  'unsubscribed_at',
] as const;

/** One cell: neutralised against formulas, then quoted when it holds a quote, comma, line break or edge space. */
export function csvCell(value: string | null | undefined): string {
  let text = value ?? '';
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function subscribersCsv(rows: readonly SubscriberRow[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of rows) {
    lines.push(
      [
        r.email,
        r.name,
        r.list,
        r.status,
        r.consent_text,
        r.consent_source,
        r.created_at,
        r.confirmed_at,
        r.unsubscribed_at,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
