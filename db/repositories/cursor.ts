/** Opaque keyset cursors: base64url of the last row's sort key. */
export function encodeCursor(key: (string | number)[]): string {
  return btoa(JSON.stringify(key)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Undefined for a cursor that was not made by encodeCursor (the HTTP layer reports it as a bad field). */
export function decodeCursor(cursor: string): (string | number)[] | undefined {
  try {
    const value: unknown = JSON.parse(atob(cursor.replace(/-/g, '+').replace(/_/g, '/')));
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
