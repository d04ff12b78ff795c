/**
 * Text that may carry someone else's characters (a name, an error message) made safe for a terminal or a
 * log line: control characters become visible `\uXXXX` escapes, so nothing can move the cursor, clear
 * the screen, start a new line that looks like ours, or reorder what follows.
 */

// Control characters (C0, DEL and C1: U+009B is a one-character CSI), line and paragraph separators, and the
// bidirectional overrides and isolates that make text display in another order than it reads.
const controlCharacters = /[\p{Cc}\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

// What JSON.stringify leaves raw: everything above but C0 (which it escapes itself).
const controlCharactersJsonKeeps = /[\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const asEscape = (character: string) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** One printable line: every control character escaped, CR and LF included. */
export const printable = (text: string): string => text.replace(controlCharacters, asEscape);

/** For a JSON log's string values: escapes what JSON itself would print raw. */
export const escapeForJsonLog = (text: string): string => text.replace(controlCharactersJsonKeeps, asEscape);
