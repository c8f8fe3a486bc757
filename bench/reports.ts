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
    // The coordinator's dashboard for the same year, rendered: two groupings of the coverage report, budgets and the page.
    const page = await app.webSession();
    const dashboard: number[] = [];
    let bytes = 0;
    for (let i = 0; i < runs; i++) {
      const { ms, bytes: b } = await page(`/app?from=${YEAR.from}&to=${YEAR.to}`);
      dashboard.push(ms);
      bytes = b;
    }
    times.dashboard = dashboard;
    // The dashboard as a coordinator opens it (the last 30 days, the default), against UI.md's page budget.
    const month: number[] = [];
    for (let i = 0; i < 20; i++) month.push((await page('/app')).ms);
    record({ budget: 'dashboard, last 30 days (default), p95', scale: data.scale.name, measured: percentile(month, 95), unit: 'ms', limit: 50 });
    sizes.push(`dashboard ${(bytes / 1024).toFixed(0)} KB of HTML`);
    for (const [name, t] of Object.entries(times)) {
      const scale = data.scale.name;
      const budget = name === 'dashboard' ? 'coordinator dashboard page, one year, max' : `${name} report, one year, max`;
      const pageLimit = data.scale.name === 'Italy' ? 2500 : 300;
      record({ budget, scale, measured: Math.max(...t), unit: 'ms', limit: name === 'dashboard' ? pageLimit : limit });
      const text = `${percentile(t, 50).toFixed(0)} / ${t[0]?.toFixed(0)} ms`;
      record({ budget: '  p50 / first (cold) run', scale, measured: 0, unit: 'ms', text });
    }
    console.log(`  reports (${data.scale.name}): ${runs} runs each; ${sizes.join(', ')}`);
  } finally {
    app.close();
  }
}
