/**
 * The SLA monitor, every 5 minutes: reads each port's review queue from the sparse index (its cost grows
 * with open applications, not with the table) and publishes per port and lane metrics for the alarms.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { listQueueDeadlines } from '../adapters/store/review-queue-store.ts';
import { metrics } from '../adapters/observability.ts';
import { ports } from '../domain/ports.ts';
import { summariseQueue, type LaneSla } from '../domain/sla.ts';
import { systemClock, type Clock } from '../domain/time.ts';

export async function monitorSla(clock: Clock = systemClock): Promise<LaneSla[]> {
  const nowMs = clock();
  const perPort = await Promise.all(ports.map(async (port) => summariseQueue(port, await listQueueDeadlines(port.code), nowMs)));
  const summary = perPort.flat();
  for (const lane of summary) {
    metrics.addDimensions({ port: lane.port, lane: lane.lane });
    metrics.addMetric('OpenApplications', MetricUnit.Count, lane.openApplications);
    metrics.addMetric('AtRisk', MetricUnit.Count, lane.atRisk);
    metrics.addMetric('Breached', MetricUnit.Count, lane.breached);
    metrics.addMetric('OldestOpenAgeMinutes', MetricUnit.Count, lane.oldestOpenAgeMinutes);
    metrics.addMetric('ClockMinutesLeftMin', MetricUnit.Count, lane.clockMinutesLeftMin);
    metrics.publishStoredMetrics();
  }
  return summary;
}
