/** Validation messages with a variable part (a field name, a number, a port), recognised by pattern. */
export const messagePatterns: { pattern: RegExp; key: string }[] = [
  { pattern: / is required\.$/, key: 'This field is required.' },
  { pattern: / is at most \d+ characters\.$/, key: 'too-long' },
  { pattern: /^Choose one of the ports/, key: 'choose-port' },
  { pattern: / admits only /, key: 'vehicle-not-admitted' },
];
