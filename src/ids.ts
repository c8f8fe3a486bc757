import type { Clock } from './clock.js';
import { base64url } from './encoding.js';

/**
 * Creates opaque ids like `apt_01JD…`: ten characters of time, then twelve of randomness, so they
 * sort by creation. Within one millisecond (or while the clock stands still or steps back) the
 * random part is not drawn afresh but grows by a random step of 1–65,536: ids stay in creation
 * order, and a burst of new rows appends to the end of every index on an id instead of landing on a
 * random page of it (fewer pages written per commit). An id made in the same millisecond as one you
 * know is within 65,536 of it: ids are not secrets (a foreign id answers 404), and request ids come
 * from a generator of their own (app.ts), so an unauthenticated caller learns nothing of these.
 */
export interface IdGenerator {
  next(prefix: string): string;
}

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TAIL = 12;

/** Random bytes drawn per refill: one call to the system's generator serves hundreds of ids. */
const POOL_BYTES = TAIL * 256;

export function randomIds(clock: Clock): IdGenerator {
  const pool = new Uint8Array(POOL_BYTES);
  let used = POOL_BYTES;
  const random = (n: number): Uint8Array => {
    if (used + n > POOL_BYTES) {
      crypto.getRandomValues(pool);
      used = 0;
    }
    used += n;
    return pool.subarray(used - n, used);
  };
  let lastTime = -1;
  let head = '';
  /** The random part, one base-32 digit (0–31) per character, most significant first. */
  const tail = new Uint8Array(TAIL);
  const fresh = () => {
    const bytes = random(TAIL);
    for (let i = 0; i < TAIL; i++) tail[i] = (bytes[i] as number) % 32;
  };
  /** Adds 1–65,536 to the tail; false when it overflowed (after ~2^44 ids in one millisecond). */
  const step = (): boolean => {
    const [hi = 0, lo = 0] = random(2);
    let carry = ((hi << 8) | lo) + 1;
    for (let i = TAIL - 1; i >= 0 && carry > 0; i--) {
      const sum = (tail[i] as number) + carry;
      tail[i] = sum % 32;
      carry = Math.floor(sum / 32);
    }
    return carry === 0;
  };
  return {
    next(prefix) {
      const now = clock.now();
      // A tail that overflows (after ~2^44 ids in one millisecond) moves on to the next millisecond.
      const overflowed = now <= lastTime && !step();
      if (now > lastTime || overflowed) {
        lastTime = overflowed ? lastTime + 1 : now;
        let time = lastTime;
        head = '';
        for (let i = 0; i < 10; i++) {
          head = ALPHABET[time % 32] + head;
          time = Math.floor(time / 32);
        }
        fresh();
      }
      let text = '';
      for (let i = 0; i < TAIL; i++) text += ALPHABET[tail[i] as number];
      return `${prefix}_${head}${text}`;
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
