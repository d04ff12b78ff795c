/** The stored application and the rules that follow from its content alone. */
import type { ApplicationInput, ApplicationKind, Person } from './schemas.ts';
import type { Permit } from './permit-token.ts';
import type { ReasonCode } from './reason-codes.ts';
import type { Lane } from './review-clock.ts';
import type { Outbox } from './notifications.ts';

export const statuses = [
  'SUBMITTED',
  'PENDING_REVIEW',
  'INFO_REQUESTED',
  'APPROVED',
  'REJECTED',
  'WITHDRAWN',
  'REVOKED',
] as const;
export type Status = (typeof statuses)[number];

/** Applications still waiting for a decision. */
export const openStatuses: readonly Status[] = ['SUBMITTED', 'PENDING_REVIEW', 'INFO_REQUESTED'];

/** What screening may flag; only the document-expiry ones are shown to the applicant. */
export const flagCodes = [
  'document-expires-during-trip',
  'document-expires-soon',
  'duplicate-application',
  'watch-list-document',
  'watch-list-person',
  'watch-list-plate',
  'mixed-script-name',
] as const;
export type FlagCode = (typeof flagCodes)[number];

/**
 * Flags an applicant may see on the status page: only what they can put right themselves. Watch-list
 * hits, duplicates and look-alike names are for officers: showing them would tip someone off, or tell
 * anyone holding another person's passport number whether that person has a trip booked.
 */
export const applicantVisibleFlagCodes: ReadonlySet<FlagCode> = new Set<FlagCode>(['document-expires-during-trip', 'document-expires-soon']);

export interface Flag {
  code: FlagCode;
  message: string;
  /** Which part of the application it concerns: `applicant`, `members.2`, `drivers.0`, `vehicle`. */
  subject: string;
}

/** What a history entry records: the applicant's steps, screening, and the clerks' actions and decisions. */
export const historyActions = [
  'submit',
  'screen',
  'auto-approve',
  'claim',
  'release',
  'approve',
  'reject',
  'request-info',
  'answer-info',
  'revoke',
  'audit-confirm',
  'audit-refer',
  'withdraw',
] as const;
export type HistoryAction = (typeof historyActions)[number];

export interface HistoryEntry {
  at: string;
  actor: string;
  action: HistoryAction;
  from?: Status;
  to?: Status;
  reasonCode?: ReasonCode;
  note?: string;
  /** The port policy version a rule decision applied. */
  policyVersion?: number;
}

/** A rule approval drawn for audit: `pending` awaits a clerk, `referred` a supervisor, `confirmed` is done. */
export interface AuditSample {
  state: 'pending' | 'referred' | 'confirmed';
  sampledAt: string;
  policyVersion: number;
  referredAt?: string;
  referredBy?: string;
  note?: string;
  confirmedAt?: string;
  confirmedBy?: string;
}

/** A clerk's lease on a `PENDING_REVIEW` application. */
export interface Claim {
  clerkId: string;
  expiresAt: string;
  expiresAtMs: number;
}

export interface Decision {
  outcome: 'approve' | 'reject';
  reasonCode?: ReasonCode;
  /** For officers only. */
  note?: string;
  /** What the applicant reads. */
  applicantMessage?: string;
  excludedMembers?: number[];
  decidedAt: string;
  decidedBy: string;
}

export interface InfoRequest {
  reasonCode: ReasonCode;
  message: string;
  requestedAt: string;
  requestedBy: string;
  answeredAt?: string;
  answer?: string;
}

export interface ApplicationRecord {
  id: string;
  kind: ApplicationKind;
  port: string;
  lane: Lane;
  status: Status;
  submittedAt: string;
  reviewDeadline: string;
  application: ApplicationInput;
  accessTokenHash: string;
  flags: Flag[];
  history: HistoryEntry[];
  version: number;
  claim?: Claim;
  decision?: Decision;
  infoRequest?: InfoRequest;
  permit?: Permit;
  revocation?: { reasonCode: ReasonCode; note?: string; applicantMessage?: string; revokedAt: string; revokedBy: string };
  /** Set when a rule approval was sampled for audit. */
  audit?: AuditSample;
  /** Review time left while the clock is stopped (`INFO_REQUESTED`). */
  clockRemainingMs?: number;
  /** The applicant's messages, written by the transitions that cause them (see notifications.ts). */
  outbox?: Outbox;
  /** How many outbox entries are neither sent nor failed. */
  outboxPending?: number;
}

/**
 * What screening needs of an application: enough to screen it, approve it by the rules (the permit, the
 * outbox entry's key and whether the outbox exists) and write either, without its history, flags or token hash.
 */
export type ScreeningRecord = Pick<
  ApplicationRecord,
  'id' | 'kind' | 'port' | 'lane' | 'status' | 'submittedAt' | 'reviewDeadline' | 'application' | 'version' | 'outbox' | 'outboxPending'
>;

/** Application ids are URL-safe random strings; anything else is not worth a table read. */
export const applicationIdPattern = /^[A-Za-z0-9_-]{20,64}$/;
export const isApplicationId = (value: string) => applicationIdPattern.test(value);

export function laneOf(application: ApplicationInput): Lane {
  if (application.kind === 'border-tourism') return application.urgent?.reason === 'medical' ? 'medical' : 'standard';
  return application.cargo.some((line) => line.perishable) ? 'perishable' : 'standard';
}

/** Every person named on the application, with the path that names them. */
export function peopleOf(application: ApplicationInput): { subject: string; person: Person }[] {
  if (application.kind === 'border-tourism') {
    return [
      { subject: 'applicant', person: application.applicant },
      ...(application.members ?? []).map((person, index) => ({ subject: `members.${index}`, person })),
    ];
  }
  return application.drivers.map((person, index) => ({ subject: `drivers.${index}`, person }));
}

/** The dates the application covers: the trip for tourism, the crossing day for cargo. */
export function travelWindow(application: ApplicationInput): { from: string; to: string } {
  if (application.kind === 'border-tourism') return { from: application.travel.entryDate, to: application.travel.exitDate };
  return { from: application.crossingDate, to: application.crossingDate };
}
