/**
 * Operations: every alarm sends to one SNS topic for the on-call staff, and one dashboard shows each
 * port and lane against the one-day promise beside the pipeline's health. Thresholds come from
 * shared/deployment/alarm-thresholds.ts, which the local alarm rehearsal reads too.
 */
import { CfnParameter, Duration } from 'aws-cdk-lib';
import type { HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { alarmThresholds, metricNamespace, serviceDimension } from '../../shared/deployment/alarm-thresholds.ts';
import { ports } from '../../shared/domain/ports.ts';
import { lanes } from '../../shared/domain/review-clock.ts';
import type { FunctionName } from '../../shared/deployment/routes.ts';
import { limitGrantsToAwsServices } from './key-policy.ts';
import type { ServiceFunction } from './service-function.ts';

export interface OperationsProps {
  functions: ReadonlyMap<FunctionName, ServiceFunction>;
  intakeQueue: IQueue;
  deadLetterQueue: IQueue;
  notificationDeadLetterQueue: IQueue;
  stage: HttpStage;
}

const FIVE_MINUTES = Duration.minutes(5);

/** Who decided: the port's rules at screening, or a clerk. */
const decisionPaths = ['rules', 'clerk'] as const;

const serviceMetric = (metricName: string, dimensions: Record<string, string>, statistic = 'Maximum', period = FIVE_MINUTES) =>
  new Metric({ namespace: metricNamespace, metricName, dimensionsMap: { ...serviceDimension, ...dimensions }, statistic, period });

/** A per-port figure: the sum of its lanes. */
const perPort = (metricName: string, port: string, label: string) =>
  new MathExpression({
    expression: lanes.map((_, index) => `m${index}`).join(' + '),
    usingMetrics: Object.fromEntries(lanes.map((lane, index) => [`m${index}`, serviceMetric(metricName, { port, lane })])),
    period: FIVE_MINUTES,
    label,
  });

export class Operations extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);
    const email = new CfnParameter(this, 'OpsEmail', {
      type: 'String',
      description: 'Email address of the operations on-call list that alarms notify',
      allowedPattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$',
    });
    // A stable name for `cdk deploy --parameters PermitFastTrackStateless:OpsEmail=...` (not the construct path's hash).
    email.overrideLogicalId('OpsEmail');
    const topicKey = limitGrantsToAwsServices(new Key(this, 'AlarmTopicKey', { description: 'Encrypts the operations alarm topic', enableKeyRotation: true }));
    topicKey.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new Topic(this, 'AlarmTopic', { displayName: 'Permit fast-track operations', masterKey: topicKey, enforceSSL: true });
    this.topic.addSubscription(new EmailSubscription(email.valueAsString));

    const alarm = (name: string, metric: IMetric, threshold: number, options: { comparison?: ComparisonOperator; missing?: TreatMissingData; periods?: number; description: string }) => {
      const created = new Alarm(this, name, {
        alarmDescription: options.description,
        metric,
        threshold,
        evaluationPeriods: options.periods ?? 1,
        comparisonOperator: options.comparison ?? ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: options.missing ?? TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(new SnsAction(this.topic));
      created.addOkAction(new SnsAction(this.topic));
      this.alarms.push(created);
      return created;
    };

    for (const port of ports) {
      alarm(`Breached-${port.code}`, perPort('Breached', port.code, `${port.code} breached`), alarmThresholds.breachedApplications, {
        description: `${port.name}: an application is past its review deadline and still open. Open the queue and decide it now.`,
      });
      alarm(`AtRisk-${port.code}`, perPort('AtRisk', port.code, `${port.code} at risk`), alarmThresholds.atRiskApplications, {
        description: `${port.name}: more than ${alarmThresholds.atRiskApplications} applications are within 25% of their review clock. Add clerks to this port's queue.`,
      });
    }
    alarm('IntakeQueueAge', props.intakeQueue.metricApproximateAgeOfOldestMessage({ statistic: 'Maximum', period: FIVE_MINUTES }), alarmThresholds.intakeOldestMessageSeconds, {
      description: 'Screening is not keeping up: the oldest intake message waits over 10 minutes. Check the screening function errors and throttles.',
    });
    alarm('DeadLetters', props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: FIVE_MINUTES }), alarmThresholds.deadLetterMessages, {
      description: 'An intake message failed 5 times and sits in the DLQ. Read the screening logs for its application id, fix, then redrive.',
    });
    alarm(
      'NotificationDeadLetters',
      props.notificationDeadLetterQueue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: FIVE_MINUTES }),
      alarmThresholds.deadLetterMessages,
      {
        description:
          "A delivery of applicant messages failed 5 times and sits in the notification DLQ. Read deliver-notifications' logs for its application id (an SES or SMS refusal, a sender limit), fix, then redrive; the repair job also re-enqueues applications whose messages still wait.",
      },
    );
    for (const [name, service] of props.functions) {
      alarm(`Errors-${name}`, service.function.metricErrors({ statistic: 'Sum', period: FIVE_MINUTES }), alarmThresholds.functionErrors, {
        description: `${name} failed invocations. Read its log group for the error and the application id.`,
      });
      alarm(`Throttles-${name}`, service.function.metricThrottles({ statistic: 'Sum', period: FIVE_MINUTES }), alarmThresholds.functionThrottles, {
        description: `${name} is throttled. Check account concurrency and reserved concurrency.`,
      });
    }
    alarm(
      'ApiServerErrorRate',
      new MathExpression({
        expression: 'IF(requests > 0, 100 * errors / requests, 0)',
        usingMetrics: {
          errors: props.stage.metricServerError({ statistic: 'Sum', period: FIVE_MINUTES }),
          requests: props.stage.metricCount({ statistic: 'Sum', period: FIVE_MINUTES }),
        },
        period: FIVE_MINUTES,
        label: 'API 5xx %',
      }),
      alarmThresholds.apiServerErrorRatePercent,
      { description: 'Over 1% of API requests answered 5xx for 5 minutes. Check the function error alarms and the API access log.' },
    );
    alarm('SlaMonitorSilent', serviceMetric('OpenApplications', { port: ports[0]!.code, lane: 'standard' }, 'SampleCount'), 1, {
      comparison: ComparisonOperator.LESS_THAN_THRESHOLD,
      missing: TreatMissingData.BREACHING,
      periods: alarmThresholds.slaMonitorSilentPeriods,
      description: 'The SLA monitor has not reported for 15 minutes, so breaches would go unseen. Check the monitor-sla function and its schedule.',
    });

    this.dashboard = new Dashboard(this, 'Dashboard', { defaultInterval: Duration.hours(24) });
    this.dashboard.addWidgets(new TextWidget({ markdown: '# Permit fast-track: the one-day promise per port and lane', width: 24, height: 1 }));
    for (const port of ports) {
      const byLane = (metricName: string, statistic = 'Maximum', period = FIVE_MINUTES) =>
        lanes.map((lane) => serviceMetric(metricName, { port: port.code, lane }, statistic, period).with({ label: lane }));
      this.dashboard.addWidgets(
        new GraphWidget({ title: `${port.code} open`, left: byLane('OpenApplications'), width: 4 }),
        new GraphWidget({ title: `${port.code} at risk`, left: byLane('AtRisk'), width: 4 }),
        new GraphWidget({ title: `${port.code} breached`, left: byLane('Breached'), width: 4 }),
        new GraphWidget({ title: `${port.code} oldest open (min)`, left: byLane('OldestOpenAgeMinutes'), width: 4 }),
        new GraphWidget({
          title: `${port.code} decisions per hour`,
          left: [
            new MathExpression({
              expression: `SEARCH('{${metricNamespace},service,port,lane,outcome,path} MetricName="Decisions" port="${port.code}"', 'Sum', 3600)`,
              period: Duration.hours(1),
              label: 'decisions',
            }),
          ],
          width: 4,
        }),
        new GraphWidget({
          title: `${port.code} decision time (clock min)`,
          left: lanes.flatMap((lane) =>
            ['p50', 'p90'].map((statistic) => serviceMetric('DecisionClockMinutes', { port: port.code, lane }, statistic, Duration.hours(1)).with({ label: `${lane} ${statistic}` })),
          ),
          width: 4,
        }),
      );
      // Rule decisions apart from clerk decisions: how many, and how long from submission to decision.
      this.dashboard.addWidgets(
        new GraphWidget({
          title: `${port.code} decisions by path per hour (rules | clerk)`,
          left: decisionPaths.map(
            (path) =>
              new MathExpression({
                expression: `SUM(SEARCH('{${metricNamespace},service,port,lane,outcome,path} MetricName="Decisions" port="${port.code}" path="${path}"', 'Sum', 3600))`,
                period: Duration.hours(1),
                label: path,
              }),
          ),
          width: 12,
        }),
        new GraphWidget({
          title: `${port.code} time to decision by path (s, submission to decision)`,
          left: decisionPaths.flatMap((path) =>
            ['p50', 'p90'].map((statistic) => serviceMetric('DecisionSeconds', { port: port.code, path }, statistic, Duration.hours(1)).with({ label: `${path} ${statistic}` })),
          ),
          width: 12,
        }),
      );
    }
    this.dashboard.addWidgets(
      new TextWidget({ markdown: '## Pipeline health', width: 24, height: 1 }),
      new GraphWidget({
        title: 'Intake queue',
        left: [props.intakeQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) })],
        right: [props.intakeQueue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(1) })],
        width: 6,
      }),
      new GraphWidget({
        title: 'Dead-letter queues',
        left: [
          props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), label: 'intake' }),
          props.notificationDeadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), label: 'notifications' }),
        ],
        width: 6,
      }),
      new GraphWidget({
        title: 'Function errors and throttles',
        left: [...props.functions.values()].map((service) => service.function.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' })),
        right: [...props.functions.values()].map((service) => service.function.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum' })),
        width: 6,
      }),
      new GraphWidget({
        title: 'API',
        left: [props.stage.metricCount({ period: FIVE_MINUTES, statistic: 'Sum' }), props.stage.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' })],
        right: [props.stage.metricLatency({ period: FIVE_MINUTES, statistic: 'p90' })],
        width: 6,
      }),
    );
  }
}
