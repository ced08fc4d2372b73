import fc from 'fast-check';
import { mobileNumber } from './mobile-number';

describe('mobileNumber', () => {
  it('keeps the 11 digits of a mainland mobile however it was written', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 9 }),
        fc.stringMatching(/^\d{9}$/),
        fc.constantFrom('', '+86', '0086', '+86 '),
        (second, rest, prefix) => {
          const number = `1${second}${rest}`;
          expect(mobileNumber(`${prefix}${number}`)).toBe(number);
          expect(mobileNumber(`${number.slice(0, 3)}-${number.slice(3, 7)}-${number.slice(7)}`)).toBe(number);
        },
      ),
    );
  });

  it('gives no SMS number for a landline, a short number or nothing', () => {
    for (const phone of ['010-12345678', '12345678901', '1381234567', '138123456789', '', null, undefined])
      expect(mobileNumber(phone)).toBeNull();
  });
});
