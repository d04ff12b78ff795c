/**
 * The one route table and function catalogue. The stateless stack builds the HTTP API and the Lambda
 * functions from it; the local runner serves the same routes with the same handlers.
 */

export type FunctionName =
  | 'list-ports'
  | 'submit-application'
  | 'get-application'
  | 'answer-info'
  | 'screen-applications'
  | 'repair-intake'
  | 'monitor-sla'
  | 'review-list'
  | 'review-detail'
  | 'review-claim'
  | 'review-release'
  | 'review-decide'
  | 'review-revoke'
  | 'review-policy'
  | 'review-policy-update'
  | 'review-audit'
  | 'permit-keys'
  | 'verify-permit'
  | 'permit-revocations'
  | 'get-openapi'
  | 'withdraw-application'
  | 'deliver-notifications'
  | 'repair-notifications';

export interface FunctionDefinition {
  /** Source file exporting `handler`, relative to the repository root. */
  entry: string;
  description: string;
  timeoutSeconds: number;
  memoryMb: number;
  /**
   * What the function may touch; the stack grants exactly these and sets the matching environment.
   * `permitKey`: `sign` may sign permits with the KMS key, `publish` may read its public key.
   * `notificationQueue`: send asks for delivery of messages, consume delivers them; `messaging`: may send
   * email (SES) and SMS (End User Messaging SMS) from the configured identities.
   */
  needs: {
    table?: 'read' | 'write';
    intakeQueue?: 'send' | 'consume';
    permitKey?: 'sign' | 'publish';
    notificationQueue?: 'send' | 'consume';
    messaging?: 'send';
  };
}

const fn = (name: string, description: string, needs: FunctionDefinition['needs'], timeoutSeconds = 10, memoryMb = 512): FunctionDefinition => ({
  entry: `functions/${name}/handler.ts`,
  description,
  timeoutSeconds,
  memoryMb,
  needs,
});

export const functions: Record<FunctionName, FunctionDefinition> = {
  'list-ports': fn('list-ports', 'Lists the ports of entry with their calendars', {}, 5, 256),
  'submit-application': fn('submit-application', 'Accepts a permit application and queues it for screening', { table: 'write', intakeQueue: 'send' }),
  'get-application': fn('get-application', "Shows an applicant their application's status", { table: 'read' }, 5),
  'answer-info': fn('answer-info', 'Takes the applicant answer to a request for information', { table: 'write' }),
  // Signs: a port's rules approve clean applications at screening, with their permits.
  'screen-applications': fn(
    'screen-applications',
    'Screens submitted applications into the review queue or approves them by the port rules',
    { table: 'write', intakeQueue: 'consume', permitKey: 'sign', notificationQueue: 'send' },
    30,
  ),
  'repair-intake': fn('repair-intake', 'Re-enqueues applications that never reached the intake queue', { table: 'read', intakeQueue: 'send' }, 60, 256),
  'monitor-sla': fn('monitor-sla', 'Publishes open, at-risk and breached counts per port and lane', { table: 'read' }, 60, 256),
  'review-list': fn('review-list', "Lists a port's review queue", { table: 'read' }),
  'review-detail': fn('review-detail', 'Shows a clerk the full application and its history', { table: 'read' }),
  'review-claim': fn('review-claim', 'Claims an application for review', { table: 'write' }),
  'review-release': fn('review-release', 'Releases a claim', { table: 'write' }),
  'review-decide': fn('review-decide', 'Records a decision and issues the signed permit', { table: 'write', permitKey: 'sign', notificationQueue: 'send' }),
  'review-revoke': fn('review-revoke', 'Revokes an approved permit', { table: 'write', notificationQueue: 'send' }),
  'review-policy': fn('review-policy', "Shows a port's automated-decision policy and its recent versions", { table: 'read' }),
  'review-policy-update': fn('review-policy-update', "Changes a port's automated-decision policy (supervisor)", { table: 'write' }),
  'review-audit': fn('review-audit', 'Confirms or refers a rule approval sampled for audit', { table: 'write' }),
  'permit-keys': fn('permit-keys', 'Publishes the permit verification keys (JWKS)', { permitKey: 'publish' }, 5, 256),
  'verify-permit': fn('verify-permit', 'Verifies a permit token for a checkpoint', { table: 'read', permitKey: 'publish' }, 5),
  'permit-revocations': fn('permit-revocations', 'Signs the list of revoked permits that checkpoints keep offline', { table: 'read', permitKey: 'sign' }, 10, 256),
  'get-openapi': fn('get-openapi', 'Serves the OpenAPI document', {}, 5, 256),
  'withdraw-application': fn('withdraw-application', 'Lets the applicant withdraw an application awaiting a decision', { table: 'write', notificationQueue: 'send' }),
  'deliver-notifications': fn(
    'deliver-notifications',
    "Sends the applicant's messages by email and SMS, each once",
    { table: 'write', notificationQueue: 'consume', messaging: 'send' },
    30,
  ),
  'repair-notifications': fn('repair-notifications', 'Re-enqueues applications whose messages still wait', { table: 'read', notificationQueue: 'send' }, 60, 256),
};

