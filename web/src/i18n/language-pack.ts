/** What each language brings: its labels by key, and its forms of the validation messages. */
export interface LanguagePack {
  /** Every label, hint and sentence of the pages, by key; `{name}` marks a value filled in. */
  labels: Record<string, string>;
  /** Validation messages from the schemas (client and server alike), keyed by their English text. */
  validation: Record<string, string>;
  /** Messages with a variable part, by the key of the pattern that recognises them (see messages.ts). */
  patterns: Record<string, string>;
}
