import fc from 'fast-check';
import { caseFieldContext, generateKeySpec, keyIdOf, open, parseKeyRing, PiiCipherError, seal } from './field-cipher';

const K1 = generateKeySpec('k1');
const K2 = generateKeySpec('k2');

function flipByte(sealed: string, index: number): string {
  const id = keyIdOf(sealed);
  const body = Buffer.from(sealed.slice(id.length + 1), 'base64url');
  body[index % body.length] ^= 0x01;
  return `${id}:${body.toString('base64url')}`;
}

describe('field cipher (SM4-CTR + HMAC-SM3)', () => {
  const ring = parseKeyRing(K1);

  it('round-trips any text, including names outside the BMP and empty strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string(), (text, context) => {
        expect(open(ring, seal(ring, text, context), context)).toBe(text);
      }),
      { seed: 19, numRuns: 300 },
    );
    expect(open(ring, seal(ring, '𠮷野家·张三', 'c'), 'c')).toBe('𠮷野家·张三');
  });

  it('seals the same value differently each time (random IV), so equal names do not show as equal ciphertexts', () => {
    expect(seal(ring, '张三', 'c')).not.toBe(seal(ring, '张三', 'c'));
  });

  it('refuses a value with any bit changed', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.nat(), (text, index) => {
        const sealed = seal(ring, text, 'ctx');
        expect(() => open(ring, flipByte(sealed, index), 'ctx')).toThrow(PiiCipherError);
      }),
      { seed: 20, numRuns: 300 },
    );
  });

  it('refuses a value moved to another row or column', () => {
    const sealed = seal(ring, '11010519491231002X', caseFieldContext('applicant_id_enc', 'a'));
    expect(() => open(ring, sealed, caseFieldContext('applicant_id_enc', 'b'))).toThrow('failed authentication');
    expect(() => open(ring, sealed, caseFieldContext('contact_phone_enc', 'a'))).toThrow('failed authentication');
  });

  it('refuses truncated values and unknown key ids', () => {
    expect(() => open(ring, 'k1:AAAA', 'c')).toThrow('too short');
    expect(() => open(ring, seal(parseKeyRing(K2), 'x', 'c'), 'c')).toThrow('no key "k2"');
  });

  it('after rotation seals with the first key and still opens values of the older ones', () => {
    const old = seal(ring, '13812345678', 'c');
    const rotated = parseKeyRing(`${K2},${K1}`);
    expect(keyIdOf(seal(rotated, 'x', 'c'))).toBe('k2');
    expect(open(rotated, old, 'c')).toBe('13812345678');
  });

  it("a key id that was forged onto another key's value does not verify", () => {
    const both = parseKeyRing(`${K2},${K1}`);
    const sealed = seal(both, '张三', 'c');
    expect(() => open(both, `k1:${sealed.slice(3)}`, 'c')).toThrow(PiiCipherError);
  });

  it('validates the key ring and never echoes a key', () => {
    expect(() => parseKeyRing('')).toThrow('empty');
    expect(() => parseKeyRing('k1:c2hvcnQ=')).toThrow('32 bytes');
    expect(() => parseKeyRing(`${K1},${K1}`)).toThrow('twice');
    expect(() => parseKeyRing('bad id:AAAA')).toThrow('key id');
    expect(() => parseKeyRing('nokey')).toThrow('<id>:<base64');
    try {
      parseKeyRing(`${K1.slice(0, -4)}`);
    } catch (err) {
      expect((err as Error).message).not.toContain(K1.slice(3, 20));
    }
  });
});
