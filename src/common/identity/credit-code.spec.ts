import fc from 'fast-check';
import { PROVINCE_CODES } from './region-codes';
import { creditCodeCheckChar, validateCreditCode } from './credit-code';

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

describe('validateCreditCode', () => {
  it('accepts 91350100M000100Y43', () => {
    // Values 9 1 3 5 0 1 0 0 M=21 0 0 0 1 0 0 Y=30 4 × weights 1 3 9 27 19 26 16 17 20 29 25 13 8
    // 24 10 30 28: 9+3+27+135+0+26+0+0+420+0+0+0+8+0+0+900+112 = 1640; 1640 mod 31 = 28;
    // 31 − 28 = 3, the character 3.
    expect(validateCreditCode('91350100M000100Y43')).toEqual({
      ok: true,
      value: '91350100M000100Y43',
      authorityCode: '9',
      authorityName: '工商',
      institutionTypeCode: '1',
      institutionTypeName: '企业',
      regionCode: '350100',
    });
  });

  it('accepts 91110000802100433B', () => {
    // 9+3+9+27+0+0+0+0+160+0+50+13+0+0+40+90+84 = 485; 485 mod 31 = 20; 31 − 20 = 11 = B.
    expect(validateCreditCode('91110000802100433B').ok).toBe(true);
  });

  it.each([
    ['31110000E00017891P', '司法行政', '律师执业机构'],
    ['Y1440300MA5DC1TX9X', '其他', '其他'],
    ['N2330102MA2H000014', '农业', '村级集体经济组织'],
    ['12100000400000624D', '机构编制', '事业单位'], // a central body: division 100000
    ['511100005000000286', '民政', '社会团体'],
  ])('accepts %s (%s, %s)', (code, authorityName, institutionTypeName) => {
    expect(validateCreditCode(code)).toMatchObject({ ok: true, authorityName, institutionTypeName });
  });

  it('accepts lower case and surrounding spaces, normalising both', () => {
    expect(validateCreditCode(' 91350100m000100y43 ')).toMatchObject({ ok: true, value: '91350100M000100Y43' });
  });

  it.each([
    ['91350100M000100Y4', 'LENGTH'],
    ['91350100M000100Y433', 'LENGTH'],
    ['91350100O000100Y43', 'FORMAT'], // O is not in the charset
    ['91350100M000100S43', 'FORMAT'],
    ['91350100M000100Y4-', 'FORMAT'],
    ['B1350100M000100Y43', 'AUTHORITY'],
    ['0135010000000000Y0', 'AUTHORITY'],
    ['94350100M000100Y43', 'INSTITUTION_TYPE'], // 工商 knows only 1, 2, 3
    ['Y2350100M000100Y43', 'INSTITUTION_TYPE'], // 其他 uses only 1
    ['91A50100M000100Y43', 'REGION'],
    ['91990100M000100Y43', 'REGION'],
    ['91350100M000100Y44', 'CHECKSUM'],
    ['91350100M000100Y34', 'CHECKSUM'], // two characters swapped
  ])('rejects %s with %s', (input, reason) => {
    expect(validateCreditCode(input)).toEqual({ ok: false, reason });
  });

  it('maps a remainder of 0 to the check character 0', () => {
    // 31 − 0 would be 31, outside the charset; the standard takes it as 0.
    const body = '9135010000000000'; // 16 characters, one to find
    const last = [...CHARSET].find((c) => sumMod31(body + c) === 0);
    expect(last).toBeDefined();
    expect(creditCodeCheckChar(`${body}${last}`)).toBe('0');
  });

  describe('properties', () => {
    it('validates every well-formed code', () => {
      fc.assert(fc.property(validCreditCode(), (code) => expect(validateCreditCode(code).ok).toBe(true)));
    });

    it('rejects a valid code with any one character changed', () => {
      // Every weight is non-zero mod 31 and 31 is prime, so one changed character always moves
      // the checksum; characters outside the charset fail the format.
      const replacement = fc.constantFrom(...CHARSET, ...'IOSVZ-', 'm', ' ');
      fc.assert(
        fc.property(validCreditCode(), fc.nat(17), replacement, (code, index, char) => {
          fc.pre(char.toUpperCase() !== code[index]);
          const changed = code.slice(0, index) + char + code.slice(index + 1);
          expect(validateCreditCode(changed).ok).toBe(false);
        }),
      );
    });
  });
});

const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

function sumMod31(body17: string): number {
  return [...body17].reduce((sum, c, i) => sum + CHARSET.indexOf(c) * WEIGHTS[i], 0) % 31;
}

const AUTHORITY_TYPES = [
  '11',
  '12',
  '13',
  '19',
  '21',
  '29',
  '31',
  '32',
  '33',
  '34',
  '35',
  '39',
  '41',
  '49',
  '51',
  '52',
  '53',
  '59',
  '61',
  '62',
  '69',
  '71',
  '72',
  '79',
  '81',
  '89',
  '91',
  '92',
  '93',
  'A1',
  'A9',
  'N1',
  'N2',
  'N3',
  'N9',
  'Y1',
];
// The validator's province table plus 10, the national level a credit code may carry.
const REGION_PREFIXES = [...PROVINCE_CODES, '10'];

function validCreditCode(): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.constantFrom(...AUTHORITY_TYPES),
      fc.constantFrom(...REGION_PREFIXES),
      fc.integer({ min: 0, max: 9999 }),
      fc.string({ unit: fc.constantFrom(...CHARSET), minLength: 9, maxLength: 9 }),
    )
    .map(([authorityType, prefix, area, subject]) => {
      const body = authorityType + prefix + String(area).padStart(4, '0') + subject;
      return body + creditCodeCheckChar(body);
    });
}
