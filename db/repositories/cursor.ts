import { base64url, fromBase64url } from '../../src/encoding.js';

/** Opaque keyset cursors: base64url of the last row's sort key. */
export function encodeCursor(key: (string | number)[]): string {
  return base64url(new TextEncoder().encode(JSON.stringify(key)));
}

/** Undefined for a cursor that was not made by encodeCursor (the HTTP layer reports it as a bad field). */
export function decodeCursor(cursor: string): (string | number)[] | undefined {
  try {
    const bytes = fromBase64url(cursor);
    if (!bytes) return undefined;
    const value: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) return value;
  } catch {
    // fall through
  }
  return undefined;
}

/** Splits a fetched page of limit+1 rows into items and the next cursor. */
export function pageOf<T>(rows: T[], limit: number, key: (row: T) => (string | number)[]) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(key(last)) : null };
}
