import type { Texts } from '../texts/it.js';
import { fmtPercent } from './common.js';

/** One week of the chart: its ISO label and its figures (a week without requests has none). */
export interface WeekRow {
  week: string;
  requested: number;
  filled: number;
  unfilled: number;
  fillRate: number | null;
}

const W = 720;
const H = 220;
const PAD = { left: 44, right: 8, top: 12, bottom: 40 };

/**
 * Fill rate by week as an SVG bar chart drawn on the server: `role="img"` with a title and a
 * description that says the figures in words; the same numbers are in the table beside it.
 */
export function FillRateChart(props: { rows: WeekRow[]; t: Texts }) {
  const p = props.t.coordinatorPages.dashboard;
  const rows = props.rows;
  if (rows.length === 0) return null;
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / rows.length;
  const bar = Math.max(2, Math.min(40, slot * 0.7));
  const y = (share: number) => PAD.top + plotH * (1 - share);
  const rated = rows.filter((r) => r.fillRate !== null);
  const worst = rated.reduce<WeekRow | null>((w, r) => (w === null || (r.fillRate ?? 1) < (w.fillRate ?? 1) ? r : w), null);
  const desc = worst ? p.chartDesc(rows.length, worst.week, fmtPercent(worst.fillRate, props.t)) : p.chartEmpty;
  const labelEvery = Math.ceil(rows.length / 12);
  return (
    <svg class="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="chart-title chart-desc" preserveAspectRatio="xMidYMid meet">
      <title id="chart-title">{p.weeksTitle}</title>
      <desc id="chart-desc">{desc}</desc>
      {[0, 0.25, 0.5, 0.75, 1].map((v) => (
        <g>
          <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} stroke="#c5c7c9" stroke-width="1" />
          <text x={PAD.left - 6} y={y(v) + 4} text-anchor="end" font-size="11" fill="#3d4955">
            {`${v * 100} %`}
          </text>
        </g>
      ))}
      {rows.map((r, i) => {
        const x = PAD.left + slot * i + (slot - bar) / 2;
        const share = r.fillRate;
        return (
          <g>
            {share === null ? (
              <text x={x + bar / 2} y={y(0) - 4} text-anchor="middle" font-size="11" fill="#3d4955">
                –
              </text>
            ) : (
              <rect x={x} y={y(share)} width={bar} height={Math.max(0, y(0) - y(share))} fill={share < 0.75 ? '#a61919' : '#0066cc'} />
            )}
            {i % labelEvery === 0 ? (
              <text x={x + bar / 2} y={H - PAD.bottom + 16} text-anchor="middle" font-size="10" fill="#3d4955">
                {r.week.replace(/^\d{4}-/, '')}
              </text>
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}
