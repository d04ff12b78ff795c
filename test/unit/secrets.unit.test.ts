import { describe, expect, it } from 'vitest';
import { bodyFingerprint, canonicalJson, newAccessToken, newApplicationId, openReplay, sealForReplay } from '../../shared/domain/secrets.ts';

describe('identifiers and replay sealing', () => {
  it('makes ids of 128 bits and tokens of 256 bits, never repeating', () => {
    const ids = new Set(Array.from({ length: 1000 }, newApplicationId));
    expect(ids.size).toBe(1000);
    expect(Buffer.from([...ids][0]!, 'base64url')).toHaveLength(16);
    expect(Buffer.from(newAccessToken(), 'base64url')).toHaveLength(32);
  });

  it('gives equal canonical JSON whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe(canonicalJson({ a: [{ c: 3, d: 2 }], b: 1 }));
    expect(bodyFingerprint(canonicalJson({ a: 1 }))).not.toBe(bodyFingerprint(canonicalJson({ a: 2 })));
  });

  it('opens a sealed token only with the same key and body', () => {
    const sealed = sealForReplay('secret-token', 'key-1', '{"a":1}');
    expect(sealed).not.toContain('secret-token');
    expect(openReplay(sealed, 'key-1', '{"a":1}')).toBe('secret-token');
    expect(() => openReplay(sealed, 'key-2', '{"a":1}')).toThrow();
    expect(() => openReplay(sealed, 'key-1', '{"a":2}')).toThrow();
  });
});
