import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { fingerprintId, maskCreditCode, maskIdNumber, maskName, maskPhone } from './masking';

describe('maskName', () => {
  it.each([
    ['张三', '张*'],
    ['张三丰', '张*丰'],
    ['欧阳娜娜', '欧**娜'],
    ['司马相如子', '司***子'],
    ['王', '*'],
    ['𠮷野家', '𠮷*家'], // a character outside the BMP counts as one
    [' 张三 ', '张*'],
    ['买买提·艾力', '买**·艾*'],
    ['John Smith', 'J*** S****'],
    ['John  A. Smith', 'J*** *. S****'],
    ['A B', 'A *'],
    ['Alice', 'A***e'],
    ['', ''],
    ['·', '*'],
  ])('%s → %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it('never shows a name in full', () => {
    const names = fc
      .oneof(
        fc.string({ minLength: 1 }),
        fc.string({ unit: 'binary', minLength: 1 }),
        fc.string({ unit: fc.constantFrom(...'张三欧阳· '), minLength: 1 }),
      )
      .filter((s) => s.trim() !== '' && !s.includes('*'));
    fc.assert(
      fc.property(names, (name) => {
        expect(maskName(name)).toContain('*');
      }),
    );
  });
});

describe('maskIdNumber / maskCreditCode / maskPhone', () => {
  const masks = { maskIdNumber, maskCreditCode, maskPhone };

  it.each<[keyof typeof masks, string, string]>([
    // The first 3 and last 4 characters of an ID number, its x upper-cased.
    ['maskIdNumber', '11010519491231002X', '110***********002X'],
    ['maskIdNumber', '11010519491231002x', '110***********002X'],
    // Short garbage is masked whole rather than echoed.
    ['maskIdNumber', '1234567', '*******'],
    ['maskCreditCode', '91350100M000100Y43', '913***********0Y43'],
    // The middle four digits of a mobile number; only the last four of a short one; very short ones hidden.
    ['maskPhone', '13812345678', '138****5678'],
    ['maskPhone', '62345678', '****5678'],
    ['maskPhone', '12345', '*****'],
  ])('%s(%s) → %s', (name, value, masked) => {
    expect(masks[name](value)).toBe(masked);
  });
});

describe('fingerprintId', () => {
  it('is the HMAC-SHA256 of the normalised number', () => {
    const expected = createHmac('sha256', 'k').update('11010519491231002X').digest('hex');
    expect(fingerprintId('11010519491231002X', 'k')).toBe(expected);
    expect(fingerprintId(' 11010519491231002x ', 'k')).toBe(expected);
    expect(expected).toMatch(/^[0-9a-f]{64}$/);
  });

  it('depends on the secret', () => {
    expect(fingerprintId('11010519491231002X', 'a')).not.toBe(fingerprintId('11010519491231002X', 'b'));
  });

  it('refuses an empty secret', () => {
    expect(() => fingerprintId('11010519491231002X', '')).toThrow();
  });
});
