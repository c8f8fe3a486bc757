import { openNodeDatabase } from '../db/sqlite-node.js';
import { createRepositories } from '../db/repositories/index.js';

import { matchAppointment, DEFAULT_MATCH_OPTIONS } from '../src/domain/matching.js';
import { weekContaining } from '../src/domain/availability.js';
import { matchRequestOf } from '../src/operations/matching.js';
const db = openNodeDatabase('/tmp/italy2.db');
const repos = createRepositories(db);
const ids = db.sqlite.prepare("select id from appointments where status='open' limit 300").pluck().all() as string[];
const everyone = process.argv[2] === 'true';
const reqs = [];
for (const id of ids) reqs.push(matchRequestOf((await repos.appointments.get(id))!));
for (const pass of [0, 1, 2]) {
  let load = 0, match = 0;
  for (const req of reqs) {
    const week = weekContaining(req.start, 'Europe/Rome');
    let t = performance.now();
    const input = await repos.matchingInput.load(req, { zone: 'Europe/Rome', week, everyone });
    load += performance.now() - t; t = performance.now();
    matchAppointment(req, input.roster, input.ctx, DEFAULT_MATCH_OPTIONS);
    match += performance.now() - t;
  }
  console.log(everyone, 'load', (load / reqs.length).toFixed(2), 'match', (match / reqs.length).toFixed(2));
}
