import { describe, expect, it } from 'vitest';
import { portOf } from '../../shared/domain/ports.ts';
import { summariseQueue } from '../../shared/domain/sla.ts';

const now = Date.parse('2026-12-07T12:00:00+08:00'); // a Monday
const open = (lane: 'medical' | 'perishable' | 'standard', submittedAt: string, reviewDeadline: string) => ({ lane, submittedAt, reviewDeadline });

describe('SLA summary per port and lane', () => {
  it('counts open, at-risk and breached applications and the oldest and tightest', () => {
    const summary = summariseQueue(portOf('MOHAN'), [
      open('standard', '2026-12-06T11:00:00+08:00', '2026-12-07T11:00:00+08:00'), // breached an hour ago
      open('standard', '2026-12-06T17:00:00+08:00', '2026-12-07T17:00:00+08:00'), // 5 h left of 24: at risk
      open('standard', '2026-12-07T10:00:00+08:00', '2026-12-08T10:00:00+08:00'), // 22 h left
      open('medical', '2026-12-07T11:00:00+08:00', '2026-12-07T13:00:00+08:00'), // 60 min left of 120: fine
      open('medical', '2026-12-07T10:20:00+08:00', '2026-12-07T12:20:00+08:00'), // 20 min left: at risk
    ], now);
    expect(summary).toEqual([
      { port: 'MOHAN', lane: 'medical', openApplications: 2, atRisk: 1, breached: 0, oldestOpenAgeMinutes: 100, clockMinutesLeftMin: 20 },
      { port: 'MOHAN', lane: 'perishable', openApplications: 0, atRisk: 0, breached: 0, oldestOpenAgeMinutes: 0, clockMinutesLeftMin: 240 },
      { port: 'MOHAN', lane: 'standard', openApplications: 3, atRisk: 1, breached: 1, oldestOpenAgeMinutes: 25 * 60, clockMinutesLeftMin: -60 },
    ]);
  });

  it('counts only open-day time as left at a mon-sat port', () => {
    const saturdayNoon = Date.parse('2026-12-05T12:00:00+08:00');
    // Due Monday 02:00: 12 h on Saturday + 2 h on Monday = 14 h left, not 38 h; not at risk (> 6 h).
    const [, , standard] = summariseQueue(portOf('JINGHONG'), [open('standard', '2026-12-04T02:00:00+08:00', '2026-12-07T02:00:00+08:00')], saturdayNoon);
    expect(standard).toMatchObject({ atRisk: 0, breached: 0, clockMinutesLeftMin: 14 * 60 });
  });
});
