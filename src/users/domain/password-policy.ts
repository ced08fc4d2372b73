import { dictionary } from '@zxcvbn-ts/language-common';

export interface PasswordPolicy {
  minLength: number;
  /** Of lower case, upper case, digits and everything else. */
  minClasses: number;
}

/** `reuse` (the same as the current one) is decided where the current password's hash is at hand. */
export type PasswordRule = 'length' | 'classes' | 'username' | 'common' | 'reuse';

/** The most used passwords (zxcvbn's list), compared case-insensitively. */
const COMMON = new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));

export function characterClasses(password: string): number {
  return [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{Ll}\p{Lu}\p{Nd}]/u].filter((re) => re.test(password)).length;
}

/**
 * The rules a new password breaks, empty when it is acceptable. Length counts characters, not
 * UTF-16 units. A password that is a common one with a digit or sign added is refused too (the
 * list's words are what guessers try first, with such endings).
 */
export function passwordViolations(password: string, username: string, policy: PasswordPolicy): PasswordRule[] {
  const broken: PasswordRule[] = [];
  if ([...password].length < policy.minLength) broken.push('length');
  if (characterClasses(password) < policy.minClasses) broken.push('classes');
  const lower = password.toLowerCase();
  if (username && lower.includes(username.toLowerCase())) broken.push('username');
  const core = lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
  if (COMMON.has(lower) || (core.length >= 4 && COMMON.has(core))) broken.push('common');
  return broken;
}
