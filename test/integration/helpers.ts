/**
 * Starts the real local stack (dynalite + fauxqs + gateway, or the DynamoDB engine at DYNAMODB_ENDPOINT)
 * for an integration test file, with a table of its own that is deleted when the stack stops.
 */
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { vi } from 'vitest';
import { startLocalStack, type Handler, type LocalStack, type LocalStackOptions } from '../../infra/local/local-stack.ts';

export interface TestStack extends LocalStack {
  request(method: string, path: string, init?: { body?: unknown; rawBody?: string; headers?: Record<string, string> }): Promise<{ status: number; body: any; headers: Headers }>;
  /** `POST /api/applications` as an applicant sends it. */
  submit(body: unknown, headers?: Record<string, string>): ReturnType<TestStack['request']>;
  /** `GET /api/applications/{id}` with the applicant's access token. */
  applicantView(id: string, accessToken: string): ReturnType<TestStack['request']>;
  /** Counts every item in the table; tests may scan, request paths never do. */
  countItems(): Promise<number>;
}

export async function startTestStack(options: LocalStackOptions & { sampleData?: boolean } = {}): Promise<TestStack> {
  process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  const { sampleData, ...localOptions } = options;
  const stack = await startLocalStack({ port: 0, schedules: false, visibilityTimeoutSeconds: 1, ownTable: true, ...localOptions });
  // The watch list `npm start` loads, for tests that screen against it.
  if (sampleData) await (await import('../../infra/local/sample-data.ts')).loadSampleData();
  const { documentClient } = await import('../../shared/adapters/dynamodb-client.ts');
  const testStack: TestStack = Object.assign(stack, {
    submit: (body: unknown, headers: Record<string, string> = {}) => testStack.request('POST', '/api/applications', { body, headers }),
    applicantView: (id: string, accessToken: string) => testStack.request('GET', `/api/applications/${id}`, { headers: { authorization: `Bearer ${accessToken}` } }),
    async request(method: string, path: string, init: { body?: unknown; rawBody?: string; headers?: Record<string, string> } = {}) {
      const headers: Record<string, string> = { ...init.headers };
      let body: string | undefined = init.rawBody;
      if (init.body !== undefined) {
        body = JSON.stringify(init.body);
        headers['content-type'] ??= 'application/json';
      }
      const response = await fetch(`${stack.url}${path}`, { method, headers, body });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
    },
    async countItems() {
      let count = 0;
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await documentClient.send(new ScanCommand({ TableName: stack.env.TABLE_NAME, Select: 'COUNT', ExclusiveStartKey: startKey }));
        count += page.Count ?? 0;
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return count;
    },
  });
  return testStack;
}

/**
 * A Lambda instance that dies mid-batch: it handles the first half of its records, then throws before it
 * can answer, so nothing of the batch is reported done and every message comes back.
 */
export async function dieMidBatch(handler: Handler, event: unknown, context: Parameters<Handler>[1]): Promise<never> {
  const records = (event as { Records: unknown[] }).Records;
  await handler({ Records: records.slice(0, Math.ceil(records.length / 2)) }, context);
  throw new Error('instance killed mid-batch');
}

/** Every SendMessage fails until the returned spy is restored: applications are stored but not queued. */
export async function failQueueSends() {
  const { sqsClient } = await import('../../shared/adapters/sqs-client.ts');
  const realSend = sqsClient.send.bind(sqsClient);
  return vi.spyOn(sqsClient, 'send').mockImplementation(((command: unknown) => {
    if (command instanceof SendMessageCommand) return Promise.reject(Object.assign(new Error('injected'), { name: 'ServiceUnavailable' }));
    return realSend(command as never);
  }) as typeof sqsClient.send);
}

/** Every table call goes through `around` (to count, delay or fail it) until the returned restore is called. */
export async function interceptTable(around: (command: unknown, send: () => Promise<unknown>) => Promise<unknown>): Promise<() => void> {
  const { documentClient } = await import('../../shared/adapters/dynamodb-client.ts');
  const realSend = documentClient.send.bind(documentClient);
  const spy = vi.spyOn(documentClient, 'send').mockImplementation(((command: unknown) => around(command, () => realSend(command as never))) as never);
  return () => spy.mockRestore();
}
