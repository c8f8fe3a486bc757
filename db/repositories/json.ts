/** JSON columns are written by this code only; a parse failure means corruption, so it throws. */
export function parseJson<T>(text: string | null): T {
  return JSON.parse(text ?? 'null') as T;
}
