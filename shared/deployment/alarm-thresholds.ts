/**
 * Alarm thresholds: the CDK alarms and the local alarm rehearsal both read this module, so what pages
 * operations in AWS is what flips locally.
 */
import { serviceName } from './service.ts';

export const alarmThresholds = {
  /** Applications past their deadline and still open, per port: any at all pages. */
  breachedApplications: 0,
  /** Applications within 25% of their lane's clock, per port, above which someone is paged. */
  atRiskApplications: 5,
  /** The intake queue's oldest message, in seconds: screening is stuck if it waits longer. */
  intakeOldestMessageSeconds: 10 * 60,
  /** Messages in the dead-letter queue: any at all needs a person. */
  deadLetterMessages: 0,
  /** Share of API requests answered 5xx, in percent, over 5 minutes. */
  apiServerErrorRatePercent: 1,
  /** Function errors and throttles per 5 minutes. */
  functionErrors: 0,
  functionThrottles: 0,
  /** Periods of 5 minutes without a report from the SLA monitor before it counts as breaching. */
  slaMonitorSilentPeriods: 3,
} as const;

/** The metric namespace and the default dimension Powertools adds to every metric. */
export { metricNamespace } from './service.ts';
export const serviceDimension = { service: serviceName } as const;
