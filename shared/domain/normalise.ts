/**
 * How documents, names and plates are compared: screening and the watch list both key on these forms, so
 * spelling differences that do not change who or what is meant do not change the key.
 */

export function normaliseDocumentNumber(value: string): string {
  return value.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** Case, accents, punctuation, spacing and word order do not change the result. */
export function normaliseName(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .sort()
    .join(' ');
}

export function normalisePlate(value: string): string {
  return value.normalize('NFKC').toUpperCase().replace(/[\s\-.·]/g, '');
}

export const personWatchValue = (fullName: string, dateOfBirth: string) => `${normaliseName(fullName)}|${dateOfBirth}`;
