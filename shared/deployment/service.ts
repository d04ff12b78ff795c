/** The service's name in logs and metrics, and its metric namespace: the functions, the stacks and the local runner read them here. */
export const serviceName = 'permit-fast-track';
export const metricNamespace = 'PermitFastTrack';

/** The environment Powertools reads in every function. */
export const powertoolsEnvironment = {
  POWERTOOLS_SERVICE_NAME: serviceName,
  POWERTOOLS_METRICS_NAMESPACE: metricNamespace,
} as const;
