/**
 * The environment, parsed once with zod. A function asks for the variables it needs at cold start; a
 * missing one stops it there with a message naming the variable, never a silent default.
 */
import * as z from 'zod';

const environmentSchema = z.object({
  TABLE_NAME: z.string().min(1),
  INTAKE_QUEUE_URL: z.url(),
  /** The queue of applications with messages to deliver. */
  NOTIFICATION_QUEUE_URL: z.url(),
  /** Where applicants open the service (status page links in messages), e.g. the CloudFront URL. */
  PUBLIC_BASE_URL: z.url(),
  /** The From address of applicant email, on an identity verified in Amazon SES. */
  EMAIL_FROM_ADDRESS: z.email(),
  /** The phone number, pool or sender id (ARN or id) that sends SMS in AWS End User Messaging SMS. */
  SMS_ORIGINATION_IDENTITY: z.string().min(1),
  /** The KMS key (ECC_NIST_P256, SIGN_VERIFY) that signs permits in AWS. */
  PERMIT_SIGNING_KEY_ARN: z.string().min(1).optional(),
  /** Every key whose permits may still be valid, comma-separated, the signing key first (for the JWKS). */
  PERMIT_PUBLISHED_KEY_ARNS: z.string().min(1).optional(),
  /** Local only: the folder with the permit key pair that stands in for KMS. */
  PERMIT_LOCAL_KEY_DIR: z.string().min(1).optional(),
  /** The secret CloudFront adds as `x-origin-verify`; API functions refuse requests without it (set in AWS). */
  ORIGIN_VERIFY_SECRET: z.string().min(32).optional(),
  /** Local only: point the SDK clients at dynalite/fauxqs or another endpoint instead of AWS. */
  DYNAMODB_ENDPOINT: z.url().optional(),
  SQS_ENDPOINT: z.url().optional(),
  /** Local only: the stand-in SES v2 and SMS endpoints that record messages instead of sending them. */
  SES_ENDPOINT: z.url().optional(),
  SMS_ENDPOINT: z.url().optional(),
});

export type Environment = z.infer<typeof environmentSchema>;

export function loadConfig<Key extends keyof Environment>(
  keys: readonly Key[],
  source: NodeJS.ProcessEnv = process.env,
): Pick<Environment, Key> {
  const mask: Partial<Record<keyof Environment, true>> = Object.fromEntries(keys.map((key) => [key, true]));
  const parsed = environmentSchema.pick(mask).safeParse(source);
  if (!parsed.success) {
    const names = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
    throw new Error(`Configuration error: missing or invalid environment variable(s): ${names}`);
  }
  return parsed.data as unknown as Pick<Environment, Key>;
}

/** Endpoint overrides are optional by design: in AWS the SDK finds the regional endpoint itself. */
export const endpointOverrides = () => loadConfig(['DYNAMODB_ENDPOINT', 'SQS_ENDPOINT']);
