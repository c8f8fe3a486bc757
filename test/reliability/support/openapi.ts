import fc from 'fast-check';
import { DateTime } from 'luxon';

// biome-ignore lint/suspicious/noExplicitAny: JSON Schema is read loosely on purpose.
export type Schema = Record<string, any>;
export interface Operation {
  method: string;
  /** The OpenAPI template, e.g. /v1/services/{id}. */
  path: string;
  params: Array<{ name: string; in: string; required: boolean; schema: Schema }>;
  body?: Schema;
}

/** Every operation of an OpenAPI 3.1 document, with $refs resolved. */
export function operationsOf(doc: Schema): Operation[] {
  const resolve = (s: Schema | undefined, depth = 0): Schema => {
    if (!s || depth > 20) return {};
    if (s.$ref) return resolve(doc.components.schemas[String(s.$ref).split('/').pop() as string], depth + 1);
    const out: Schema = { ...s };
    if (s.properties) out.properties = Object.fromEntries(Object.entries<Schema>(s.properties).map(([k, v]) => [k, resolve(v, depth + 1)]));
    if (s.items) out.items = resolve(s.items, depth + 1);
    for (const k of ['anyOf', 'oneOf', 'allOf']) if (s[k]) out[k] = s[k].map((x: Schema) => resolve(x, depth + 1));
    return out;
  };
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries<Schema>(doc.paths)) {
    for (const [method, op] of Object.entries<Schema>(methods)) {
      ops.push({
        method: method.toUpperCase(),
        path,
        params: (op.parameters ?? []).map((p: Schema) => ({ name: p.name, in: p.in, required: Boolean(p.required), schema: resolve(p.schema) })),
        ...(op.requestBody ? { body: resolve(op.requestBody.content?.['application/json']?.schema) } : {}),
      });
    }
  }
  return ops;
}

const types = (s: Schema): string[] => (Array.isArray(s.type) ? s.type : s.type ? [s.type] : []);
const ROME = 'Europe/Rome';

/** Values for properties by name (ids of objects that exist), preferred over generated ones. */
export type Known = Record<string, unknown[]>;

/**
 * Values the schema accepts (as far as the schema says: cross-field rules may still refuse them);
 * the schema's own example is one of them, often.
 */
export function validOf(s: Schema, known: Known = {}): fc.Arbitrary<unknown> {
  const generated = generatedOf(s, known);
  return s.example === undefined ? generated : fc.oneof({ arbitrary: fc.constant(s.example), weight: 2 }, { arbitrary: generated, weight: 1 });
}

function generatedOf(s: Schema, known: Known): fc.Arbitrary<unknown> {
  const validOf_ = (x: Schema) => validOf(x, known);
  if (s.enum) return fc.constantFrom(...s.enum);
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.allOf) return fc.tuple(...s.allOf.map(validOf_)).map((parts) => Object.assign({}, ...parts.filter((p) => p && typeof p === 'object')));
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map(validOf_));
  const t = types(s).filter((x) => x !== 'null');
  const base = ((): fc.Arbitrary<unknown> => {
    switch (t[0]) {
      case 'string':
        return stringOf(s);
      case 'integer':
        return fc.integer({ min: s.minimum ?? -1000, max: s.maximum ?? 100_000 });
      case 'number':
        return fc.double({ min: s.minimum ?? -1000, max: s.maximum ?? 100_000, noNaN: true, noDefaultInfinity: true });
      case 'boolean':
        return fc.boolean();
      case 'array':
        return fc.array(validOf_(s.items ?? {}), { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 4, 4) });
      case 'object': {
        const props = Object.entries<Schema>(s.properties ?? {});
        const required = new Set<string>(s.required ?? []);
        return fc.record(Object.fromEntries(props.map(([k, v]) => [k, known[k] ? fc.oneof(fc.constantFrom(...(known[k] as unknown[])), validOf_(v)) : validOf_(v)])), { requiredKeys: props.map(([k]) => k).filter((k) => required.has(k)) });
      }
      default:
        return fc.jsonValue({ maxDepth: 2 });
    }
  })();
  return types(s).includes('null') ? fc.option(base, { nil: null, freq: 5 }) : base;
}

