/**
 * `npm run bench`: generates the Piedmont and Italy data sets, measures each budget and prints it
 * beside its limit. Not a test: a MISS never fails the run; a section that throws is reported, the
 * others still run, and the exit code is 1. `BENCH_ONLY=search,http,reports,workers,web` runs some
 * sections only (and generates only the data they need).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDataset, type Dataset, ITALY, PIEDMONT, type Scale } from './dataset.js';
import { benchBooking, children } from './http-load.js';
import { benchSearch } from './in-process.js';
import { benchReports } from './reports.js';
import { printTable, record } from './table.js';
import { benchWeb } from './web.js';
import { benchWorkers } from './workers.js';

const SECTIONS = ['search', 'http', 'reports', 'workers', 'web'] as const;
const only = (process.env.BENCH_ONLY ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const unknown = only.filter((s) => !(SECTIONS as readonly string[]).includes(s));
if (unknown.length > 0) {
  console.error(`BENCH_ONLY: unknown section ${unknown.join(', ')} (known: ${SECTIONS.join(', ')})`);
  process.exit(2);
}
const wanted = (section: (typeof SECTIONS)[number]) => only.length === 0 || only.includes(section);

const dir = mkdtempSync(join(tmpdir(), 'mediator-bench-'));
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});
process.on('SIGINT', () => process.exit(130));

const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
const failed: string[] = [];

/** Runs one section; its failure is printed and remembered, and the next section runs. */
async function section(name: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
    console.log(`${name} done [${elapsed()}]`);
  } catch (error) {
    failed.push(name);
    console.error(`${name} FAILED [${elapsed()}]:`, error);
  }
}

async function dataset(scale: Scale): Promise<Dataset> {
  const data = await buildDataset(scale, join(dir, `${scale.name}.sqlite`));
  const c = data.counts;
  console.log(
    `data ${scale.name} (${data.seconds.toFixed(1)} s): ${c.mediators} mediators, ${c.services} services; requests ${c.booked} booked, ` +
      `${c.unfilled} unfilled, ${c.cancelled} cancelled, ${c.open} open (${c.inYear} in the reports' year); ` +
      `${c.settlements} settlements, ${c.sheets} sheets of sessions not settled`,
  );
  return data;
}

console.log(`mediator-booking bench: ${cpus().length} cores, load average ${loadavg()[0]?.toFixed(2)}, Node ${process.version}`);
if (wanted('reports')) await section('Piedmont reports', async () => benchReports(await dataset(PIEDMONT), 5));
if (wanted('search') || wanted('http') || wanted('reports')) {
  let italy: Dataset | undefined;
  await section('Italy data', async () => void (italy = await dataset(ITALY)));
  if (italy) {
    const data = italy;
    if (wanted('search')) await section('Italy search', () => benchSearch(data));
    if (wanted('reports')) await section('Italy reports', () => benchReports(data, 3));
    if (wanted('http')) await section('Italy booking over HTTP', () => benchBooking(data, dir));
  }
}
if (wanted('workers')) await section('Workers', benchWorkers);
if (wanted('web')) await section('Web pages (demo)', () => benchWeb(dir));

record({ budget: 'load average at the end (1 min)', scale: '-', measured: loadavg()[0] ?? 0, unit: '' });
printTable();
console.log(`\ntotal ${elapsed()}${failed.length > 0 ? `; FAILED: ${failed.join(', ')}` : ''}`);
process.exitCode = failed.length > 0 ? 1 : 0;
