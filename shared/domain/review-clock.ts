/**
 * The review clock: how long a clerk has to decide, per lane, counted only on the port's open days.
 * `medical` runs every hour of every day; `perishable` and `standard` stop on days the window is closed.
 */
import type { Port } from './ports.ts';
import type { ApplicationKind } from './schemas.ts';
import { DAY_MS, HOUR_MS, shanghaiDate, startOfShanghaiDay, weekday } from './time.ts';

export const lanes = ['medical', 'perishable', 'standard'] as const;

export const applicationKinds = ['border-tourism', 'cargo-transit'] as const satisfies readonly ApplicationKind[];

/** The lanes an application of each kind can be in: a rule naming another lane could never match. */
export const lanesOfKind: Record<ApplicationKind, readonly Lane[]> = {
  'border-tourism': ['standard', 'medical'],
  'cargo-transit': ['standard', 'perishable'],
};
export type Lane = (typeof lanes)[number];

export const laneClockMs: Record<Lane, number> = {
  medical: 2 * HOUR_MS,
  perishable: 4 * HOUR_MS,
  standard: 24 * HOUR_MS,
};

/** Queue order: the most urgent lane first. */
export const laneRank: Record<Lane, number> = { medical: 1, perishable: 2, standard: 3 };

/** A port whose window never opens would make the clock spin forever; a year without an open day is a misconfiguration. */
const MAX_DAYS_SEARCHED = 366;

export function isOpenDay(port: Port, date: string): boolean {
  if (port.calendar === 'daily') return true;
  return weekday(date) !== 0 && !port.closedDates.includes(date);
}

function clockRunsOn(port: Port, lane: Lane, date: string): boolean {
  return lane === 'medical' || isOpenDay(port, date);
}

/** The instant at which `clockMs` of review time, counted from `startMs`, has run out. */
export function addClockTime(port: Port, lane: Lane, startMs: number, clockMs: number): number {
  let cursor = startMs;
  let left = Math.max(0, clockMs);
  for (let day = 0; day <= MAX_DAYS_SEARCHED; day++) {
    const dayEnd = startOfShanghaiDay(cursor) + DAY_MS;
    if (clockRunsOn(port, lane, shanghaiDate(cursor))) {
      if (left <= dayEnd - cursor) return cursor + left;
      left -= dayEnd - cursor;
    }
    cursor = dayEnd;
  }
  throw new Error(`Port ${port.code} has no open day within a year`);
}

/** Review time that runs between two instants (0 when `toMs` is not after `fromMs`). */
export function clockTimeBetween(port: Port, lane: Lane, fromMs: number, toMs: number): number {
  let total = 0;
  let cursor = fromMs;
  while (cursor < toMs) {
    const dayEnd = Math.min(startOfShanghaiDay(cursor) + DAY_MS, toMs);
    if (clockRunsOn(port, lane, shanghaiDate(cursor))) total += dayEnd - cursor;
    cursor = dayEnd;
  }
  return total;
}

/** The deadline of a freshly submitted application. */
export function reviewDeadline(port: Port, lane: Lane, submittedAtMs: number): number {
  return addClockTime(port, lane, submittedAtMs, laneClockMs[lane]);
}

/** Stopping the clock (request for information): the review time left at `nowMs`. */
export function pauseClock(port: Port, lane: Lane, deadlineMs: number, nowMs: number): number {
  return clockTimeBetween(port, lane, nowMs, deadlineMs);
}

/** Restarting the clock (the applicant answered): the new deadline with the time that was left. */
export function resumeClock(port: Port, lane: Lane, remainingMs: number, nowMs: number): number {
  return addClockTime(port, lane, nowMs, remainingMs);
}
