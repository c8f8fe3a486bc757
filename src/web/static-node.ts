import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';
import { compress } from 'hono/compress';

/**
 * dist/public at the project root, whether running from src/ (tsx) or from dist/src/ (the build): the
 * nearest folder up from this module that holds dist/public (tsc copies package.json into dist/, so
 * that file cannot mark the root), else the working directory's.
 */
function publicDir(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const candidate = join(dir, 'dist', 'public');
    if (existsSync(join(candidate, 'asset-manifest.json'))) return candidate;
    if (dirname(dir) === dir) return join(process.cwd(), 'dist', 'public');
  }
}

/** The fingerprinted asset folder the build wrote (npm install runs the build), or undefined before any build. */
export function builtAssetBase(): string | undefined {
  const manifest = join(publicDir(), 'asset-manifest.json');
  if (!existsSync(manifest)) return undefined;
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { base: string }).base;
}

/**
 * Serves /assets/* from dist/public on Node. The names are fingerprinted, so every file may be cached
 * for a year; a new build changes the folder's name.
 */
export function serveAssets(app: Hono<any>): void {
  const root = relative(process.cwd(), publicDir()) || '.';
  app.use('/assets/*', compress());
  app.use(
    '/assets/*',
    serveStatic({
      root,
      precompressed: false,
      onFound: (_path, c) => {
        c.header('Cache-Control', 'public, max-age=31536000, immutable');
      },
    }),
  );
}
