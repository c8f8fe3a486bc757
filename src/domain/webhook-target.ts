/** The events a webhook may subscribe to. */
export const WEBHOOK_EVENTS = [
  'appointment.booked',
  'appointment.released',
  'appointment.cancelled',
  'appointment.unfilled',
  'offer.accepted',
  'attendance.settled',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/**
 * Why a URL may not receive webhooks, or null when it may. Unless private targets are allowed, only
 * https to a public host: no loopback, private, link-local, shared or reserved address, nor a local
 * name (SSRF). A host name is judged by its name only; the address it resolves to is not known here.
 * e.g. targetProblem('http://127.0.0.1:9000/hook', false) → 'loopback or private address'.
 */
export function targetProblem(raw: string, allowPrivate: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'not a URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be http(s)';
  if (url.username || url.password) return 'must not carry credentials';
  if (allowPrivate) return null;
  if (url.protocol !== 'https:') return 'must be https';
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  if (host.startsWith('[')) return privateIpv6(host.slice(1, -1)) ? 'loopback or private address' : null;
  if (host === 'localhost' || /\.(localhost|local|internal|lan|home\.arpa)$/.test(host) || !host.includes('.')) return 'loopback or private address';
  const v4 = ipv4(host);
  if (v4 && privateIpv4(v4)) return 'loopback or private address';
  return null;
}

function ipv4(host: string): number[] | null {
  const parts = host.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p))) return null;
  const octets = parts.map(Number);
  return octets.every((o) => o <= 255) ? octets : null;
}

function privateIpv4([a = 0, b = 0, c = 0]: number[]): boolean {
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0 && c === 0) ||
    (a === 198 && (b === 18 || b === 19)) ||
    a >= 224
  );
}

function privateIpv6(host: string): boolean {
  const h = host.toLowerCase();
  if (h === '::' || h === '::1') return true;
  if (/^f[cd]/.test(h) || /^fe[89ab]/.test(h)) return true;
  // IPv4-mapped (::ffff:127.0.0.1, written by URL as ::ffff:7f00:1): judged as the IPv4 address.
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(h);
  if (mapped) {
    const hi = Number.parseInt(mapped[1] as string, 16);
    const lo = Number.parseInt(mapped[2] as string, 16);
    return privateIpv4([hi >> 8, hi & 255, lo >> 8, lo & 255]);
  }
  return h.startsWith('::ffff:') || h.startsWith('64:ff9b:');
}
