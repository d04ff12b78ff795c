/** The fixed list of reason codes a clerk gives for a rejection, a request for information or a revocation. */
export const reasonCodes = {
  'incomplete-document': 'A required document or field is missing or unreadable.',
  'document-expired': 'A travel document has expired or expires too soon.',
  'document-mismatch': 'Document details do not match the person or the scan.',
  'watch-list-match': 'A person or vehicle matches a watch-list entry.',
  'vehicle-not-admitted': 'The vehicle is not admitted at this port or lacks papers.',
  'cargo-not-admitted': 'The cargo is not admitted at this port or lacks papers.',
  'capacity': 'The port cannot take the crossing on those dates.',
  'duplicate-application': 'Another open application covers the same person and dates.',
  'fraud-suspected': 'The application appears to be false or forged.',
  'other': 'Another reason, explained in the note.',
} as const;

export type ReasonCode = keyof typeof reasonCodes;
export const reasonCodeList = Object.keys(reasonCodes) as [ReasonCode, ...ReasonCode[]];

/** The reason codes an applicant may see; any other reads `other`, so a rejection never tips anyone off. */
export const applicantReasonCodes = [
  'incomplete-document',
  'document-expired',
  'document-mismatch',
  'vehicle-not-admitted',
  'cargo-not-admitted',
  'capacity',
  'other',
] as const satisfies readonly ReasonCode[];
export type ApplicantReasonCode = (typeof applicantReasonCodes)[number];

/** `watch-list-match`, `duplicate-application` and `fraud-suspected` (and any code added later) show as `other`. */
export function applicantReasonCode(code: string): ApplicantReasonCode {
  return (applicantReasonCodes as readonly string[]).includes(code) ? (code as ApplicantReasonCode) : 'other';
}
