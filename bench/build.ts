import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** How the HTTP server process runs: compiled JS like `npm start`, or TypeScript through tsx. */
export interface ServerBuild {
  /** The script to fork. */
  entry: string;
  execArgv: string[];
  description: string;
}

/**
 * The Node options `npm start` runs the service with (package.json's start script: the V8 heap
 * settings), so that the server under load runs with the same ones.
 */
function startOptions(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts?: { start?: string } };
  const flags = /\bnode((?:\s+--[\w-]+(?:=\S+)?)*)\s+dist\/src\/node\.js/.exec(pkg.scripts?.start ?? '')?.[1] ?? '';
  return flags.split(/\s+/).filter(Boolean);
}

/**
 * Compiles src/, db/, emails/ and the bench's server host with tsc into `dir` (a layout like the
 * repository's dist/, with db/migrations beside it and node_modules linked), so the server under
 * load runs as `npm start` runs it: no tsx loader thread, no esbuild, no in-memory source maps
 * (≈ 45 MB of RSS). Type errors elsewhere in the tree do not stop it (tsc still emits); if nothing
 * was emitted the server falls back to tsx, and the report says so.
 */
export async function buildServer(dir: string): Promise<ServerBuild> {
  const out = join(dir, 'dist');
  mkdirSync(join(dir, 'db'), { recursive: true });
  cpSync(join(ROOT, 'db', 'migrations'), join(dir, 'db', 'migrations'), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      extends: join(ROOT, 'tsconfig.json'),
      compilerOptions: { noEmit: false, outDir: out, rootDir: ROOT, sourceMap: false, incremental: false },
      include: ['src', 'db', 'emails'].map((d) => join(ROOT, d)).concat(['server-host.ts', 'host-protocol.ts'].map((f) => join(ROOT, 'bench', f))),
      exclude: [join(ROOT, '**/*.test.ts')],
    }),
  );
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const errors = await new Promise<string>((resolve) => {
    execFile(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], { maxBuffer: 16 * 1024 * 1024 }, (error, stdout) =>
      resolve(error ? stdout.split('\n').filter((l) => l.includes('error TS')).length.toString() : ''),
    );
  });
  const entry = join(out, 'bench', 'server-host.js');
  if (existsSync(entry)) {
    const note = errors ? ` (tsc reported ${errors} type errors elsewhere; emitted anyway)` : '';
    const options = startOptions();
    const how = options.length > 0 ? `node ${options.join(' ')}` : 'plain node';
    return { entry, execArgv: options, description: `compiled with tsc, run with ${how} like npm start${note}` };
  }
  return {
    entry: join(ROOT, 'bench', 'server-host.ts'),
    execArgv: ['--import', 'tsx'],
    description: 'TypeScript through tsx (the tsc build produced nothing): RSS includes ≈ 45 MB of tsx loader',
  };
}
