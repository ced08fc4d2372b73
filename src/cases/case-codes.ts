import { randomBytes } from 'node:crypto';

/** Crockford base32: no I, L, O or U to misread from a printed notice. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 8 characters ≈ 40 bits: with the case number and the rate limit on the public page, not guessable. */
export function randomCode(length = 8): string {
  return [...randomBytes(length)].map((b) => ALPHABET[b & 31]).join('');
}

/** DEMO-20260302-0007: the hall's code, its local date of receipt and the day's sequence. */
export function formatCaseNumber(hallCode: string, localDate: string, seq: number): string {
  return `${hallCode}-${localDate.replaceAll('-', '')}-${String(seq).padStart(4, '0')}`;
}
