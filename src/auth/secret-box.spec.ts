import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { SecretBox } from './secret-box';

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32));

  it('opens what it sealed, for any text, and seals the same text differently each time', () => {
    fc.assert(
      fc.property(fc.string(), (plain) => {
        const sealed = box.seal(plain, 'totp:u1');
        expect(box.open(sealed, 'totp:u1')).toBe(plain);
        expect(box.seal(plain, 'totp:u1')).not.toBe(sealed);
      }),
    );
  });

  it('refuses another purpose, another key and any changed byte', () => {
    const sealed = box.seal('JBSWY3DPEHPK3PXP', 'totp:u1');
    expect(() => box.open(sealed, 'totp:u2')).toThrow();
    expect(() => new SecretBox(randomBytes(32)).open(sealed, 'totp:u1')).toThrow();
    const parts = sealed.split('.');
    const data = Buffer.from(parts[3], 'base64url');
    data[0] ^= 1;
    expect(() => box.open([...parts.slice(0, 3), data.toString('base64url')].join('.'), 'totp:u1')).toThrow();
  });
});
