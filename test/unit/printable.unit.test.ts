import { afterEach, describe, expect, it, vi } from 'vitest';
import { printable } from '../../shared/adapters/printable.ts';
import { hostileText as hostile, rawControl } from '../fixtures/hostile-text.ts';

describe('printable', () => {
  it('escapes every control character into visible text and leaves the rest alone', () => {
    const line = printable(hostile);
    expect(line).not.toMatch(rawControl);
    expect(line).toBe(
      'Eve\\u000d\\u000aalarm Breached-MOHAN: ALARM -> OK\\u001b[2J\\u001b]0;owned\\u0007\\u009b31m\\u202egnp.exe\\u2028\\u0000',
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
