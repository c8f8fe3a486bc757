/**
 * The layers, checked on the source text (STYLE.md: routes call operations, operations call repositories):
 * - src/domain/ imports only src/domain/, luxon and zod, and reads no clock or environment;
 * - src/http/ imports nothing from db/ (types included) and calls no repository;
 * - src/operations/ imports nothing from src/http/, and its modules import each other without cycles.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DOMAIN_PACKAGES = new Set(['luxon', 'zod']);

interface SourceFile {
  /** Relative to the repository root, with forward slashes. */
  path: string;
  text: string;
}

function parse(file: SourceFile): ts.SourceFile {
  return ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

/** The source with every comment blanked (TypeScript's own parser finds them), so commented-out code counts for nothing. */
function withoutComments(source: ts.SourceFile): string {
  const chars = source.text.split('');
  const starts = new Set<number>();
  const visit = (node: ts.Node) => {
    const at = node.getFullStart();
    if (!starts.has(at)) {
      starts.add(at);
      for (const range of [...(ts.getTrailingCommentRanges(source.text, at) ?? []), ...(ts.getLeadingCommentRanges(source.text, at) ?? [])]) {
        for (let i = range.pos; i < range.end; i++) if (chars[i] !== '\n') chars[i] = ' ';
      }
    }
    for (const child of node.getChildren(source)) {
      if (child.kind < ts.SyntaxKind.FirstJSDocNode || child.kind > ts.SyntaxKind.LastJSDocNode) visit(child);
    }
  };
  visit(source);
  return chars.join('');
}

/** Every module specifier the source imports or re-exports: declarations (type-only too), import() calls and import("…") types. */
function importsOf(source: ts.SourceFile): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteralLike(node.arguments[0])) {
      found.push(node.arguments[0].text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push(node.argument.literal.text);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      found.push(node.moduleReference.expression.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** A relative specifier as a path from the repository root (.js → .ts); a package name as it is. */
function modulePath(from: string, specifier: string): string {
  if (!specifier.startsWith('.')) return specifier;
  return posix.normalize(posix.join(posix.dirname(from), specifier)).replace(/\.js$/, '.ts');
}

/** What a file does against its layer's rules, one message each. */
function layerViolations(file: SourceFile): string[] {
  const source = parse(file);
  const code = withoutComments(source);
  const found: string[] = [];
  const inDomain = file.path.startsWith('src/domain/');
  const inHttp = file.path.startsWith('src/http/');
  const inOperations = file.path.startsWith('src/operations/');
  for (const specifier of importsOf(source)) {
    const target = modulePath(file.path, specifier);
    if (inDomain && !target.startsWith('src/domain/') && !DOMAIN_PACKAGES.has(specifier)) {
      found.push(`${file.path} imports ${specifier}: src/domain/ may import only src/domain/, luxon and zod`);
    }
    if (inHttp && target.startsWith('db/')) found.push(`${file.path} imports ${specifier}: src/http/ reaches storage only through src/operations/`);
    if (inOperations && target.startsWith('src/http/')) found.push(`${file.path} imports ${specifier}: src/operations/ must not depend on src/http/`);
  }
  if (inDomain) {
    for (const [pattern, what] of [
      [/\bprocess\s*\.\s*\w+/, 'reads process'],
      [/\bDate\s*\.\s*now\s*\(/, 'reads the clock (Date.now)'],
      [/\bDateTime\s*\.\s*now\s*\(/, 'reads the clock (DateTime.now)'],
      [/\bnew\s+Date\s*\(\s*\)/, 'reads the clock (new Date())'],
    ] as const) {
      if (pattern.test(code)) found.push(`${file.path} ${what}: the domain is given the time and its settings`);
    }
  }
  if (inHttp) {
    const calls = /(?:[\w$]+\s*\??\.\s*)*\brepos\s*\??\.\s*[\w$]+(?:\s*\??\.\s*[\w$]+)?|\bget\(\s*['"]repos['"]\s*\)\s*\??\.\s*[\w$]+(?:\s*\??\.\s*[\w$]+)?/g;
    for (const call of new Set([...code.matchAll(calls)].map((m) => m[0].replace(/\s+/g, '')))) found.push(`${file.path} calls a repository: ${call}`);
  }
  return found;
}

/**
 * Import cycles of a module graph, found by a depth-first search: at least one for every group of
 * modules that import each other, each written from its first module in sorted order back to it.
 */
function importCycles(graph: Map<string, string[]>): string[] {
  const cycles = new Set<string>();
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (node: string) => {
    path.push(node);
    for (const next of [...(graph.get(node) ?? [])].sort()) {
      const at = path.indexOf(next);
      if (at >= 0) {
        const loop = path.slice(at);
        const first = loop.indexOf([...loop].sort()[0] as string);
        const rotated = [...loop.slice(first), ...loop.slice(0, first)];
        cycles.add(`import cycle: ${[...rotated, rotated[0]].join(' → ')}`);
      } else if (!done.has(next)) visit(next);
    }
    path.pop();
    done.add(node);
  };
  for (const node of [...graph.keys()].sort()) if (!done.has(node)) visit(node);
  return [...cycles];
}

function sourceFiles(dir: string): SourceFile[] {
  return (readdirSync(`${ROOT}${dir}`, { recursive: true }) as string[])
    .filter((name) => name.endsWith('.ts'))
    .map((name) => `${dir}/${name.split('\\').join('/')}`)
    .sort()
    .map((path) => ({ path, text: readFileSync(`${ROOT}${path}`, 'utf8') }));
}

function operationsGraph(files: SourceFile[]): Map<string, string[]> {
  const modules = new Set(files.map((f) => f.path));
  return new Map(
    files.map((f) => [f.path, importsOf(parse(f)).map((s) => modulePath(f.path, s)).filter((target) => modules.has(target))]),
  );
}

describe('the layer scanner (so that a passing check means something)', () => {
  it('finds static, multi-line, type, re-exported, side-effect and dynamic imports, and none in comments', () => {
    const source = parse({
      path: 'src/example.ts',
      text: `import { a } from './a.js';
import {
  b,
  c,
} from '../../db/b.js';
import type { T } from 'hono';
export { x } from './x.js';
export * from "./y.js";
import './side-effect.js';
const url = 'https://example.it/x'; import { z } from 'zod';
const slashes = /^https?:\\/\\//; import { DateTime } from 'luxon';
const m = await import('node:fs');
type Row = import('../../db/schema.js').Row;
// import { gone } from 'commented-out';
/* import { also } from 'block-comment'; */
const text = \`// \${'not a comment'} /* either */\`; // ctx.repos.trailing()
`,
    });
    expect(importsOf(source).sort()).toEqual(['../../db/b.js', '../../db/schema.js', './a.js', './side-effect.js', './x.js', './y.js', 'hono', 'luxon', 'node:fs', 'zod']);
    const code = withoutComments(source);
    expect(code).toContain("'https://example.it/x'");
    expect(code).toContain("\`// \${'not a comment'} /* either */\`;");
    expect(code).not.toMatch(/gone|also|trailing/);
    expect(code.split('\n')).toHaveLength(source.text.split('\n').length);
  });

  it('reports a domain module reaching outside the domain, the environment or the clock', () => {
    const violations = layerViolations({
      path: 'src/domain/example.ts',
      text: `import { DateTime } from 'luxon';
import { z } from 'zod';
import { minutes } from './intervals.js';
import { Hono } from 'hono';
import { eq } from 'drizzle-orm';
import { readFileSync } from 'node:fs';
import type { ServiceRow } from '../../db/repositories/services.js';
import { router } from '../http/env.js';
const zone = process.env.TZ;
const slashes = /\\/\\//; const now = Date.now();
// DateTime.now() in a comment is fine
`,
    });
    expect(violations).toEqual([
      'src/domain/example.ts imports hono: src/domain/ may import only src/domain/, luxon and zod',
      'src/domain/example.ts imports drizzle-orm: src/domain/ may import only src/domain/, luxon and zod',
      'src/domain/example.ts imports node:fs: src/domain/ may import only src/domain/, luxon and zod',
      'src/domain/example.ts imports ../../db/repositories/services.js: src/domain/ may import only src/domain/, luxon and zod',
      'src/domain/example.ts imports ../http/env.js: src/domain/ may import only src/domain/, luxon and zod',
      'src/domain/example.ts reads process: the domain is given the time and its settings',
      'src/domain/example.ts reads the clock (Date.now): the domain is given the time and its settings',
    ]);
  });

  it('reports a route importing storage (types too) or calling a repository', () => {
    const violations = layerViolations({
      path: 'src/http/routes/example.ts',
      text: `import type { Repositories } from '../../../db/repositories/index.js';
import { listServices } from '../../operations/services.js';
const page = await ctx.repos.services.list({ limit: 1 });
const user = await c.get('repos').users.byTokenHash(hash);
// ctx.repos.areas.codes() in a comment is fine
type Lookup = Ctx['repos']['services'];
`,
    });
    expect(violations).toEqual([
      'src/http/routes/example.ts imports ../../../db/repositories/index.js: src/http/ reaches storage only through src/operations/',
      'src/http/routes/example.ts calls a repository: ctx.repos.services.list',
      "src/http/routes/example.ts calls a repository: get('repos').users.byTokenHash",
    ]);
  });

  it('reports an operation importing from the HTTP layer, and nothing for a clean one', () => {
    expect(layerViolations({ path: 'src/operations/example.ts', text: "import type { UserCreate } from '../http/schemas/roster.js';\n" })).toEqual([
      'src/operations/example.ts imports ../http/schemas/roster.js: src/operations/ must not depend on src/http/',
    ]);
    expect(layerViolations({ path: 'src/operations/example.ts', text: "import type { Ctx } from '../deps.js';\nimport { x } from '../../db/repositories/x.js';\n" })).toEqual([]);
  });

  it('finds every cycle of a module graph, and none in a tree', () => {
    const graph = new Map([
      ['c.ts', ['a.ts']],
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts', 'd.ts']],
      ['d.ts', []],
      ['e.ts', ['e.ts', 'a.ts']],
    ]);
    expect(importCycles(graph).sort()).toEqual(['import cycle: a.ts → b.ts → c.ts → a.ts', 'import cycle: e.ts → e.ts']);
    expect(importCycles(new Map([['a.ts', ['b.ts', 'c.ts']], ['b.ts', ['c.ts']], ['c.ts', []]]))).toEqual([]);
  });
});

describe('the layers', () => {
  const domain = sourceFiles('src/domain');
  const http = sourceFiles('src/http');
  const operations = sourceFiles('src/operations');
  const violations = [...domain, ...http, ...operations].flatMap(layerViolations);
  const cycles = importCycles(operationsGraph(operations));

  it('reads the source tree it checks', () => {
    expect(domain.map((f) => f.path)).toContain('src/domain/availability.ts');
    expect(http.map((f) => f.path)).toContain('src/http/routes/services.ts');
    expect(operationsGraph(operations).get('src/operations/offers.ts')).toContain('src/operations/booking.ts');
  });

  it('keeps src/domain pure, src/http off storage and src/operations off HTTP', () => {
    expect(violations).toEqual([]);
  });

  it('has no import cycle among src/operations', () => {
    expect(cycles).toEqual([]);
  });
});
