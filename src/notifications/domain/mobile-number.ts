/**
 * The mainland mobile number an SMS can go to, from a phone as the applicant gave it (spaces,
 * dashes, +86 or 0086 allowed); null for a landline or anything else, which gets no SMS.
 */
export function mobileNumber(phone: string | null | undefined): string | null {
  if (!phone) return null;
  const digits = phone.replace(/[\s-]/g, '').replace(/^(\+86|0086)/, '');
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null;
}
