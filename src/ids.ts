import type { Clock } from './clock.js';
import { base64url } from './encoding.js';

/**
 * Creates opaque ids like `apt_01JD…`, ULIDs in their monotonic form: ten characters of time, then
 * twelve random ones. Within one millisecond (or while the clock stands still or steps back) the
 * random part counts up by one, so ids always sort in creation order. Ids are not secrets: a foreign
 * id answers 404.
 */
export interface IdGenerator {
  next(prefix: string): string;
}

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TAIL = 12;

export function randomIds(clock: Clock): IdGenerator {
  let lastTime = -1;
  /** The random part, one base-32 digit (0–31) per character, most significant first. */
  let tail: number[] = [];
  /** Adds one to the tail; false when it overflowed. */
  const increment = (): boolean => {
    for (let i = TAIL - 1; i >= 0; i--) {
      tail[i] = ((tail[i] as number) + 1) % 32;
      if (tail[i] !== 0) return true;
    }
    return false;
  };
  return {
    next(prefix) {
      const now = clock.now();
      if (now > lastTime) {
        lastTime = now;
        tail = [...crypto.getRandomValues(new Uint8Array(TAIL))].map((b) => b % 32);
      } else if (!increment()) {
        lastTime += 1; // the tail overflowed: borrow the next millisecond
      }
      let head = '';
      for (let i = 0, time = lastTime; i < 10; i++, time = Math.floor(time / 32)) head = ALPHABET[time % 32] + head;
      return `${prefix}_${head}${tail.map((d) => ALPHABET[d]).join('')}`;
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
