/**
 * The alarm rules of infra/constructs/operations.ts, evaluated locally every minute against what the
 * local stack can observe, so operations can rehearse an alarm without AWS. Each OK/ALARM transition is
 * printed on one line; the current states are served at GET /_local/alarms.
 *
 * Local stand-ins: the intake queue's oldest message age is read as the oldest application still
 * `SUBMITTED`; functions are never throttled in one process, so throttle alarms stay OK.
 */
import { alarmThresholds } from '../../shared/deployment/alarm-thresholds.ts';
import { ports } from '../../shared/domain/ports.ts';
import type { FunctionName } from '../../shared/deployment/routes.ts';
import type { LaneSla } from '../../shared/domain/sla.ts';
import { MINUTE_MS } from '../../shared/domain/time.ts';

export type AlarmState = 'OK' | 'ALARM';

export interface LocalAlarm {
  name: string;
  state: AlarmState;
  reason: string;
  since: string;
}

export interface RehearsalSources {
  /** Runs the SLA monitor as the schedule would and returns what it published. */
  runSlaMonitor: () => Promise<LaneSla[]>;
  oldestUnscreenedSubmittedAt: () => Promise<string | undefined>;
  deadLetterMessages: () => Promise<number>;
  /** Messages in the notification DLQ. */
  notificationDeadLetterMessages: () => Promise<number>;
  /** Errors per function since the last call. */
  takeFunctionErrors: () => Map<FunctionName, number>;
  /** API requests and 5xx answers since the last call. */
  takeApiCounts: () => { requests: number; serverErrors: number };
  functionNames: FunctionName[];
  now?: () => number;
  print: (line: string) => void;
}

interface Verdict {
  name: string;
  breaching: boolean;
  reason: string;
}

export class AlarmRehearsal {
  private readonly alarms = new Map<string, LocalAlarm>();
  private lastMonitorReport: number | undefined;
  private readonly startedAt: number;

  constructor(private readonly sources: RehearsalSources) {
    this.startedAt = this.now();
  }

  private now() {
    return (this.sources.now ?? Date.now)();
  }

  states(): LocalAlarm[] {
    return [...this.alarms.values()];
  }

  async evaluate(): Promise<LocalAlarm[]> {
    const nowMs = this.now();
    const verdicts: Verdict[] = [];
    let summary: LaneSla[] | undefined;
    try {
      summary = await this.sources.runSlaMonitor();
      this.lastMonitorReport = nowMs;
    } catch {
      summary = undefined;
    }
    const silentForMs = nowMs - (this.lastMonitorReport ?? this.startedAt);
    verdicts.push({
      name: 'SlaMonitorSilent',
      breaching: silentForMs >= alarmThresholds.slaMonitorSilentPeriods * 5 * MINUTE_MS,
      reason: this.lastMonitorReport ? `last report ${Math.round(silentForMs / 1000)} s ago` : 'no report yet',
    });
    for (const port of ports) {
      const lanes = summary?.filter((lane) => lane.port === port.code) ?? [];
      const breached = lanes.reduce((sum, lane) => sum + lane.breached, 0);
      const atRisk = lanes.reduce((sum, lane) => sum + lane.atRisk, 0);
      verdicts.push({ name: `Breached-${port.code}`, breaching: breached > alarmThresholds.breachedApplications, reason: `${breached} open past deadline (threshold > ${alarmThresholds.breachedApplications})` });
      verdicts.push({ name: `AtRisk-${port.code}`, breaching: atRisk > alarmThresholds.atRiskApplications, reason: `${atRisk} at risk (threshold > ${alarmThresholds.atRiskApplications})` });
    }
    const oldest = await this.sources.oldestUnscreenedSubmittedAt();
    const ageSeconds = oldest ? Math.max(0, Math.round((nowMs - Date.parse(oldest)) / 1000)) : 0;
    verdicts.push({ name: 'IntakeQueueAge', breaching: ageSeconds > alarmThresholds.intakeOldestMessageSeconds, reason: `oldest unscreened ${ageSeconds} s (threshold > ${alarmThresholds.intakeOldestMessageSeconds} s)` });
    const deadLetters = await this.sources.deadLetterMessages();
    verdicts.push({ name: 'DeadLetters', breaching: deadLetters > alarmThresholds.deadLetterMessages, reason: `${deadLetters} in the DLQ` });
    const notificationDeadLetters = await this.sources.notificationDeadLetterMessages();
    verdicts.push({
      name: 'NotificationDeadLetters',
      breaching: notificationDeadLetters > alarmThresholds.deadLetterMessages,
      reason: `${notificationDeadLetters} in the notification DLQ`,
    });
    const errors = this.sources.takeFunctionErrors();
    for (const name of this.sources.functionNames) {
      const count = errors.get(name) ?? 0;
      verdicts.push({ name: `Errors-${name}`, breaching: count > alarmThresholds.functionErrors, reason: `${count} failed invocations` });
      verdicts.push({ name: `Throttles-${name}`, breaching: false, reason: 'no throttling in one local process' });
    }
    const api = this.sources.takeApiCounts();
    const rate = api.requests === 0 ? 0 : (100 * api.serverErrors) / api.requests;
    verdicts.push({ name: 'ApiServerErrorRate', breaching: rate > alarmThresholds.apiServerErrorRatePercent, reason: `${rate.toFixed(2)}% of ${api.requests} requests answered 5xx` });

    const at = new Date(nowMs).toISOString();
    for (const verdict of verdicts) {
      const state: AlarmState = verdict.breaching ? 'ALARM' : 'OK';
      const previous = this.alarms.get(verdict.name);
      if (previous && previous.state !== state) this.sources.print(`alarm ${verdict.name}: ${previous.state} -> ${state} (${verdict.reason})`);
      else if (!previous && state === 'ALARM') this.sources.print(`alarm ${verdict.name}: OK -> ALARM (${verdict.reason})`);
      this.alarms.set(verdict.name, { name: verdict.name, state, reason: verdict.reason, since: previous?.state === state ? previous.since : at });
    }
    return this.states();
  }
}
