/**
 * The whole service on one machine: local engines, the gateway over the route table, the queue poller
 * and the scheduled jobs, all running the same handlers that Lambda runs.
 */
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { SQSEvent } from 'aws-lambda';
import type { LaneSla } from '../../shared/domain/sla.ts';
import { functions, notificationQueueConsumers, queueConsumers, reviewScopeName, routes, schedules, type FunctionName } from '../../shared/deployment/routes.ts';
import { intakeQueueSettings, notificationQueueSettings } from '../../shared/deployment/table.ts';
import { powertoolsEnvironment } from '../../shared/deployment/service.ts';
import { printable } from '../../shared/domain/printable.ts';
import { AlarmRehearsal, type LocalAlarm } from './alarm-rehearsal.ts';
import { startEngines } from './engines.ts';
import { localCredentials, localPort, localRegion, useLocalMessagingIdentity } from './local-target.ts';
import { startGateway } from './gateway.ts';
import { localEndpoints } from './local-endpoints.ts';
import { startLocalMessaging, type RecordedMessage } from './local-messaging.ts';
import { localSignIn } from './local-sign-in.ts';
import { lambdaContext } from './lambda-context.ts';
import { claimsAsApiGatewayPassesThem, loadIssuerKeys, verifyToken } from './local-issuer.ts';
import { QueuePoller } from './queue-poller.ts';
import { rateLimiter } from './rate-limiter.ts';
import { Scheduler } from './scheduler.ts';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface LocalStackOptions {
  /** 0 picks a free port; default `PORT` or 3000. */
  port?: number;
  host?: string;
  /** Keep data (table, queues, permit keys) in this folder; in memory when absent. */
  dataDir?: string;
  /**
   * A table of its own, named uniquely and deleted on stop: for tests sharing one DynamoDB engine
   * (DYNAMODB_ENDPOINT). Otherwise the table is TABLE_NAME, or `permit-fast-track`, created if missing.
   */
  ownTable?: boolean;
  visibilityTimeoutSeconds?: number;
  poller?: boolean;
  schedules?: boolean;
  /** Apply the per-client limits and the API's throttling (default true); load tests and benchmarks measure without them. */
  throttle?: boolean;
  /** Evaluate the alarm rules every minute (default: with the schedules). */
  alarms?: boolean;
  serveStatic?: (request: IncomingMessage, response: ServerResponse) => Promise<void>;
  log?: (line: string) => void;
  /** Serve POST /_local/bench/floor and /_local/bench/required: the raw writes of a submission (PutItem, the document list's UpdateItem, SendMessage), for `npm run bench`. */
  benchFloor?: boolean;
  /** Tests wrap a handler to inject faults (a consumer killed mid-batch, say). */
  wrapHandler?: (name: FunctionName, handler: Handler) => Handler;
}

export interface LocalStack {
  url: string;
  /** What serves DynamoDB and SQS: the in-process engines or the endpoints given. */
  engineNames: { dynamoDb: string; sqs: string };
  env: {
    TABLE_NAME: string;
    INTAKE_QUEUE_URL: string;
    DLQ_URL: string;
    NOTIFICATION_QUEUE_URL: string;
    NOTIFICATION_DLQ_URL: string;
    DYNAMODB_ENDPOINT: string;
    SQS_ENDPOINT: string;
    SES_ENDPOINT: string;
    SMS_ENDPOINT: string;
    PERMIT_LOCAL_KEY_DIR: string;
  };
  /** Waits until the intake queue is empty (nothing visible, nothing in flight). */
  drainQueue(timeoutMs?: number): Promise<void>;
  /** Waits until the notification queue is empty. */
  drainNotifications(timeoutMs?: number): Promise<void>;
  /** The messages the local SES and SMS stand-ins were sent, oldest first (to one address when given). */
  outbox(to?: string): RecordedMessage[];
  runSchedule(name: FunctionName): Promise<unknown>;
  invoke(name: FunctionName, event: unknown): Promise<unknown>;
  /** Starts the queue poller of a stack started with `poller: false`. */
  startPolling(): void;
  /** Stops the queue pollers (intake and notifications) once their current receive and batch are done; `startPolling` starts them again. */
  stopPolling(): Promise<void>;
  /** Evaluates the local alarm rehearsal now. */
  evaluateAlarms(): Promise<LocalAlarm[]>;
  stop(): Promise<void>;
}

