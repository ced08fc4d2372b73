import fc from 'fast-check';
import { PROVINCE_CODES } from './region-codes';
import { residentIdCheckChar, validateResidentId } from './resident-id';

const NOW = new Date('2025-06-01T04:00:00Z');

describe('validateResidentId', () => {
  it('accepts 11010519491231002X', () => {
    // Body 1 1 0 1 0 5 1 9 4 9 1 2 3 1 0 0 2 × weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2:
    // 7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167; 167 mod 11 = 2; "10X98765432"[2] = X.
    expect(validateResidentId('11010519491231002X', NOW)).toEqual({
      ok: true,
      value: '11010519491231002X',
      regionCode: '110105',
      birthDate: '1949-12-31',
      genderCode: 2,
    });
  });

  it('refuses 440524188001010014 (a valid checksum, born 1880: nobody alive)', () => {
    // 28+36+0+25+16+16+2+8+48+0+0+9+0+5+0+0+2 = 195; 195 mod 11 = 8; "10X98765432"[8] = 4.
    expect(validateResidentId('440524188001010014', NOW)).toEqual({ ok: false, reason: 'BIRTH_DATE' });
  });

  it('accepts a lower-case x and surrounding spaces, normalising both', () => {
    expect(validateResidentId(' 11010519491231002x ', NOW)).toMatchObject({ ok: true, value: '11010519491231002X' });
  });

  it.each([
    ['11010519491231002', 'LENGTH'], // 17 characters
    ['110105491231002', 'LENGTH'], // the old 15-digit number
    ['11010519491231002XX', 'LENGTH'],
    ['', 'LENGTH'],
    ['1101051949123100X2', 'FORMAT'], // X only as the check character
    ['11010519491231 02X', 'FORMAT'],
    ['１１０１０５１９４９１２３１００２Ｘ', 'FORMAT'], // full-width digits
    ['110105194912310021', 'CHECKSUM'],
    ['110105194912310020', 'CHECKSUM'],
    ['00010519491231002X', 'REGION'],
    ['16010519491231002X', 'REGION'],
    ['72010519491231002X', 'REGION'],
  ])('rejects %s with %s', (input, reason) => {
    expect(validateResidentId(input, NOW)).toEqual({ ok: false, reason });
  });

  it.each([
    ['19490230', 'no 30 February'],
    ['19010229', '1901 is not a leap year'],
    ['19001301', 'no month 13'],
    ['19490000', 'no day 0'],
    ['17991231', 'before any living holder'],
    ['18000101', 'born in 1800 (issue 19)'],
    ['18991231', 'the last day before 1900'],
    ['20250602', 'tomorrow in China'],
  ])('rejects the birth date %s (%s)', (date) => {
    expect(validateResidentId(valid(`110105${date}002`), NOW)).toEqual({ ok: false, reason: 'BIRTH_DATE' });
  });

  it('accepts 29 February of a leap year and a birth today', () => {
    expect(validateResidentId(valid('11010520000229002'), NOW)).toMatchObject({ ok: true, birthDate: '2000-02-29' });
    expect(validateResidentId(valid('11010520250601002'), NOW)).toMatchObject({ ok: true, birthDate: '2025-06-01' });
  });

  it('takes today in China, not in UTC', () => {
    const justAfterMidnightInBeijing = new Date('2025-05-31T16:30:00Z');
    expect(validateResidentId(valid('11010520250601002'), justAfterMidnightInBeijing).ok).toBe(true);
    expect(validateResidentId(valid('11010520250601002'), new Date('2025-05-31T15:30:00Z'))).toEqual({
      ok: false,
      reason: 'BIRTH_DATE',
    });
  });

  it.each(['81', '82', '83', '71', '91', '65'])('accepts the address prefix %s', (prefix) => {
    expect(validateResidentId(valid(`${prefix}000019900101001`), NOW).ok).toBe(true);
  });

  describe('properties', () => {
    it('validates every well-formed number and reads its birth date and sex', () => {
      fc.assert(
        fc.property(validResidentId(), ({ id, birthDate, sequence }) => {
          const result = validateResidentId(id, NOW);
          expect(result).toEqual({
            ok: true,
            value: id,
            regionCode: id.slice(0, 6),
            birthDate,
            genderCode: sequence % 2 === 1 ? 1 : 2,
          });
        }),
      );
    });

    it('rejects a valid number with any one character changed', () => {
      // Every weight is non-zero mod 11 and 11 is prime, so one changed digit always moves the
      // checksum; other characters fail the format.
      const replacement = fc.constantFrom(...'0123456789XxAZ-', ' ', '一');
      fc.assert(
        fc.property(validResidentId(), fc.nat(17), replacement, ({ id }, index, char) => {
          fc.pre(char.toUpperCase() !== id[index]);
          const changed = id.slice(0, index) + char + id.slice(index + 1);
          expect(validateResidentId(changed, NOW).ok).toBe(false);
        }),
      );
    });
  });
});

function valid(body17: string): string {
  return body17 + residentIdCheckChar(body17);
}

// The validator's province table plus 83 (台湾居民居住证) and 91, which it also accepts.
const PREFIXES = [...PROVINCE_CODES, '83', '91'];

function validResidentId(): fc.Arbitrary<{ id: string; birthDate: string; sequence: number }> {
  return fc
    .record({
      prefix: fc.constantFrom(...PREFIXES),
      area: fc.integer({ min: 0, max: 9999 }),
      birth: fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2025-06-01T00:00:00Z'), noInvalidDate: true }),
      sequence: fc.integer({ min: 0, max: 999 }),
    })
    .map(({ prefix, area, birth, sequence }) => {
      const birthDate = birth.toISOString().slice(0, 10);
      const body = prefix + String(area).padStart(4, '0') + birthDate.replaceAll('-', '') + String(sequence).padStart(3, '0');
      return { id: valid(body), birthDate, sequence };
    });
}
