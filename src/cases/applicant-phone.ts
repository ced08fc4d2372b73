import { maskPhone } from '../common/identity/masking';
import type { Case } from './entities/case.entity';

/**
 * The applicant's phone lives in one place, `cases.contact_phone`, written only at acceptance
 * (AcceptanceService.apply) and read only through these two functions, so that encrypting it at
 * rest means wrapping them. Null when the applicant gave none.
 */
export function applicantPhone(c: Pick<Case, 'contactPhone'>): string | null {
  return c.contactPhone || null;
}

/** 13812345678 → 138****5678: how every screen, notice row and log line shows it. */
export function maskedApplicantPhone(c: Pick<Case, 'contactPhone'>): string | null {
  const phone = applicantPhone(c);
  return phone === null ? null : maskPhone(phone);
}