export type Handler = (event: unknown, context: unknown) => Promise<unknown>;

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  // Lines can carry an error's message, which can carry anyone's text: printed with control characters escaped.
  const log = (line: string) => options.log?.(printable(line));
  const engines = await startEngines({
    dataDir: options.dataDir,
    visibilityTimeoutSeconds: options.visibilityTimeoutSeconds,
    dynamoDbEndpoint: process.env.DYNAMODB_ENDPOINT,
    sqsEndpoint: process.env.SQS_ENDPOINT,
    tableName: options.ownTable ? `permit-fast-track-${randomUUID()}` : process.env.TABLE_NAME,
    dropTableOnStop: options.ownTable,
  });
  const messaging = await startLocalMessaging();
  const env = {
    TABLE_NAME: engines.tableName,
    INTAKE_QUEUE_URL: engines.queueUrl,
    DLQ_URL: engines.deadLetterQueueUrl,
    NOTIFICATION_QUEUE_URL: engines.notificationQueueUrl,
    NOTIFICATION_DLQ_URL: engines.notificationDeadLetterQueueUrl,
    DYNAMODB_ENDPOINT: engines.dynamoDbEndpoint,
    SQS_ENDPOINT: engines.sqsEndpoint,
    SES_ENDPOINT: messaging.sesEndpoint,
    SMS_ENDPOINT: messaging.smsEndpoint,
    PERMIT_LOCAL_KEY_DIR: options.dataDir ? join(options.dataDir, 'permit-keys') : mkdtempSync(join(tmpdir(), 'permit-keys-')),
  };
  // In-memory stacks keep their permit keys only as long as their data.
  const temporaryKeyDir = options.dataDir ? undefined : env.PERMIT_LOCAL_KEY_DIR;
  // Handlers read their configuration at import, as they do at a Lambda cold start.
  Object.assign(process.env, env, {
    AWS_REGION: localRegion,
    AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? localCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? localCredentials.secretAccessKey,
    ...powertoolsEnvironment,
  });
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  // No X-Ray daemon here; Powertools would also stay off outside Lambda, this says so.
  process.env.POWERTOOLS_TRACE_ENABLED ??= 'false';
  // The stand-ins record messages; these only have to be well-formed.
  useLocalMessagingIdentity();

  // Filled once the gateway listens: handlers read PUBLIC_BASE_URL (the gateway's own URL) at import.
  const handlers = new Map<FunctionName, Handler>();
  const functionErrors = new Map<FunctionName, number>();
  const apiCounts = { requests: 0, serverErrors: 0 };
  const invoke = async (name: FunctionName, event: unknown) => {
    try {
      const handler = handlers.get(name);
      if (!handler) throw new Error('The local stack is still starting');
      return await handler(event, lambdaContext(name, functions[name].timeoutSeconds));
    } catch (error) {
      functionErrors.set(name, (functionErrors.get(name) ?? 0) + 1);
      throw error;
    }
  };

  // Imported after the environment is set: the module creates the SDK clients.
  const benchReferences = options.benchFloor ? await import('./bench-floor.ts') : undefined;
  const issuerKeys = loadIssuerKeys();
  const gateway = await startGateway({
    routes,
    invoke: async (route, event) => {
      apiCounts.requests++;
      try {
        const result = (await invoke(route.function, event)) as { statusCode?: number };
        if ((result?.statusCode ?? 500) >= 500) apiCounts.serverErrors++;
        return result;
      } catch (error) {
        apiCounts.serverErrors++;
        throw error;
      }
    },
    clerkScope: reviewScopeName,
    authorize: (token) => {
      const claims = verifyToken(issuerKeys, token);
      return claims ? claimsAsApiGatewayPassesThem(claims) : undefined;
    },
    ...(options.throttle === false ? {} : { limiter: rateLimiter() }),
    originSecret: process.env.ORIGIN_VERIFY_SECRET,
    serveStatic: options.serveStatic,
    issuerDoors: localSignIn(issuerKeys).handle,
    localEndpoints: localEndpoints({
      issuerKeys,
      rehearsal: () => rehearsal,
      outbox: (to) => messaging.messages(to),
      ...(benchReferences
        ? {
            benchReferences: {
              floor: () => benchReferences.rawSubmission(env.TABLE_NAME, env.INTAKE_QUEUE_URL),
              required: () => benchReferences.requiredSubmission(env.TABLE_NAME, env.INTAKE_QUEUE_URL),
            },
          }
        : {}),
    }),
    host: options.host ?? '127.0.0.1',
    port: options.port ?? localPort(undefined),
  });
  process.env.PUBLIC_BASE_URL ??= gateway.url;
  for (const name of Object.keys(functions) as FunctionName[]) {
    const module = (await import(pathToFileURL(join(repositoryRoot, functions[name].entry)).href)) as { handler: Handler };
    handlers.set(name, options.wrapHandler ? options.wrapHandler(name, module.handler) : module.handler);
  }

  const sqs = new SQSClient({ endpoint: engines.sqsEndpoint, region: localRegion, credentials: localCredentials });
  /** Lambda's event source for each consumer of a queue. */
  const pollersOf = (consumers: readonly FunctionName[], queue: { queueUrl: string; queueArn: string }, settings: { batchSize: number }) =>
    consumers.map(
      (name) =>
        new QueuePoller({
          client: sqs,
          ...queue,
          batchSize: settings.batchSize,
          consume: (event: SQSEvent) => invoke(name, event),
          onError: (error) => log(`${name} failed a batch: ${error instanceof Error ? error.name : 'error'}`),
        }),
    );
  const pollers = pollersOf(queueConsumers, { queueUrl: engines.queueUrl, queueArn: engines.queueArn }, intakeQueueSettings);
  const notificationPollers = pollersOf(
    notificationQueueConsumers,
    { queueUrl: engines.notificationQueueUrl, queueArn: engines.notificationQueueArn },
    notificationQueueSettings,
  );
  const allPollers = [...pollers, ...notificationPollers];
  if (options.poller !== false) for (const poller of allPollers) poller.start();

  const scheduler = new Scheduler(
    schedules.map((schedule) => ({
      name: schedule.function,
      intervalSeconds: schedule.localIntervalSeconds,
      run: (event) => invoke(schedule.function, event),
    })),
    (name, error) => log(`${name} failed: ${error instanceof Error ? error.message : 'error'}`),
  );
  if (options.schedules !== false) scheduler.start();

  const { oldestUnscreenedSubmittedAt } = await import('../../shared/adapters/store/application-store.ts');
  const visibleMessages = async (queueUrl: string) => {
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
    return Number(Attributes?.ApproximateNumberOfMessages ?? 0);
  };
  const rehearsal = new AlarmRehearsal({
    runSlaMonitor: async () => (await scheduler.runNow('monitor-sla')) as LaneSla[],
    oldestUnscreenedSubmittedAt,
    deadLetterMessages: () => visibleMessages(engines.deadLetterQueueUrl),
    notificationDeadLetterMessages: () => visibleMessages(engines.notificationDeadLetterQueueUrl),
    takeFunctionErrors: () => {
      const taken = new Map(functionErrors);
      functionErrors.clear();
      return taken;
    },
    takeApiCounts: () => {
      const taken = { ...apiCounts };
      apiCounts.requests = 0;
      apiCounts.serverErrors = 0;
      return taken;
    },
    functionNames: Object.keys(functions) as FunctionName[],
    print: (line) => log(line),
  });
  const alarmTimer = options.alarms ?? options.schedules !== false ? setInterval(() => void rehearsal.evaluate().catch(() => undefined), 60_000) : undefined;
  alarmTimer?.unref();

  return {
    url: gateway.url,
    engineNames: engines.engineNames,
    env,
    drainQueue: (timeoutMs) => pollers[0]!.drain(timeoutMs),
    drainNotifications: (timeoutMs) => notificationPollers[0]!.drain(timeoutMs),
    outbox: (to) => messaging.messages(to),
    runSchedule: (name) => scheduler.runNow(name),
    invoke,
    evaluateAlarms: () => rehearsal.evaluate(),
    startPolling: () => {
      for (const poller of allPollers) poller.start();
    },
    stopPolling: async () => {
      await Promise.all(allPollers.map((poller) => poller.stop({ finishReceive: true })));
    },
    async stop() {
      if (alarmTimer) clearInterval(alarmTimer);
      await scheduler.stop();
      await Promise.all(allPollers.map((poller) => poller.stop()));
      await gateway.stop();
      sqs.destroy();
      await messaging.stop();
      await engines.stop();
      if (temporaryKeyDir) rmSync(temporaryKeyDir, { recursive: true, force: true });
    },
  };
}