function stringOf(s: Schema): fc.Arbitrary<string> {
  const min = s.minLength ?? 0;
  const max = s.maxLength ?? 200;
  const fit = (a: fc.Arbitrary<string>) => a.filter((x) => x.length >= min && x.length <= max);
  const instant = fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true });
  switch (s.format) {
    case 'date-time':
      return instant.map((d) => DateTime.fromJSDate(d).setZone(ROME).startOf('minute').toISO({ suppressMilliseconds: true }) as string);
    case 'date':
      return instant.map((d) => DateTime.fromJSDate(d).setZone(ROME).toISODate() as string);
    case 'email':
      return fc.constantFrom('a@example.it', 'desk.sanita@asl.example.it', 'x+y@example.org');
    case 'uri':
    case 'url':
      return fc.constantFrom('https://example.org/hook', 'https://meet.example.it/room-1');
  }
  if (s.pattern) return fit(fc.stringMatching(new RegExp(s.pattern), { size: 'xsmall' }));
  return fc.string({ minLength: min, maxLength: Math.min(max, 40), unit: 'grapheme' });
}

/** Values just inside and just outside the schema's bounds. */
export function boundariesOf(s: Schema): unknown[] {
  const t = types(s);
  const out: unknown[] = [];
  if (t.includes('string')) {
    if (s.maxLength !== undefined) out.push('x'.repeat(s.maxLength), 'x'.repeat(s.maxLength + 1), 'é'.repeat(s.maxLength + 1));
    if (s.minLength !== undefined) out.push('x'.repeat(s.minLength), 'x'.repeat(Math.max(0, s.minLength - 1)));
    out.push('', ' ', '\u00a0');
    if (s.format === 'date-time') out.push('2026-03-29T02:30:00+01:00', '2026-10-25T02:30:00+02:00', '2026-02-30T10:00:00+01:00', '2026-03-23T10:00:00', '9999-12-31T23:59:59Z');
    if (s.format === 'date') out.push('2026-02-29', '2028-02-29', '0000-01-01');
  }
  if (t.includes('integer') || t.includes('number')) {
    for (const n of [s.minimum, s.maximum]) if (n !== undefined) out.push(n, n - 1, n + 1);
    out.push(0, -1, 1.5, 2 ** 53, -(2 ** 53));
  }
  if (t.includes('array')) {
    if (s.maxItems !== undefined) out.push(Array(s.maxItems + 1).fill(s.items?.enum?.[0] ?? 'x'));
    out.push([]);
  }
  if (s.enum) out.push(`${s.enum[0]}x`, String(s.enum[0]).toUpperCase());
  return out;
}

/** What an attacker or a broken client sends instead. */
export const HOSTILE: unknown[] = [
  null,
  true,
  -1,
  1e308,
  '',
  'x'.repeat(70_000),
  '\u0000',
  '\ud800',
  '\ufeffabc',
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%00',
  'ا'.repeat(300),
  [],
  [[[[[]]]]],
  {},
  { __proto__: { admin: true } },
  JSON.parse('{"__proto__":{"polluted":1},"constructor":{"prototype":{"x":1}}}'),
];

/** A body for `s`: valid, with one field at a boundary, or with one field (or the whole body) hostile. */
export function bodyOf(s: Schema, known: Known = {}): fc.Arbitrary<unknown> {
  const valid = validOf(s, known);
  const fields = Object.entries<Schema>(s.properties ?? {});
  if (fields.length === 0) return fc.oneof(valid, fc.constantFrom(...HOSTILE));
  const withField = (values: (f: Schema) => unknown[]) =>
    fc.tuple(valid, fc.constantFrom(...fields), fc.nat()).map(([b, [k, f], i]) => {
      const choices = values(f);
      return { ...(b as object), [k]: choices[i % Math.max(1, choices.length)] };
    });
  return fc.oneof(
    { arbitrary: valid, weight: 4 },
    { arbitrary: withField((f) => boundariesOf(f)), weight: 3 },
    { arbitrary: withField(() => HOSTILE), weight: 3 },
    { arbitrary: fc.constantFrom(...HOSTILE), weight: 1 },
    { arbitrary: fc.tuple(valid, fc.string({ minLength: 1, maxLength: 12 })).map(([b, k]) => ({ ...(b as object), [k]: 'unexpected' })), weight: 1 },
  );
}

/** A query-string value: valid, boundary or hostile (as text). */
export function queryValueOf(s: Schema): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: validOf(s).map(String), weight: 3 },
    { arbitrary: fc.constantFrom(...boundariesOf(s), ...HOSTILE.filter((h) => typeof h !== 'object')).map(String), weight: 2 },
  );
}

/** Path ids that are not ids. */
export const HOSTILE_IDS = ['x', 'apt_', '..', '%2e%2e', '%00', 'a'.repeat(300), "1' OR '1'='1", '%F0%9F%92%A9', 'svc_01KM544900QPQ7QK9A3311', '-1', '__proto__'];
