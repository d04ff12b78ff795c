/** Watch-list files: CSV with `kind,value,dateOfBirth,reason`, normalised the way screening looks them up. */
import { normaliseDocumentNumber, normalisePlate, personWatchValue } from './normalise.ts';

export type WatchListKind = 'document' | 'person' | 'plate';

export interface WatchListEntry {
  kind: WatchListKind;
  /** The normalised value: document number, `name|dateOfBirth`, or plate. */
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

export function parseWatchList(csv: string): WatchListEntry[] {
  const lines = csv.split(/\r?\n/).filter((line) => line.trim() !== '');
  const header = splitCsvLine(lines.shift() ?? '').join(',');
  if (header !== 'kind,value,dateOfBirth,reason') {
    throw new WatchListFormatError('The first line must be: kind,value,dateOfBirth,reason');
  }
  return lines.map((line, index) => {
    const [kind, value, dateOfBirth, reason] = splitCsvLine(line);
    const lineNumber = index + 2;
    if (!value) throw new WatchListFormatError(`Line ${lineNumber}: value is empty`);
    const entryReason = reason || 'unspecified';
    switch (kind) {
      case 'document':
        return { kind, value: normaliseDocumentNumber(value), reason: entryReason };
      case 'plate':
        return { kind, value: normalisePlate(value), reason: entryReason };
      case 'person':
        if (!/^\d{4}-\d{2}-\d{2}$/.test(dateOfBirth ?? '')) {
          throw new WatchListFormatError(`Line ${lineNumber}: a person needs dateOfBirth as YYYY-MM-DD`);
        }
        return { kind, value: personWatchValue(value, dateOfBirth!), reason: entryReason };
      default:
        throw new WatchListFormatError(`Line ${lineNumber}: kind must be document, person or plate`);
    }
  });
}
