import { AppException } from '../common/errors/app-exception';
import { CreditCodeFailure, validateCreditCode } from '../common/identity/credit-code';
import { maskCreditCode, maskIdNumber, maskName, maskPhone } from '../common/identity/masking';
import { ResidentIdFailure, validateResidentId } from '../common/identity/resident-id';
import { caseFieldContext } from '../pii/domain/field-cipher';
import type { PiiVault } from '../pii/pii-vault.service';
import type { ApplicantKind } from './domain/case-vocabulary';
import type { Case } from './entities/case.entity';

const RESIDENT_ID_REASONS: Record<ResidentIdFailure, string> = {
  LENGTH: '应为 18 位',
  FORMAT: '前 17 位应为数字，最后一位为数字或 X',
  REGION: '地址码不存在',
  BIRTH_DATE: '出生日期无效',
  CHECKSUM: '校验码不正确',
};

const CREDIT_CODE_REASONS: Record<CreditCodeFailure, string> = {
  LENGTH: '应为 18 位',
  FORMAT: '含有统一社会信用代码不使用的字符（如 I、O、S、V、Z）',
  AUTHORITY: '登记管理部门代码不存在',
  INSTITUTION_TYPE: '机构类别代码不存在',
  REGION: '行政区划码不存在',
  CHECKSUM: '校验码不正确',
};

/**
 * The applicant's identity number in its stored form: a resident ID for a person, the unified
 * social credit code for an organisation. 400 APPLICANT_ID_INVALID says which check failed.
 */
export function normalisedApplicantId(kind: ApplicantKind, idNumber: string, now: Date): string {
  if (kind === 'person') {
    const result = validateResidentId(idNumber, now);
    if (result.ok) return result.value;
    const reason = RESIDENT_ID_REASONS[result.reason];
    throw new AppException('APPLICANT_ID_INVALID', { field: 'idNumber', reason: result.reason }, `居民身份证号码无效：${reason}`);
  }
  const result = validateCreditCode(idNumber);
  if (result.ok) return result.value;
  const reason = CREDIT_CODE_REASONS[result.reason];
  throw new AppException('APPLICANT_ID_INVALID', { field: 'idNumber', reason: result.reason }, `统一社会信用代码无效：${reason}`);
}

/** The applicant as typed at the window, before it is sealed into a case row. */
export interface ApplicantInput {
  kind: ApplicantKind;
  name: string;
  /** Normalised (normalisedApplicantId). */
  idNumber: string;
  contactName: string | null;
  /** Null when the applicant gave none. */
  contactPhone: string | null;
}

/** The applicant's values in full, for the views allowed to show them. */
export type OpenedApplicant = Omit<ApplicantInput, 'kind'>;

export type ApplicantColumns = Pick<
  Case,
  | 'applicantNameSealed'
  | 'applicantNameMasked'
  | 'applicantIdSealed'
  | 'applicantIdMasked'
  | 'applicantIdFingerprint'
  | 'contactNameSealed'
  | 'contactNameMasked'
  | 'contactPhoneSealed'
  | 'contactPhoneMasked'
  | 'personalDataRemovedAt'
>;

/** The applicant's columns of the case `caseId`: each field sealed to its row and column, with its masked form. */
export function applicantColumns(vault: Pick<PiiVault, 'seal' | 'fingerprint'>, caseId: string, a: ApplicantInput): ApplicantColumns {
  const sealFor = (column: string, value: string) => vault.seal(value, caseFieldContext(column, caseId));
  return {
    applicantNameSealed: sealFor('applicant_name_enc', a.name),
    applicantNameMasked: maskName(a.name),
    applicantIdSealed: sealFor('applicant_id_enc', a.idNumber),
    applicantIdMasked: a.kind === 'person' ? maskIdNumber(a.idNumber) : maskCreditCode(a.idNumber),
    applicantIdFingerprint: vault.fingerprint(a.idNumber),
    contactNameSealed: a.contactName === null ? null : sealFor('contact_name_enc', a.contactName),
    contactNameMasked: a.contactName === null ? null : maskName(a.contactName),
    contactPhoneSealed: a.contactPhone === null ? null : sealFor('contact_phone_enc', a.contactPhone),
    contactPhoneMasked: a.contactPhone === null ? null : maskPhone(a.contactPhone),
    personalDataRemovedAt: null,
  };
}

/** The case's applicant in full, or null once the retention sweep has removed it. */
export function openApplicant(vault: Pick<PiiVault, 'open'>, c: Case): OpenedApplicant | null {
  if (c.applicantNameSealed === null || c.applicantIdSealed === null) return null;
  const openOf = (column: string, sealed: string) => vault.open(sealed, caseFieldContext(column, c.id));
  return {
    name: openOf('applicant_name_enc', c.applicantNameSealed),
    idNumber: openOf('applicant_id_enc', c.applicantIdSealed),
    contactName: c.contactNameSealed === null ? null : openOf('contact_name_enc', c.contactNameSealed),
    contactPhone: c.contactPhoneSealed === null ? null : openOf('contact_phone_enc', c.contactPhoneSealed),
  };
}
