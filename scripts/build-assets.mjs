// Copies the web interface's static files into dist/public/assets/<fingerprint>/ and writes
// dist/public/asset-manifest.json: pages link to the fingerprinted folder, so browsers may cache
// every file for a year and a new build is fetched at once. Node serves the folder (serveStatic);
// the Worker's Static Assets upload it (wrangler.toml [assets]).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const italia = join(dirname(require.resolve('bootstrap-italia/package.json')), 'dist');
const htmx = dirname(require.resolve('htmx.org/dist/htmx.min.js'));
const font = (weight) => join(italia, 'fonts', 'Titillium_Web', `titillium-web-v10-latin-ext_latin-${weight}.woff2`);

/** Every file served under the fingerprinted folder: name → source. */
const FILES = {
  'bootstrap-italia.min.css': join(italia, 'css', 'bootstrap-italia.min.css'),
  'app.css': join(root, 'web-assets', 'app.css'),
  'app.js': join(root, 'web-assets', 'app.js'),
  'htmx.min.js': join(htmx, 'htmx.min.js'),
  'sprites.svg': join(italia, 'svg', 'sprites.svg'),
  'fonts/titillium-web-400.woff2': font('regular'),
  'fonts/titillium-web-600.woff2': font('600'),
  'fonts/titillium-web-700.woff2': font('700'),
};

export function buildAssets(outDir = join(root, 'dist', 'public')) {
  const contents = Object.entries(FILES).map(([name, source]) => [name, readFileSync(source)]);
  const hash = createHash('sha256');
  for (const [name, body] of contents) hash.update(name).update(body);
  const fingerprint = hash.digest('hex').slice(0, 12);
  rmSync(join(outDir, 'assets'), { recursive: true, force: true });
  for (const [name, body] of contents) {
    const target = join(outDir, 'assets', fingerprint, name);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, body);
  }
  // Workers Static Assets read caching rules from _headers; Node sets the same header itself.
  writeFileSync(join(outDir, '_headers'), '/assets/*\n  Cache-Control: public, max-age=31536000, immutable\n');
  const manifest = { base: `/assets/${fingerprint}` };
  writeFileSync(join(outDir, 'asset-manifest.json'), `${JSON.stringify(manifest)}\n`);
  return { ...manifest, dir: outDir };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const built = buildAssets(process.argv[2]);
  console.log(`web assets in ${built.dir}${built.base}`);
}
