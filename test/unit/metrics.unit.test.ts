/**
 * Metrics recorded during an invocation are published when it ends, one EMF document per dimension set,
 * with a metric recorded several times as an array of its values (each a sample of its own in CloudWatch).
 */
import { afterEach, beforeAll, expect, it, vi } from 'vitest';

let observability: typeof import('../../shared/adapters/observability.ts');

beforeAll(async () => {
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  observability = await import('../../shared/adapters/observability.ts');
});
afterEach(() => vi.restoreAllMocks());

/** The EMF documents written to stdout while `run` runs. */
async function published(run: () => Promise<void>) {
  const lines: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string) => {
    lines.push(...String(chunk).split('\n').filter((line) => line.includes('"_aws"')));
    return true;
  }) as typeof process.stdout.write);
  await run();
  vi.restoreAllMocks();
  return lines.map((line) => JSON.parse(line) as Record<string, unknown> & { _aws: { CloudWatchMetrics: { Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] } });
}

it('publishes a batch\'s metrics once per dimension set when the invocation ends, each value kept', async () => {
  const { recordMetric, publishMetrics } = observability;
  const documents = await published(async () => {
    for (const outcome of ['clean', 'clean', 'flagged', 'clean']) recordMetric('Screened', 1, { port: 'MOHAN', outcome });
    recordMetric('DecisionSeconds', 1.5, { port: 'MOHAN', path: 'rules' }, 'Seconds');
    recordMetric('DecisionSeconds', 2.5, { path: 'rules', port: 'MOHAN' }, 'Seconds');
    // Nothing is written while the batch runs.
    expect(process.stdout.write).not.toHaveBeenCalled();
    await publishMetrics().after!({} as never);
  });
  expect(documents).toHaveLength(3);
  const find = (dimensions: Record<string, string>) => documents.find((document) => Object.entries(dimensions).every(([name, value]) => document[name] === value));
  expect(find({ port: 'MOHAN', outcome: 'clean' })).toMatchObject({ Screened: [1, 1, 1] });
  expect(find({ port: 'MOHAN', outcome: 'flagged' })).toMatchObject({ Screened: 1 });
  const decisions = find({ port: 'MOHAN', path: 'rules' })!;
  expect(decisions.DecisionSeconds).toEqual([1.5, 2.5]);
  expect(decisions._aws.CloudWatchMetrics[0]).toMatchObject({ Dimensions: [['service', 'port', 'path']], Metrics: [{ Name: 'DecisionSeconds', Unit: 'Seconds' }] });

  // The next invocation starts empty.
  expect(await published(async () => publishMetrics().after!({} as never))).toEqual([]);
});
