import { describe, expect, it } from 'vitest';
import type { DemandRecord } from '../../src/domain/coverage.js';
import { supplyDemandByWeek } from '../../src/domain/supply-demand.js';
import type { SupplyMediator } from '../../src/domain/supply.js';

const ZONE = 'Europe/Rome';
const at = (iso: string) => Date.parse(iso);

function request(start: string, over: Partial<DemandRecord> = {}): DemandRecord {
  return { language: 'ar-MA', area: 'TO', serviceId: 'svc_1', sector: 'health', start: at(start), durationMinutes: 60, status: 'booked', createdAt: 0, bookedAt: 1, fallbackStep: null, retroactive: false, unfilledReason: null, ...over };
}

const amina: SupplyMediator = { id: 'med_1', languages: ['ar'], areas: ['TO', 'AT'], sectors: [], availability: [{ weekday: 1, start: '09:00', end: '13:00' }], timeOff: [] };
const elsewhere: SupplyMediator = { ...amina, id: 'med_2', areas: ['CN'] };
const otherLanguage: SupplyMediator = { ...amina, id: 'med_3', languages: ['ti'] };

describe('supply against demand by week', () => {
  it('counts the requests of the language (any variety) and area per ISO week, beside the matching mediators’ hours', () => {
    const weeks = supplyDemandByWeek({
      from: at('2026-11-02T00:00:00+01:00'),
      to: at('2026-11-16T00:00:00+01:00'),
      zone: ZONE,
      language: 'ar',
      area: 'TO',
      demand: [
        request('2026-11-02T10:00:00+01:00'),
        request('2026-11-03T10:00:00+01:00', { status: 'unfilled', durationMinutes: 90 }),
        request('2026-11-04T10:00:00+01:00', { status: 'cancelled' }),
        request('2026-11-05T10:00:00+01:00', { area: 'AT' }),
        request('2026-11-10T10:00:00+01:00', { language: 'ti' }),
      ],
      mediators: [amina, elsewhere, otherLanguage],
    });
    expect(weeks.map((w) => [w.week, w.requested, w.demandMinutes, w.bookedMinutes, w.supplyMinutes, w.mediators])).toEqual([
      ['2026-W45', 2, 150, 60, 240, 1],
      ['2026-W46', 0, 0, 0, 240, 1],
    ]);
  });

  it('cuts the first and last week at the period', () => {
    const weeks = supplyDemandByWeek({ from: at('2026-11-03T00:00:00+01:00'), to: at('2026-11-10T00:00:00+01:00'), zone: ZONE, language: 'ar', area: 'TO', demand: [], mediators: [amina] });
    expect(weeks.map((w) => [w.week, w.supplyMinutes])).toEqual([
      ['2026-W45', 0],
      ['2026-W46', 240],
    ]);
  });
});
