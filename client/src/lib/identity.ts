// What the clerk can be told while typing an applicant's number. The server checks again, and more
// (address codes, registration authorities), and has the last word.

export type IdProblem = 'length' | 'format' | 'birthDate' | 'checksum';

const RESIDENT_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const RESIDENT_CHECK = '10X98765432';

/** GB 11643: 17 digits, a real birth date, and the check character over the first 17. */
export function residentIdProblem(input: string): IdProblem | null {
  const value = input.trim().toUpperCase();
  if (value.length !== 18) return 'length';
  if (!/^\d{17}[\dX]$/.test(value)) return 'format';
  const [year, month, day] = [value.slice(6, 10), value.slice(10, 12), value.slice(12, 14)].map(Number);
  const birth = new Date(Date.UTC(year, month - 1, day));
  if (year < 1800 || birth.getUTCMonth() !== month - 1 || birth.getUTCDate() !== day || birth.getTime() > Date.now()) return 'birthDate';
  const sum = RESIDENT_WEIGHTS.reduce((acc, w, i) => acc + w * Number(value[i]), 0);
  return RESIDENT_CHECK[sum % 11] === value[17] ? null : 'checksum';
}

/** GB 32100 leaves out I, O, S, V and Z, which are easily misread. */
const CREDIT_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** GB 32100: 18 characters of its charset, the last one the check character over the first 17. */
export function creditCodeProblem(input: string): IdProblem | null {
  const value = input.trim().toUpperCase();
  if (value.length !== 18) return 'length';
  if ([...value].some((c) => !CREDIT_CHARSET.includes(c))) return 'format';
  const sum = CREDIT_WEIGHTS.reduce((acc, w, i) => acc + w * CREDIT_CHARSET.indexOf(value[i]), 0);
  return CREDIT_CHARSET[(31 - (sum % 31)) % 31] === value[17] ? null : 'checksum';
}
