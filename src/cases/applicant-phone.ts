import { caseFieldContext } from '../pii/domain/field-cipher';
import type { PiiVault } from '../pii/pii-vault.service';
import type { Case } from './entities/case.entity';

/**
 * The applicant's phone is sealed in `cases.contact_phone_enc` (SM4, see applicant-identity.ts),
 * written only at acceptance and opened only here, for the SMS channel. Null when the applicant
 * gave none or the retention sweep removed it; every screen, notice row and log line shows
 * `contact_phone_masked` instead.
 */
export function applicantPhone(vault: Pick<PiiVault, 'open'>, c: Pick<Case, 'id' | 'contactPhoneSealed'>): string | null {
  return c.contactPhoneSealed === null ? null : vault.open(c.contactPhoneSealed, caseFieldContext('contact_phone_enc', c.id));
}
