/**
 * Text from a permit made safe to print on a terminal: every control character (C0, DEL, C1, so ESC,
 * CR and LF too), bidirectional override and isolate, and line or paragraph separator is shown as a
 * visible `\u{..}` escape, so a holder's name can neither start an escape sequence, nor begin a line of
 * its own, nor reorder what is printed around it.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this expression's purpose.
const unprintable = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

export function printable(text: string): string {
  return text.replace(unprintable, (character) => `\\u{${character.codePointAt(0)!.toString(16)}}`);
}
