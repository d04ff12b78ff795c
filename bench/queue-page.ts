/**
 * Review-queue page latency with 1,000 and with 100,000 open applications at one port: the whole queue
 * (one partition) and the standard lane (its tourism and cargo halves merged).
 */
import { execFileSync } from 'node:child_process';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { applicationKey, queueAttributes } from '../shared/deployment/table.ts';
import { toShanghaiIso } from '../shared/domain/time.ts';
import { clients, root, startServer } from './harness.ts';
import { percentile, pool, round } from './stats.ts';

const BACKLOG = Number(process.env.BENCH_BACKLOG ?? 100_000);

async function seedQueue(dynamo: DynamoDBDocumentClient, table: string, port: string, from: number, to: number) {
  const now = Date.now();
  const chunks: number[][] = [];
  for (let start = from; start < to; start += 25) chunks.push(Array.from({ length: Math.min(25, to - start) }, (_, offset) => start + offset));
  await pool(chunks.length, 8, async (chunkIndex) => {
    await dynamo.send(
      new BatchWriteCommand({
        RequestItems: {
          [table]: chunks[chunkIndex]!.map((index) => {
            const id = `bench${String(index).padStart(17, '0')}`;
            const deadline = now + 3_600_000 + index * 1000;
            const lane = (['medical', 'perishable', 'standard', 'standard'] as const)[index % 4]!;
            const kind = lane === 'perishable' || (lane === 'standard' && index % 8 === 3) ? 'cargo-transit' : 'border-tourism';
            return {
              PutRequest: {
                Item: {
                  ...applicationKey(id), id, kind, port, lane, status: 'PENDING_REVIEW',
                  submittedAt: toShanghaiIso(now), reviewDeadline: toShanghaiIso(deadline), flags: [], history: [], version: 2,
                  ...queueAttributes({ id, port, kind, lane, reviewDeadline: toShanghaiIso(deadline) }),
                },
              },
            };
          }),
        },
      }),
    );
  });
}

export async function benchQueuePage() {
  const server = await startServer(['--no-throttle', '--no-poller']);
  try {
    const { dynamo } = clients(server);
    const token = execFileSync(process.execPath, ['--import', 'tsx', 'infra/local/token.ts', '--clerk', 'bench', '--port', 'DALUO'], { cwd: root }).toString().trim();
    const measure = async (filter = '') => {
      const page = () => fetch(`${server.url}/api/review/applications?port=DALUO&limit=25${filter}`, { headers: { authorization: `Bearer ${token}` } }).then((response) => response.text());
      for (let warm = 0; warm < 20; warm++) await page();
      const { latencies } = await pool(300, 1, async () => {
        await page();
      });
      return { p50Ms: round(percentile(latencies, 0.5), 2), p99Ms: round(percentile(latencies, 0.99), 2) };
    };
    await seedQueue(dynamo, server.table, 'DALUO', 0, 1000);
    const small = await measure();
    const smallStandard = await measure('&lane=standard');
    const seedStarted = performance.now();
    await seedQueue(dynamo, server.table, 'DALUO', 1000, BACKLOG);
    const large = await measure();
    const largeStandard = await measure('&lane=standard');
    return {
      openSmall: 1000,
      openLarge: BACKLOG,
      small,
      large,
      smallStandard,
      largeStandard,
      seedSeconds: round((performance.now() - seedStarted) / 1000),
      ratio: round(large.p50Ms / small.p50Ms, 2),
      standardRatio: round(largeStandard.p50Ms / smallStandard.p50Ms, 2),
    };
  } finally {
    await server.stop();
  }
}

