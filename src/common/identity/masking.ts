import { createHmac } from 'node:crypto';

const MASK = '*';

/** Separators inside a name that stay visible: spaces, and the middle dots of 买买提·艾力. */
const NAME_SEPARATOR = /(\s+|[·•・.])/u;

/**
 * Masks a person's name for public screens: 张三 → 张*, 张三丰 → 张*丰, 欧阳娜娜 → 欧**娜.
 * A name with separators (John Smith, 买买提·艾力) keeps the first character of each part
 * (J*** S****, 买**·艾*). Whatever the input, at least one character is masked, so a name is
 * never shown in full.
 */
export function maskName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') return '';
  const parts = trimmed.split(NAME_SEPARATOR).filter((part) => part !== '');
  const words = parts.filter((part) => !NAME_SEPARATOR.test(part));
  if (words.length === 0) return MASK;
  if (words.length === 1) return maskSingleWord(words[0]);

  let firstWord = true;
  return parts
    .map((part) => {
      if (NAME_SEPARATOR.test(part)) return /\s/.test(part) ? ' ' : part;
      const chars = Array.from(part);
      // A one-letter part after the first would otherwise show in full (A B).
      const kept = firstWord ? chars[0] : chars.length > 1 ? chars[0] : MASK;
      firstWord = false;
      return kept + MASK.repeat(chars.length - 1);
    })
    .join('');
}

function maskSingleWord(word: string): string {
  // Array.from counts code points, so rare characters outside the BMP (𠮷) count as one.
  const chars = Array.from(word);
  if (chars.length === 1) return MASK;
  if (chars.length === 2) return chars[0] + MASK;
  return chars[0] + MASK.repeat(chars.length - 2) + chars[chars.length - 1];
}

/** 11010519491231002X → 110***********002X: province and city stay readable for the clerk. */
export function maskIdNumber(idNumber: string): string {
  return maskMiddle(idNumber.trim().toUpperCase(), 3, 4);
}

/** 91350100M000100Y43 → 913***********0Y43, matching how ID numbers are shown. */
export function maskCreditCode(creditCode: string): string {
  return maskMiddle(creditCode.trim().toUpperCase(), 3, 4);
}

/**
 * 13812345678 → 138****5678. Shorter numbers (landlines without area code) keep only their
 * last four digits, and very short ones are masked whole, so at least half stays hidden.
 */
export function maskPhone(phone: string): string {
  const value = phone.trim();
  const length = Array.from(value).length;
  if (length >= 11) return maskMiddle(value, 3, 4);
  if (length >= 8) return maskMiddle(value, 0, 4);
  return MASK.repeat(length);
}

function maskMiddle(value: string, keepStart: number, keepEnd: number): string {
  const chars = Array.from(value);
  if (chars.length <= keepStart + keepEnd) return MASK.repeat(chars.length);
  return (
    chars.slice(0, keepStart).join('') + MASK.repeat(chars.length - keepStart - keepEnd) + chars.slice(chars.length - keepEnd).join('')
  );
}

/**
 * A keyed fingerprint of an identity number (HMAC-SHA256, hex) to index and look cases up by
 * ID number without the number itself in the index. Keyed rather than a plain hash because
 * the space of valid ID numbers is small enough to hash exhaustively. The number is
 * normalised as the validators do, so 11010519491231002x finds 11010519491231002X.
 */
export function fingerprintId(idNumber: string, secret: string): string {
  if (secret === '') throw new Error('fingerprintId needs a non-empty secret');
  return createHmac('sha256', secret).update(idNumber.trim().toUpperCase(), 'utf8').digest('hex');
}
