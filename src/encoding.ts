/** base64url (RFC 4648 §5, no padding) over bytes, with Web APIs only (Node 20 and Workers). */
export function base64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The bytes of a base64url text, or null when it is not base64. */
export function fromBase64url(text: string): Uint8Array<ArrayBuffer> | null {
  try {
    const raw = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    return Uint8Array.from(raw, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

/** Plain base64 of a text's UTF-8 bytes (e-mail attachments). */
export function base64Utf8(text: string): string {
  let s = '';
  for (const b of new TextEncoder().encode(text)) s += String.fromCharCode(b);
  return btoa(s);
}
