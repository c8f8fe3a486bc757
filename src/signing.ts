/** HMAC-SHA256 signed, expiring tokens for links in e-mails (Web Crypto: Node 20 and Workers). */
import { base64url, fromBase64url } from './encoding.js';

async function key(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
}

/** Signs `subject` (e.g. "offer_123.accept") until `expiresAt` (epoch ms). */
export async function signToken(secret: string, subject: string, expiresAt: number): Promise<string> {
  const payload = `${subject}.${expiresAt}`;
  const sig = await crypto.subtle.sign('HMAC', await key(secret), new TextEncoder().encode(payload));
  return `${expiresAt}.${base64url(new Uint8Array(sig))}`;
}

export type TokenCheck = 'valid' | 'forged' | 'expired';

/** Checks a token for `subject` in constant time (crypto.subtle.verify); forged before expired, so nothing leaks. */
export async function verifyToken(secret: string, subject: string, token: string, now: number): Promise<TokenCheck> {
  const match = /^(\d{1,15})\.([A-Za-z0-9_-]{20,100})$/.exec(token);
  if (!match?.[1] || !match[2]) return 'forged';
  const sig = fromBase64url(match[2]);
  // Only the canonical encoding counts, so one signature has one spelling (base64's spare bits).
  if (!sig || base64url(sig) !== match[2]) return 'forged';
  const ok = await crypto.subtle.verify('HMAC', await key(secret), sig, new TextEncoder().encode(`${subject}.${match[1]}`));
  if (!ok) return 'forged';
  return Number(match[1]) > now ? 'valid' : 'expired';
}

/**
 * A secret derived from `subject` (HMAC-SHA256, base64url): the same subject gives the same secret,
 * so it can be shown again without being stored, and no one without the key can compute it.
 */
export async function deriveSecret(secret: string, subject: string): Promise<string> {
  const sig = await crypto.subtle.sign('HMAC', await key(secret), new TextEncoder().encode(subject));
  return base64url(new Uint8Array(sig));
}
