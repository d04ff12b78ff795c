/**
 * Which local stack a helper script talks to, in one place: its URL (for `npm run demo:breach`) and the
 * AWS settings for its endpoints (for `npm run invoke` and `npm run watchlist:load`). `npm start` and the
 * helpers read the same `PORT`, so one `export PORT=3101` points them all at the same stack.
 */

export const defaultLocalPort = 3000;
export const localRegion = 'us-east-1';
/** dynalite and fauxqs accept any credentials; the SDK only needs some to sign with. */
export const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** The port `npm start` listens on: `--port`, else `PORT`, else 3000; an error names a bad value. */
export function localPort(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): number {
  const given = flag ?? env.PORT;
  const port = Number(given ?? defaultLocalPort);
  if (given?.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`Not a port number: ${given}`);
  }
  return port;
}

/** The running stack's base URL: `--url`, else the stack on `PORT` (default 3000) of this machine. */
export function localStackUrl(urlFlag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (urlFlag) return urlFlag.replace(/\/+$/, '');
  return `http://127.0.0.1:${localPort(undefined, env)}`;
}

/** The sender identities of the local stand-ins for SES and SMS, which record messages instead of sending them. */
/** What `npm start` prints for helper scripts in another shell to reach its stack. */
export const helperScriptVariables = ['PORT', 'TABLE_NAME', 'INTAKE_QUEUE_URL', 'NOTIFICATION_QUEUE_URL', 'DYNAMODB_ENDPOINT', 'SQS_ENDPOINT', 'SES_ENDPOINT', 'SMS_ENDPOINT', 'PERMIT_LOCAL_KEY_DIR'] as const;

const localMessagingIdentity = { EMAIL_FROM_ADDRESS: 'permits@local.invalid', SMS_ORIGINATION_IDENTITY: 'local-sender' } as const;

/** The sender identities the notification functions require at import; the local stand-ins only need them well-formed. */
export function useLocalMessagingIdentity(env: NodeJS.ProcessEnv = process.env): void {
  for (const [variable, value] of Object.entries(localMessagingIdentity)) env[variable] ??= value;
}

/**
 * When DYNAMODB_ENDPOINT or SQS_ENDPOINT points the SDK at a local engine, supplies the region and dummy
 * credentials the SDK insists on, unless the caller set their own (or a profile). Without an override it
 * changes nothing, so in AWS the SDK's usual region and credential chain applies.
 */
export function useLocalAwsDefaults(env: NodeJS.ProcessEnv = process.env): void {
  if ((!env.DYNAMODB_ENDPOINT && !env.SQS_ENDPOINT) || env.AWS_PROFILE) return;
  env.AWS_REGION ??= localRegion;
  if (!env.AWS_ACCESS_KEY_ID && !env.AWS_SECRET_ACCESS_KEY) {
    env.AWS_ACCESS_KEY_ID = localCredentials.accessKeyId;
    env.AWS_SECRET_ACCESS_KEY = localCredentials.secretAccessKey;
  }
}
