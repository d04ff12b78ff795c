/**
 * Alarm thresholds: the CDK alarms and the local alarm rehearsal both read this module, so what pages
 * operations in AWS is what flips locally.
 */
export const alarmThresholds = {
  /** Any application past its deadline and still open, per port. */
  breachedApplications: 0,
  /** Applications within 25% of their clock, per port and lane, before someone is paged. */
  atRiskApplications: 5,
  /** The intake queue's oldest message: screening is stuck if it waits longer. */
  intakeOldestMessageSeconds: 10 * 60,
  /** Any message in the dead-letter queue needs a person. */
  deadLetterMessages: 0,
  /** Share of API requests answered 5xx over 5 minutes. */
  apiServerErrorRatePercent: 1,
  /** Function errors and throttles per 5 minutes. */
  functionErrors: 0,
  functionThrottles: 0,
  /** The SLA monitor runs every 5 minutes; silence for this long is treated as breaching. */
  slaMonitorSilentMinutes: 15,
} as const;

export const slaMonitorRateMinutes = 5;
