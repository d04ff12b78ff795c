/**
 * The applicant's messages: which events send one, on which channels, in which language, and the outbox
 * entries a transition writes in its own conditional write (no message without its transition, no
 * transition without its message). Delivery claims and marks each entry, so it is sent once.
 */
import type { ApplicationInput, ContactLanguage } from './schemas.ts';

export const notificationEvents = ['received', 'info-requested', 'approved', 'rejected', 'revoked', 'withdrawn'] as const;
export type NotificationEvent = (typeof notificationEvents)[number];

export const notificationChannels = ['email', 'sms'] as const;
export type NotificationChannel = (typeof notificationChannels)[number];

export const defaultLanguage: ContactLanguage = 'zh-CN';

/** What a message says besides the application number and its new status, fixed when the event happens. */
export interface NotificationFacts {
  /** The review deadline, while the clock runs (`received`). */
  reviewDeadline?: string;
  /** Review time left while the clock is stopped (`info-requested`). */
  clockRemainingMinutes?: number;
  /** What the clerk asks for: a request's note is written for the applicant (contract, applicant privacy). */
  infoRequest?: string;
  /** The permit's number and validity (`approved`). */
  permit?: { number: string; validFrom: string; validUntil: string };
  /** A decision's words meant for the applicant, never its internal note (filled once decisions carry one). */
  applicantMessage?: string;
}

/** A delivery in progress: whoever holds a live claim is the only one who may send the message. */
export interface OutboxClaim {
  token: string;
  untilMs: number;
}

export interface OutboxEntry {
  event: NotificationEvent;
  channel: NotificationChannel;
  /** The address or phone number as the applicant gave it when the event happened. */
  to: string;
  language: ContactLanguage;
  createdAt: string;
  facts: NotificationFacts;
  claim?: OutboxClaim;
  /** Claims taken so far: more than one means a send failed or a holder died. */
  attempts?: number;
  sentAt?: string;
  /** A send the provider refused for good (a malformed or suppressed address): never retried. */
  failedAt?: string;
  failure?: string;
}

/** One entry per event occurrence and channel, keyed `<version>-<event>-<channel>`. */
export type Outbox = Record<string, OutboxEntry>;

/** What a transition adds to the outbox; `outboxExists` says whether the record already has the map. */
export interface OutboxAddition {
  entries: Outbox;
  outboxExists: boolean;
}

export const languageOf = (application: ApplicationInput): ContactLanguage => application.contact?.language ?? defaultLanguage;

/** Every channel the applicant gave: SMS to the phone (tourism contact, or the carrier's), email when given. */
export function recipientsOf(application: ApplicationInput): { channel: NotificationChannel; to: string }[] {
  const phone = application.kind === 'border-tourism' ? application.contact.phone : application.carrier.contactPhone;
  const email = application.contact?.email;
  return [...(email ? [{ channel: 'email' as const, to: email }] : []), { channel: 'sms' as const, to: phone }];
}

/**
 * The outbox entries of one event, to be written by the transition that makes it happen. `version` is the
 * record's version the transition was decided on (1 at submission), so a repeated event (a second request
 * for information) gets keys of its own.
 */
export function outboxAddition(
  record: { application: ApplicationInput; version: number; outbox?: Outbox },
  event: NotificationEvent,
  at: string,
  facts: NotificationFacts = {},
): OutboxAddition {
  const language = languageOf(record.application);
  const entries: Outbox = {};
  for (const { channel, to } of recipientsOf(record.application)) {
    entries[`${record.version}-${event}-${channel}`] = { event, channel, to, language, createdAt: at, facts };
  }
  return { entries, outboxExists: record.outbox !== undefined };
}

export const isPending = (entry: OutboxEntry) => entry.sentAt === undefined && entry.failedAt === undefined;

/** Entries still to send, in the order their events happened. */
export function pendingEntries(outbox: Outbox | undefined): [string, OutboxEntry][] {
  const sequence = (key: string) => Number(key.split('-')[0]);
  return Object.entries(outbox ?? {})
    .filter(([, entry]) => isPending(entry))
    .sort(([a], [b]) => sequence(a) - sequence(b) || (a < b ? -1 : 1));
}
