import fc from 'fast-check';
import { characterClasses, passwordViolations } from './password-policy';

const POLICY = { minLength: 10, minClasses: 3 };

describe('password policy', () => {
  it('accepts a long password of several classes that is not the username or a common one', () => {
    expect(passwordViolations('Harbour-lamp-42', 'clerk1', POLICY)).toEqual([]);
    expect(passwordViolations('OneWindow#2026', 'admin', POLICY)).toEqual([]);
  });

  it('names every rule a password breaks', () => {
    expect(passwordViolations('password', 'clerk1', POLICY)).toEqual(['length', 'classes', 'common']);
    expect(passwordViolations('Password123!', 'clerk1', POLICY)).toEqual(['common']);
    expect(passwordViolations('xx-Clerk1-yy', 'clerk1', POLICY)).toEqual(['username']);
    expect(passwordViolations('abcdefghijkl', 'clerk1', POLICY)).toEqual(['classes']);
  });

  it('counts characters, not UTF-16 units, and letters beyond ASCII as their class', () => {
    expect(characterClasses('密码Ab1')).toBe(4);
    expect(passwordViolations('😀😀😀😀😀Ab1', 'x', POLICY)).toEqual(['length']);
  });

  it('refuses any password containing the username, whatever the case', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9._-]{3,40}$/), fc.string(), fc.string(), (username, before, after) => {
        const password = `${before}${username.toUpperCase()}${after}`;
        expect(passwordViolations(password, username.toLowerCase(), POLICY)).toContain('username');
      }),
    );
  });

  it('refuses anything shorter than the minimum and accepts any length at or above it when the other rules hold', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), (n) => {
        const password = 'Aa1-'.repeat(10).slice(0, n);
        expect(passwordViolations(password, 'nobody-here', POLICY).includes('length')).toBe(n < POLICY.minLength);
      }),
    );
  });
});
