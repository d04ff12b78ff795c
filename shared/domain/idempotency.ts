/** What a claimed `Idempotency-Key` remembers, so that a retry gets the first answer back. */
export interface IdempotencyRecord {
  keyHash: string;
  fingerprint: string;
  applicationId: string;
  submittedAt: string;
  reviewDeadline: string;
  accessTokenHash: string;
  sealedAccessToken: string;
  /** Epoch seconds; DynamoDB's TTL removes the record some time after. */
  expiresAt: number;
}
