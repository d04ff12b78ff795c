/**
 * The one route table and function catalogue. The stateless stack builds the HTTP API and the Lambda
 * functions from it; the local runner serves the same routes with the same handlers.
 */

export type FunctionName = 'list-ports' | 'submit-application' | 'get-application' | 'screen-applications' | 'repair-intake';

export interface FunctionDefinition {
  /** Source file exporting `handler`, relative to the repository root. */
  entry: string;
  description: string;
  timeoutSeconds: number;
  memoryMb: number;
  /** What the function may touch; the stack grants exactly these and sets the matching environment. */
  needs: { table?: 'read' | 'write'; intakeQueue?: 'send' | 'consume' };
}

export const functions: Record<FunctionName, FunctionDefinition> = {
  'list-ports': {
    entry: 'functions/list-ports/handler.ts',
    description: 'Lists the ports of entry with their calendars',
    timeoutSeconds: 5,
    memoryMb: 256,
    needs: {},
  },
  'submit-application': {
    entry: 'functions/submit-application/handler.ts',
    description: 'Accepts a permit application and queues it for screening',
    timeoutSeconds: 10,
    memoryMb: 512,
    needs: { table: 'write', intakeQueue: 'send' },
  },
  'get-application': {
    entry: 'functions/get-application/handler.ts',
    description: "Shows an applicant their application's status",
    timeoutSeconds: 5,
    memoryMb: 256,
    needs: { table: 'read' },
  },
  'screen-applications': {
    entry: 'functions/screen-applications/handler.ts',
    description: 'Screens submitted applications and puts them in the review queue',
    timeoutSeconds: 30,
    memoryMb: 512,
    needs: { table: 'write', intakeQueue: 'consume' },
  },
  'repair-intake': {
    entry: 'functions/repair-intake/handler.ts',
    description: 'Re-enqueues applications that were stored but never reached the intake queue',
    timeoutSeconds: 60,
    memoryMb: 256,
    needs: { table: 'read', intakeQueue: 'send' },
  },
};

export type RouteAuth = 'public' | 'clerk';

export interface RouteDefinition {
  method: 'GET' | 'POST';
  /** API Gateway path syntax: `{name}` for a path parameter. */
  path: string;
  function: FunctionName;
  auth: RouteAuth;
}

export const routes: readonly RouteDefinition[] = [
  { method: 'GET', path: '/api/ports', function: 'list-ports', auth: 'public' },
  { method: 'POST', path: '/api/applications', function: 'submit-application', auth: 'public' },
  { method: 'GET', path: '/api/applications/{id}', function: 'get-application', auth: 'public' },
];

/** Functions fed by the intake queue (Lambda's SQS event source, or the local poller). */
export const queueConsumers: readonly FunctionName[] = ['screen-applications'];

/** Scheduled jobs: rate in minutes in AWS, and the shorter interval the local runner uses. */
export interface ScheduleDefinition {
  function: FunctionName;
  rateMinutes: number;
  localIntervalSeconds: number;
}

export const schedules: readonly ScheduleDefinition[] = [
  { function: 'repair-intake', rateMinutes: 5, localIntervalSeconds: 60 },
];
