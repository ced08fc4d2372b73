import { PROVINCE_CODES } from './region-codes';

/** GB/T 2261.1 sex code: 1 男, 2 女 (the parity of the sequence code's last digit). */
export type GenderCode = 1 | 2;

export type ResidentIdFailure = 'LENGTH' | 'FORMAT' | 'CHECKSUM' | 'BIRTH_DATE' | 'REGION';

export type ResidentIdResult =
  | {
      ok: true;
      /** Upper-case, trimmed: the form to store and fingerprint. */
      value: string;
      /** Six-digit address code (positions 1–6). */
      regionCode: string;
      /** ISO date `YYYY-MM-DD`. */
      birthDate: string;
      genderCode: GenderCode;
    }
  | { ok: false; reason: ResidentIdFailure };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/**
 * Besides the GB/T 2260 provinces: 83 is the address code of 台湾居民居住证 numbers (issued
 * since 2018 under the same numbering rules, with 81/82 for Hong Kong and Macao), whose holders
 * are served at the hall like anyone else; 91 was requested by the product brief.
 */
const ADDRESS_PREFIXES: ReadonlySet<string> = new Set([...PROVINCE_CODES, '83', '91']);

/**
 * The earliest plausible birth year: the oldest person alive was born after it, so a number of
 * 1800 (which the checksum alone lets through) is a typing error or a made-up number.
 */
export const EARLIEST_BIRTH_YEAR = 1900;

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The check character GB 11643-1999 assigns to a 17-digit body. */
export function residentIdCheckChar(body17: string): string {
  if (!/^\d{17}$/.test(body17)) throw new RangeError('a resident ID body is 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/**
 * Validates an 18-character PRC resident identity number (GB 11643-1999). `now` decides
 * which birth dates lie in the future; the date is taken in China's time zone because that is
 * where the birth was registered.
 */
export function validateResidentId(input: string, now: Date = new Date()): ResidentIdResult {
  const value = input.trim().toUpperCase();
  if (value.length !== 18) return { ok: false, reason: 'LENGTH' };
  if (!/^\d{17}[\dX]$/.test(value)) return { ok: false, reason: 'FORMAT' };
  if (!ADDRESS_PREFIXES.has(value.slice(0, 2))) return { ok: false, reason: 'REGION' };

  const birthDate = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  if (!isRealPastDate(birthDate, now)) return { ok: false, reason: 'BIRTH_DATE' };

  if (residentIdCheckChar(value.slice(0, 17)) !== value[17]) return { ok: false, reason: 'CHECKSUM' };

  return {
    ok: true,
    value,
    regionCode: value.slice(0, 6),
    birthDate,
    genderCode: Number(value[16]) % 2 === 1 ? 1 : 2,
  };
}

function isRealPastDate(isoDate: string, now: Date): boolean {
  const [year, month, day] = isoDate.split('-').map(Number);
  if (year < EARLIEST_BIRTH_YEAR) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  // China has kept UTC+8 without daylight saving since 1991, so a fixed offset gives its date.
  const todayInChina = new Date(now.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
  return real && isoDate <= todayInChina;
}
