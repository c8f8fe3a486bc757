/**
 * The coordinators' year-long reports through the app in-process. The first run is on a freshly
 * opened app (nothing read yet, as after a restart or on a new Workers isolate) and counts in the max.
 */
import { COORDINATOR_TOKEN, type Dataset, YEAR } from './dataset.js';
import { openApp } from './in-process.js';
import { percentile, record } from './table.js';

const REPORTS = {
  coverage: `/v1/reports/coverage?from=${YEAR.from}&to=${YEAR.to}&groupBy=language,area`,
  timesheets: `/v1/reports/timesheets?from=${YEAR.from}&to=${YEAR.to}`,
};

export async function benchReports(data: Dataset, runs: number): Promise<void> {
  const limit = data.scale.name === 'Italy' ? 2000 : 300;
  const app = await openApp(data.file);
  try {
    const times: Record<string, number[]> = { coverage: [], timesheets: [] };
    const sizes: string[] = [];
    for (let i = 0; i < runs; i++) {
      for (const [name, path] of Object.entries(REPORTS)) {
        const { ms, body } = await app.get(path, COORDINATOR_TOKEN);
        times[name]?.push(ms);
        if (i === 0) sizes.push(`${name} ${(body.rows as unknown[]).length} rows`);
      }
    }
    for (const [name, t] of Object.entries(times)) {
      const scale = data.scale.name;
      record({ budget: `${name} report, one year, max`, scale, measured: Math.max(...t), unit: 'ms', limit });
      const text = `${percentile(t, 50).toFixed(0)} / ${t[0]?.toFixed(0)} ms`;
      record({ budget: '  p50 / first (cold) run', scale, measured: 0, unit: 'ms', text });
    }
    console.log(`  reports (${data.scale.name}): ${runs} runs each; ${sizes.join(', ')}`);
  } finally {
    app.close();
  }
}
