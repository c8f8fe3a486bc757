import type { Clock } from './clock.js';
import { base64url } from './encoding.js';

/** Creates opaque ids like `apt_01JD…`: time-ordered, then random, so they sort by creation. */
export interface IdGenerator {
  next(prefix: string): string;
}

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Random bytes drawn per refill: one call to the system's generator serves 256 ids. */
const POOL_BYTES = 12 * 256;

export function randomIds(clock: Clock): IdGenerator {
  const pool = new Uint8Array(POOL_BYTES);
  let used = POOL_BYTES;
  return {
    next(prefix) {
      let time = clock.now();
      let head = '';
      for (let i = 0; i < 10; i++) {
        head = ALPHABET[time % 32] + head;
        time = Math.floor(time / 32);
      }
      if (used + 12 > POOL_BYTES) {
        crypto.getRandomValues(pool);
        used = 0;
      }
      let tail = '';
      for (let i = used; i < used + 12; i++) tail += ALPHABET[(pool[i] as number) % 32];
      used += 12;
      return `${prefix}_${head}${tail}`;
    },
  };
}

/** Random URL-safe secret (for bearer tokens). */
export function randomSecret(bytes = 32): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** Hex SHA-256, with Web Crypto (available on Node 20 and Workers). */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
