/** The operations construct: every alarm pages one SNS topic with the thresholds the local rehearsal reads, and the dashboard. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.ts';
import { buildWeb } from '../../web/build.ts';
import { functions, type FunctionName } from '../../shared/deployment/routes.ts';

let built: ReturnType<typeof buildApp>;
let stateless: Template;

beforeAll(async () => {
  built = buildApp({ webAssetsPath: await buildWeb(mkdtempSync(join(tmpdir(), 'web-'))) });
  stateless = Template.fromStack(built.stateless);
});

const logicalIdOf = (name: FunctionName) => built.stateless.getLogicalId(built.stateless.functions.get(name)!.function.node.defaultChild as never);

describe('operations alarms and dashboard', () => {
  const alarms = () => Object.values(stateless.findResources('AWS::CloudWatch::Alarm')).map((alarm) => alarm.Properties);
  const topicRef = () => ({ Ref: built.stateless.getLogicalId(built.stateless.operations.topic.node.defaultChild as never) });
  const byDescription = (text: string) => alarms().filter((alarm) => String(alarm.AlarmDescription).includes(text));
  const serviceDims = (extra: Record<string, string>) =>
    expect.arrayContaining([{ Name: 'service', Value: 'permit-fast-track' }, ...Object.entries(extra).map(([Name, Value]) => ({ Name, Value }))]);

  it('sends every alarm and its recovery to the one ops topic, which emails the address given at deploy', () => {
    expect(alarms().length).toBeGreaterThan(40);
    for (const alarm of alarms()) {
      expect(alarm.AlarmActions).toEqual([topicRef()]);
      expect(alarm.OKActions).toEqual([topicRef()]);
    }
    // The name docs/deploy.md gives: `--parameters PermitFastTrackStateless:OpsEmail=...`.
    stateless.hasParameter('OpsEmail', { Type: 'String' });
    stateless.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: { Ref: 'OpsEmail' } });
    stateless.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
  });

  it('pages when any application of a port is breached, summing its lanes', () => {
    for (const port of ['MOHAN', 'DALUO', 'JINGHONG', 'GUANLEI']) {
      const [alarm] = alarms().filter((candidate) => candidate.AlarmDescription.startsWith(port === 'JINGHONG' ? 'Jinghong port:' : port === 'GUANLEI' ? 'Guanlei port:' : `${port[0]}${port.slice(1).toLowerCase()}:`) && candidate.AlarmDescription.includes('past its review deadline'));
      expect(alarm).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 1, TreatMissingData: 'notBreaching' });
      const expression = alarm.Metrics.find((metric: { Expression?: string }) => metric.Expression);
      expect(expression.Expression).toBe('m0 + m1 + m2');
      const sources = alarm.Metrics.filter((metric: { MetricStat?: unknown }) => metric.MetricStat);
      expect(sources.map((metric: any) => metric.MetricStat.Metric.Dimensions.find((d: any) => d.Name === 'lane').Value).sort()).toEqual(['medical', 'perishable', 'standard']);
      for (const source of sources) {
        expect(source.MetricStat).toMatchObject({ Metric: { Namespace: 'PermitFastTrack', MetricName: 'Breached', Dimensions: serviceDims({ port }) }, Period: 300, Stat: 'Maximum' });
      }
    }
  });

  it('pages when more than 5 applications of a port are at risk', () => {
    const atRisk = byDescription('within 25% of their review clock');
    expect(atRisk).toHaveLength(4);
    for (const alarm of atRisk) {
      expect(alarm).toMatchObject({ Threshold: 5, ComparisonOperator: 'GreaterThanThreshold' });
      expect(alarm.Metrics.filter((metric: any) => metric.MetricStat).every((metric: any) => metric.MetricStat.Metric.MetricName === 'AtRisk')).toBe(true);
    }
  });

  it('watches the intake queue age, the DLQ, the API 5xx rate and the SLA monitor itself', () => {
    expect(byDescription('oldest intake message')[0]).toMatchObject({
      Namespace: 'AWS/SQS', MetricName: 'ApproximateAgeOfOldestMessage', Statistic: 'Maximum', Period: 300, Threshold: 600, ComparisonOperator: 'GreaterThanThreshold',
    });
    for (const text of ['sits in the DLQ', 'sits in the notification DLQ']) {
      expect(byDescription(text)[0], text).toMatchObject({
        Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible', Statistic: 'Maximum', Period: 300, Threshold: 0, ComparisonOperator: 'GreaterThanThreshold',
      });
    }
    const api = byDescription('1% of API requests')[0];
    expect(api).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 1 });
    expect(api.Metrics.find((metric: any) => metric.Expression).Expression).toBe('IF(requests > 0, 100 * errors / requests, 0)');
    expect(api.Metrics.find((metric: any) => metric.Id === 'errors').MetricStat).toMatchObject({ Metric: { Namespace: 'AWS/ApiGateway', MetricName: '5xx' }, Stat: 'Sum', Period: 300 });
    expect(byDescription('SLA monitor has not reported')[0]).toMatchObject({
      Namespace: 'PermitFastTrack', MetricName: 'OpenApplications', Statistic: 'SampleCount', Period: 300, EvaluationPeriods: 3,
      Threshold: 1, ComparisonOperator: 'LessThanThreshold', TreatMissingData: 'breaching', Dimensions: serviceDims({ port: 'MOHAN', lane: 'standard' }),
    });
  });

  it('alarms on every function\'s errors and throttles', () => {
    for (const name of Object.keys(functions) as FunctionName[]) {
      const dimension = [{ Name: 'FunctionName', Value: { Ref: logicalIdOf(name) } }];
      expect(alarms().filter((alarm) => alarm.MetricName === 'Errors' && JSON.stringify(alarm.Dimensions) === JSON.stringify(dimension))[0]).toMatchObject({ Statistic: 'Sum', Period: 300, Threshold: 0 });
      expect(alarms().filter((alarm) => alarm.MetricName === 'Throttles' && JSON.stringify(alarm.Dimensions) === JSON.stringify(dimension))).toHaveLength(1);
    }
  });

  it('shows rule decisions apart from clerk decisions, with the time to decision per path', () => {
    // The body's JSON, its escapes removed: what the metric math expressions read.
    const body = JSON.stringify(Object.values(stateless.findResources('AWS::CloudWatch::Dashboard'))[0]!.Properties.DashboardBody).replace(/\\/g, '');
    for (const port of ['MOHAN', 'DALUO', 'JINGHONG', 'GUANLEI']) {
      expect(body).toContain(`${port} decisions by path per hour (rules | clerk)`);
      expect(body).toContain(`${port} time to decision by path (s, submission to decision)`);
    }
    for (const path of ['rules', 'clerk']) {
      expect(body).toContain(`MetricName="Decisions" port="MOHAN" path="${path}"`);
      for (const statistic of ['p50', 'p90']) expect(body).toContain(`${path} ${statistic}`);
    }
    expect(body).toContain('DecisionSeconds');
  });

  it('has a dashboard with the SLA figures per port and lane and the pipeline health', () => {
    const body = JSON.stringify(Object.values(stateless.findResources('AWS::CloudWatch::Dashboard'))[0]!.Properties.DashboardBody);
    for (const text of ['MOHAN open', 'MOHAN at risk', 'MOHAN breached', 'MOHAN oldest open', 'decisions per hour', 'decision time', 'p90', 'Intake queue', 'Dead-letter queue', 'Function errors', 'API']) {
      expect(body).toContain(text);
    }
  });
});