export type RouteAuth = 'public' | 'clerk';

/**
 * The OAuth scope a `clerk` route requires (the API's JWT authorizer and the local gateway alike): only
 * access tokens issued to the console for the review API carry it; ID tokens carry no scope at all.
 */
export const reviewScope = { resourceServer: 'permit-fast-track', name: 'review' } as const;
export const reviewScopeName = `${reviewScope.resourceServer}/${reviewScope.name}`;

/** Requests per second (steady) and burst, per route; API Gateway route throttling and the local gateway. */
export interface Throttle {
  rateLimit: number;
  burstLimit: number;
}

export const defaultThrottle: Throttle = { rateLimit: 100, burstLimit: 200 };

export interface RouteDefinition {
  method: 'GET' | 'POST' | 'PUT';
  /** API Gateway path syntax: `{name}` for a path parameter. */
  path: string;
  function: FunctionName;
  auth: RouteAuth;
  throttle?: Throttle;
}

export const routes: readonly RouteDefinition[] = [
  { method: 'GET', path: '/api/ports', function: 'list-ports', auth: 'public' },
  { method: 'POST', path: '/api/applications', function: 'submit-application', auth: 'public' },
  { method: 'GET', path: '/api/applications/{id}', function: 'get-application', auth: 'public' },
  { method: 'POST', path: '/api/applications/{id}/info', function: 'answer-info', auth: 'public' },
  { method: 'POST', path: '/api/applications/{id}/withdraw', function: 'withdraw-application', auth: 'public' },
  { method: 'GET', path: '/api/review/applications', function: 'review-list', auth: 'clerk' },
  { method: 'GET', path: '/api/review/applications/{id}', function: 'review-detail', auth: 'clerk' },
  { method: 'POST', path: '/api/review/applications/{id}/claim', function: 'review-claim', auth: 'clerk' },
  { method: 'POST', path: '/api/review/applications/{id}/release', function: 'review-release', auth: 'clerk' },
  { method: 'POST', path: '/api/review/applications/{id}/decision', function: 'review-decide', auth: 'clerk' },
  { method: 'POST', path: '/api/review/applications/{id}/revoke', function: 'review-revoke', auth: 'clerk' },
  { method: 'POST', path: '/api/review/applications/{id}/audit', function: 'review-audit', auth: 'clerk' },
  { method: 'GET', path: '/api/review/ports/{port}/policy', function: 'review-policy', auth: 'clerk' },
  { method: 'PUT', path: '/api/review/ports/{port}/policy', function: 'review-policy-update', auth: 'clerk' },
  { method: 'GET', path: '/api/permits/keys', function: 'permit-keys', auth: 'public' },
  // Public and cheap to call: throttled so it cannot be used to hammer the table.
  { method: 'POST', path: '/api/permits/verify', function: 'verify-permit', auth: 'public', throttle: { rateLimit: 20, burstLimit: 40 } },
  // Public, and a fresh list costs a KMS signature: the function keeps one a minute, the CDN caches it too.
  { method: 'GET', path: '/api/permits/revocations', function: 'permit-revocations', auth: 'public', throttle: { rateLimit: 10, burstLimit: 20 } },
  { method: 'GET', path: '/api/openapi.json', function: 'get-openapi', auth: 'public' },
];

/** Functions fed by the intake queue (Lambda's SQS event source, or the local poller). */
export const queueConsumers: readonly FunctionName[] = ['screen-applications'];

/** Functions fed by the notification queue. */
export const notificationQueueConsumers: readonly FunctionName[] = ['deliver-notifications'];

/** Scheduled jobs: rate in minutes in AWS, and the shorter interval the local runner uses. */
export interface ScheduleDefinition {
  function: FunctionName;
  rateMinutes: number;
  localIntervalSeconds: number;
}

export const schedules: readonly ScheduleDefinition[] = [
  { function: 'repair-intake', rateMinutes: 5, localIntervalSeconds: 60 },
  { function: 'monitor-sla', rateMinutes: 5, localIntervalSeconds: 60 },
  { function: 'repair-notifications', rateMinutes: 5, localIntervalSeconds: 60 },
];
