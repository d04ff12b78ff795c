import { afterEach, describe, expect, it, vi } from 'vitest';
import { printable } from '../../shared/domain/printable.ts';
import { hostileText as hostile, rawControl } from '../fixtures/hostile-text.ts';

describe('printable', () => {
  it('escapes every control character into visible text and leaves the rest alone', () => {
    const line = printable(hostile);
    expect(line).not.toMatch(rawControl);
    expect(line).toBe(
      'Eve\\u{d}\\u{a}alarm Breached-MOHAN: ALARM -> OK\\u{1b}[2J\\u{1b}]0;owned\\u{7}\\u{9b}31m\\u{202e}gnp.exe\\u{2028}\\u{0}',
    );
    expect(printable('Lǎo Zhāng 老张 ລາວ မြန်မာ')).toBe('Lǎo Zhāng 老张 ລາວ မြန်မာ');
  });
});

describe('JSON log lines', () => {
  afterEach(() => vi.restoreAllMocks());

  it('carry no raw control character, C1 and bidirectional ones included', async () => {
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    const { logger } = await import('../../shared/adapters/observability.ts');
    logger.info('A hostile value', { value: hostile, nested: { list: [hostile] }, error: new Error(hostile) });
    const lines = written.join('').split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).not.toMatch(rawControl);
    expect(JSON.parse(lines[0]!).value).toContain('\\u009b31m');
  });
});
