/** The figures the bench prints: each budget beside its limit, and context lines that are not targets. */

export interface Row {
  budget: string;
  scale: string;
  measured: number;
  unit: string;
  /** Printed instead of `measured` (context lines with more than one figure). */
  text?: string;
  /** Omitted for context lines (baselines, details): no PASS/MISS. */
  limit?: number;
  /** Budgets are upper limits unless `atLeast` (throughput). */
  atLeast?: boolean;
}

const rows: Row[] = [];
export const record = (row: Row) => rows.push(row);

/** The nearest-rank percentile of `values` (p in 0–100). */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

function format(n: number, unit: string): string {
  const digits = n >= 100 || Number.isInteger(n) ? Math.round(n).toLocaleString('en') : n.toFixed(n >= 10 ? 1 : 2);
  return `${digits} ${unit}`.trim();
}

function cells(r: Row): string[] {
  if (r.limit === undefined) return [r.budget, r.scale, r.text ?? format(r.measured, r.unit), '', ''];
  const pass = r.atLeast ? r.measured >= r.limit : r.measured <= r.limit;
  return [r.budget, r.scale, r.text ?? format(r.measured, r.unit), `${r.atLeast ? '≥' : '≤'} ${format(r.limit, r.unit)}`, pass ? 'PASS' : 'MISS'];
}

/** A fixed-width table: budget, scale, measured, limit, PASS/MISS (context lines have neither of the last two). */
export function printTable(): void {
  const table = [['budget', 'scale', 'measured', 'limit', ''], ...rows.map(cells)];
  const widths = [0, 1, 2, 3, 4].map((i) => Math.max(...table.map((c) => (c[i] ?? '').length)));
  const line = (c: string[]) => c.map((x, i) => (i === 2 || i === 3 ? x.padStart(widths[i] ?? 0) : x.padEnd(widths[i] ?? 0))).join('  ');
  console.log(`\n${line(table[0] as string[]).trimEnd()}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const c of table.slice(1)) console.log(line(c).trimEnd());
}
