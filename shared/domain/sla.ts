/**
 * The one-day promise in numbers: per port and lane, how many applications wait, how many are at risk
 * (within 25% of the lane's clock of their deadline) or breached, and the oldest and tightest of them.
 */
import type { ApplicationRecord } from './application.ts';
import type { Port } from './ports.ts';
import { clockTimeBetween, laneClockMs, lanes, type Lane } from './review-clock.ts';
import { MINUTE_MS } from './time.ts';

export const AT_RISK_FRACTION = 0.25;

export interface LaneSla {
  port: string;
  lane: Lane;
  openApplications: number;
  atRisk: number;
  breached: number;
  oldestOpenAgeMinutes: number;
  /** Review minutes left on the tightest application; negative once its deadline has passed. */
  clockMinutesLeftMin: number;
}

export function summariseQueue(
  port: Port,
  records: Pick<ApplicationRecord, 'lane' | 'submittedAt' | 'reviewDeadline'>[],
  nowMs: number,
): LaneSla[] {
  return lanes.map((lane) => {
    const inLane = records.filter((record) => record.lane === lane);
    let atRisk = 0;
    let breached = 0;
    let oldestAgeMs = 0;
    let tightestMs = Number.POSITIVE_INFINITY;
    for (const record of inLane) {
      const deadlineMs = Date.parse(record.reviewDeadline);
      const leftMs = deadlineMs <= nowMs ? deadlineMs - nowMs : clockTimeBetween(port, lane, nowMs, deadlineMs);
      if (leftMs <= 0) breached++;
      else if (leftMs <= laneClockMs[lane] * AT_RISK_FRACTION) atRisk++;
      oldestAgeMs = Math.max(oldestAgeMs, nowMs - Date.parse(record.submittedAt));
      tightestMs = Math.min(tightestMs, leftMs);
    }
    return {
      port: port.code,
      lane,
      openApplications: inLane.length,
      atRisk,
      breached,
      oldestOpenAgeMinutes: Math.round(oldestAgeMs / MINUTE_MS),
      // An empty lane reports its full clock, so "minimum left" alarms stay quiet.
      clockMinutesLeftMin: Math.round((inLane.length === 0 ? laneClockMs[lane] : tightestMs) / MINUTE_MS),
    };
  });
}
