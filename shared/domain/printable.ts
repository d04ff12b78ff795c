/**
 * Untrusted text on a terminal or in a log: every control character becomes a visible escape, so a
 * holder's name or an error message can neither start an escape sequence, nor begin a line of its own
 * that looks like ours, nor reorder what is printed around it.
 */

// Control characters (C0, DEL and C1: U+009B is a one-character CSI), line and paragraph separators, and
// the bidirectional marks, overrides and isolates that make text display in another order than it reads.
const unprintable = /[\p{Cc}\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

// What JSON.stringify leaves raw: everything above but C0 (which it escapes itself).
const unprintableInJson = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const codePoint = (character: string) => character.codePointAt(0)!.toString(16);

/** One printable line: every control character shown as `\u{..}`, CR and LF included. */
export const printable = (text: string): string => text.replace(unprintable, (character) => `\\u{${codePoint(character)}}`);

/** For a JSON log's string values: escapes (as JSON would) what JSON itself prints raw. */
export const escapeForJsonLog = (text: string): string =>
  text.replace(unprintableInJson, (character) => `\\u${codePoint(character).padStart(4, '0')}`);

/** A value as indented JSON for a terminal: still valid JSON, with nothing a terminal could act on left raw. */
export const printableJson = (value: unknown): string => escapeForJsonLog(JSON.stringify(value, null, 2) ?? 'undefined');
