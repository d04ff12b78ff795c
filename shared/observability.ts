/** One logger and one metrics instance per function, JSON lines with the application id and port as keys. */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

export const serviceName = 'permit-fast-track';

export const logger = new Logger({ serviceName });
export const metrics = new Metrics({ serviceName, namespace: 'PermitFastTrack' });
