import { ITALY, type Dataset } from './dataset.js';
import { openApp } from './in-process.js';
import { buildDataset } from './dataset.js';
const data: Dataset = await buildDataset(ITALY, '/tmp/italy2.db');
const app = await openApp('/tmp/italy2.db');
const path = (id: string, explain: boolean) => `/v1/appointments/${id}/candidates?explain=${explain}`;
for (const explain of [false, true]) {
  const t: number[] = [];
  for (const o of data.open) t.push((await app.get(path(o.id, explain), o.token)).ms);
  t.sort((a, b) => a - b);
  console.log('explain', explain, 'p50', t[t.length >> 1]?.toFixed(2), 'p99', t[Math.floor(t.length * 0.99)]?.toFixed(2));
}
