import { describe, expect, it } from 'vitest';
import { portOf } from '../../shared/domain/ports.ts';
import { pauseClock, resumeClock, reviewDeadline, type Lane } from '../../shared/domain/review-clock.ts';
import { HOUR_MS, toShanghaiIso } from '../../shared/domain/time.ts';

const at = (iso: string) => Date.parse(iso);
const port = (code: string) => portOf(code);

describe('review deadline', () => {
  // 2026-12-05 is a Saturday, 2026-12-06 a Sunday; JINGHONG is mon-sat and closed on 2027-01-01.
  const cases: { name: string; port: string; lane: Lane; submitted: string; due: string }[] = [
    { name: 'standard at a daily port', port: 'MOHAN', lane: 'standard', submitted: '2026-12-02T10:00:00+08:00', due: '2026-12-03T10:00:00+08:00' },
    { name: 'standard on a Sunday at a daily port', port: 'DALUO', lane: 'standard', submitted: '2026-12-06T15:00:00+08:00', due: '2026-12-07T15:00:00+08:00' },
    { name: 'standard on Saturday at a mon-sat port skips Sunday', port: 'JINGHONG', lane: 'standard', submitted: '2026-12-05T10:00:00+08:00', due: '2026-12-07T10:00:00+08:00' },
    { name: 'standard on Sunday at a mon-sat port starts Monday', port: 'JINGHONG', lane: 'standard', submitted: '2026-12-06T15:00:00+08:00', due: '2026-12-08T00:00:00+08:00' },
    { name: 'standard before a closed holiday skips it', port: 'GUANLEI', lane: 'standard', submitted: '2026-12-31T10:00:00+08:00', due: '2027-01-02T10:00:00+08:00' },
    { name: 'perishable late on Saturday at a mon-sat port', port: 'JINGHONG', lane: 'perishable', submitted: '2026-12-05T22:00:00+08:00', due: '2026-12-07T02:00:00+08:00' },
    { name: 'perishable at a daily port runs through Sunday', port: 'MOHAN', lane: 'perishable', submitted: '2026-12-06T22:00:00+08:00', due: '2026-12-07T02:00:00+08:00' },
    { name: 'medical across a Sunday at a mon-sat port', port: 'JINGHONG', lane: 'medical', submitted: '2026-12-05T23:00:00+08:00', due: '2026-12-06T01:00:00+08:00' },
    { name: 'medical on a closed holiday', port: 'JINGHONG', lane: 'medical', submitted: '2027-01-01T09:30:00+08:00', due: '2027-01-01T11:30:00+08:00' },
    { name: 'instants given in UTC are read in Asia/Shanghai', port: 'JINGHONG', lane: 'standard', submitted: '2026-12-05T02:00:00Z', due: '2026-12-07T10:00:00+08:00' },
  ];

  it.each(cases)('$name', ({ port: code, lane, submitted, due }) => {
    expect(toShanghaiIso(reviewDeadline(port(code), lane, at(submitted)))).toBe(due);
  });
});

describe('clock stopped while information is requested', () => {
  it('keeps the time that was left and skips closed days on resume', () => {
    const jinghong = port('JINGHONG');
    const deadline = reviewDeadline(jinghong, 'standard', at('2026-12-04T10:00:00+08:00'));
    expect(toShanghaiIso(deadline)).toBe('2026-12-05T10:00:00+08:00');

    const remaining = pauseClock(jinghong, 'standard', deadline, at('2026-12-04T16:00:00+08:00'));
    expect(remaining).toBe(18 * HOUR_MS);

    // Answered Saturday 20:00: 4 hours run on Saturday, Sunday is closed, 14 hours run on Monday.
    const resumed = resumeClock(jinghong, 'standard', remaining, at('2026-12-05T20:00:00+08:00'));
    expect(toShanghaiIso(resumed)).toBe('2026-12-07T14:00:00+08:00');
  });

  it('does not count closed days between pause and deadline as time left', () => {
    const jinghong = port('JINGHONG');
    const deadline = at('2026-12-07T10:00:00+08:00');
    expect(pauseClock(jinghong, 'standard', deadline, at('2026-12-05T20:00:00+08:00'))).toBe(14 * HOUR_MS);
  });

  it('resumes a medical clock at once, whatever the day', () => {
    const jinghong = port('JINGHONG');
    const deadline = reviewDeadline(jinghong, 'medical', at('2026-12-06T08:00:00+08:00'));
    const remaining = pauseClock(jinghong, 'medical', deadline, at('2026-12-06T09:30:00+08:00'));
    expect(remaining).toBe(0.5 * HOUR_MS);
    expect(toShanghaiIso(resumeClock(jinghong, 'medical', remaining, at('2026-12-06T18:00:00+08:00')))).toBe(
      '2026-12-06T18:30:00+08:00',
    );
  });

  it('leaves no time when paused after the deadline', () => {
    const mohan = port('MOHAN');
    expect(pauseClock(mohan, 'standard', at('2026-12-02T10:00:00+08:00'), at('2026-12-02T11:00:00+08:00'))).toBe(0);
  });
});
