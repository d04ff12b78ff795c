/** Watch-list files: CSV with `kind,value,dateOfBirth,reason`, keyed the way screening looks them up. */
import { normaliseDocumentNumber } from './document-lists.ts';
import { personWatchValues, plateSkeletons } from './normalise.ts';

export type WatchListKind = 'document' | 'person' | 'plate';

export interface WatchListEntry {
  kind: WatchListKind;
  /** The comparison key: document number, `name skeleton|dateOfBirth`, or plate skeleton (a row may give two). */
  value: string;
  reason: string;
}

export class WatchListFormatError extends Error {}

function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let index = 0; index < line.length; index++) {
    const char = line[index]!;
    if (quoted) {
      if (char === '"' && line[index + 1] === '"') {
        cell += '"';
        index++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      cells.push(cell);
      cell = '';
    } else cell += char;
  }
  cells.push(cell);
  return cells.map((value) => value.trim());
}

/**
 * The entries of a file, one per comparison key. Rows that meet on a key (the same person spelled two
 * ways, say) become one entry whose reason joins theirs: a table write takes each key once.
 */
export function parseWatchList(csv: string): WatchListEntry[] {
  const lines = csv.split(/\r?\n/).filter((line) => line.trim() !== '');
  const header = splitCsvLine(lines.shift() ?? '').join(',');
  if (header !== 'kind,value,dateOfBirth,reason') {
    throw new WatchListFormatError('The first line must be: kind,value,dateOfBirth,reason');
  }
  const entries = new Map<string, WatchListEntry>();
  lines.forEach((line, index) => {
    const [kind, value, dateOfBirth, reason] = splitCsvLine(line);
    const lineNumber = index + 2;
    if (!value) throw new WatchListFormatError(`Line ${lineNumber}: value is empty`);
    const entryReason = reason || 'unspecified';
    const keys = keysOf(kind, value, dateOfBirth, lineNumber);
    if (keys.some((key) => key === '' || key.startsWith('|'))) throw new WatchListFormatError(`Line ${lineNumber}: value has no letters or digits`);
    for (const key of keys) {
      const existing = entries.get(`${kind}#${key}`);
      if (!existing) entries.set(`${kind}#${key}`, { kind: kind as WatchListKind, value: key, reason: entryReason });
      else if (!existing.reason.split('; ').includes(entryReason)) existing.reason = `${existing.reason}; ${entryReason}`;
    }
  });
  return [...entries.values()];
}

function keysOf(kind: string | undefined, value: string, dateOfBirth: string | undefined, lineNumber: number): string[] {
  switch (kind) {
    case 'document':
      return [normaliseDocumentNumber(value)];
    case 'plate':
      return plateSkeletons(value);
    case 'person':
      if (!/^\d{4}-\d{2}-\d{2}$/.test(dateOfBirth ?? '')) {
        throw new WatchListFormatError(`Line ${lineNumber}: a person needs dateOfBirth as YYYY-MM-DD`);
      }
      return personWatchValues(value, dateOfBirth!);
    default:
      throw new WatchListFormatError(`Line ${lineNumber}: kind must be document, person or plate`);
  }
}
