/**
 * Tracing as it runs in Lambda: the segments the X-Ray SDK sends to its daemon (here a UDP socket of the
 * test) have a subsegment per SDK call, the port and lane as annotations, and no personal data.
 */
import { randomUUID } from 'node:crypto';
import { createSocket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEngines, type Engines } from '../../infra/local/engines.ts';
import { localCredentials, localRegion } from '../../infra/local/local-target.ts';
import { lambdaContext } from '../../infra/local/lambda-context.ts';
import { tourismApplication } from '../fixtures/applications.ts';

const daemon = createSocket('udp4');
const datagrams: string[] = [];
let engines: Engines;

beforeAll(async () => {
  daemon.on('message', (message) => datagrams.push(message.toString('utf8')));
  await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', resolve));
  engines = await startEngines({ dynamoDbEndpoint: process.env.DYNAMODB_ENDPOINT, tableName: `tracing-${randomUUID()}`, dropTableOnStop: true });
  // What Lambda sets for a traced, sampled invocation; read when the handler modules load.
  Object.assign(process.env, {
    LAMBDA_TASK_ROOT: '/var/task',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    _HANDLER: 'index.handler',
    _X_AMZN_TRACE_ID: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
    AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${(daemon.address() as AddressInfo).port}`,
    AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
    AWS_REGION: localRegion,
    AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    POWERTOOLS_METRICS_DISABLED: 'true',
    TABLE_NAME: engines.tableName,
    INTAKE_QUEUE_URL: engines.queueUrl,
    DYNAMODB_ENDPOINT: engines.dynamoDbEndpoint,
    SQS_ENDPOINT: engines.sqsEndpoint,
  });
});
afterAll(async () => {
  daemon.close();
  await engines?.stop();
});

interface Segment {
  name: string;
  annotations?: Record<string, unknown>;
  aws?: { operation?: string };
  subsegments?: Segment[];
}

/** Every segment and subsegment sent so far; each datagram is a header line, then one segment document. */
const sentSegments = (): Segment[] => {
  const flatten = (segment: Segment): Segment[] => [segment, ...(segment.subsegments ?? []).flatMap(flatten)];
  return datagrams.flatMap((datagram) => flatten(JSON.parse(datagram.slice(datagram.indexOf('\n') + 1))));
};

it('sends a subsegment per SDK call, annotated with port and lane, holding no personal data', async () => {
  const { handler } = await import('../../functions/submit-application/handler.ts');
  const application = tourismApplication();
  const event = {
    version: '2.0',
    routeKey: 'POST /api/applications',
    rawPath: '/api/applications',
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    requestContext: { requestId: 'trace-test', http: { method: 'POST', path: '/api/applications' } },
    body: JSON.stringify(application),
    isBase64Encoded: false,
  };
  const response = (await handler(event as never, lambdaContext('submit-application', 10))) as { statusCode: number; body: string };
  expect(response.statusCode).toBe(202);

  const deadline = Date.now() + 5000;
  while (Date.now() < deadline && !sentSegments().some((segment) => segment.name === '## index.handler')) await new Promise((resolve) => setTimeout(resolve, 50));
  const segments = sentSegments();
  expect(segments.filter((segment) => segment.aws?.operation).map((segment) => `${segment.name} ${segment.aws!.operation}`)).toEqual(
    expect.arrayContaining(['DynamoDB PutItem', 'SQS SendMessage']),
  );
  expect(segments.find((segment) => segment.name === '## index.handler')?.annotations).toMatchObject({ port: 'MOHAN', lane: 'standard', Service: 'permit-fast-track' });

  const { accessToken } = JSON.parse(response.body);
  const sent = datagrams.join('\n');
  for (const secret of [application.applicant.fullName, application.applicant.documentNumber, application.contact.phone, application.contact.email!, accessToken]) {
    expect(sent).not.toContain(secret);
  }
});
