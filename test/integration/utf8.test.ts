import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COORDINATOR_TOKEN } from '../support/factories.js';
import { type Harness, makeHarness } from '../support/harness.js';

/** Text is stored as sent, or refused: bytes that are not UTF-8 are never turned into U+FFFD. */
let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(() => h.close());

const post = (bytes: Uint8Array) =>
  h.app.request('/v1/services', {
    method: 'POST',
    headers: { authorization: `Bearer ${COORDINATOR_TOKEN}`, 'content-type': 'application/json' },
    body: bytes.buffer as ArrayBuffer,
  });

const json = (name: Uint8Array) => {
  const enc = new TextEncoder();
  const before = enc.encode('{"name":"');
  const after = enc.encode('","kind":"health","area":"TO","address":"Via Roma 1, Torino","contactEmail":"x@example.it"}');
  return Uint8Array.from([...before, ...name, ...after]);
};

describe('a JSON body that is not valid UTF-8', () => {
  for (const [what, bytes] of [
    ['a stray continuation byte', [0x53, 0x80, 0x53]],
    ['a truncated sequence', [0x53, 0xc3]],
    ['an overlong encoding', [0xc0, 0xaf]],
    ['an encoded surrogate (CESU-8)', [0xed, 0xa0, 0x80]],
    ['Latin-1 text', [0x43, 0x61, 0x66, 0xe9]],
  ] as const) {
    it(`(${what}) is refused with 400 problem+json, and nothing is stored`, async () => {
      const res = await post(json(Uint8Array.from(bytes)));
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      const body = (await res.json()) as { code: string; errors: { path: string; message: string }[] };
      expect(body.code).toBe('validation_failed');
      expect(body.errors[0]?.message).toMatch(/UTF-8/);
      expect((await h.call('GET', '/v1/services')).body.items).toEqual([]);
    });
  }

  it('valid multi-byte text is stored exactly as sent', async () => {
    const res = await post(json(new TextEncoder().encode('Sportello Città 中文 🙂')));
    expect(res.status).toBe(201);
    expect(((await res.json()) as { name: string }).name).toBe('Sportello Città 中文 🙂');
  });
});
