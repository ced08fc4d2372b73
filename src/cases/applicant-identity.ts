import { Injectable, OnModuleInit } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppException } from '../common/errors/app-exception';
import { CreditCodeFailure, validateCreditCode } from '../common/identity/credit-code';
import { fingerprintId } from '../common/identity/masking';
import { ResidentIdFailure, validateResidentId } from '../common/identity/resident-id';
import { AppConfig } from '../config/app-config';
import type { ApplicantKind } from './entities/case.entity';

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

/**
 * Fingerprints of ID numbers, for lookups (pickup by ID number, the 失信 list) without a plain-text
 * index. The key is shared by every instance: from ID_FINGERPRINT_SECRET, or generated once and
 * kept in the database like the token secret.
 */
@Injectable()
export class IdFingerprints implements OnModuleInit {
  private secret = '';

  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
  ) {}

  async onModuleInit(): Promise<void> {
    let secret = this.config.ID_FINGERPRINT_SECRET;
    if (!secret) {
      await this.dataSource.query(
        `insert into app_settings (key, value) values ('id_fingerprint_secret', $1) on conflict (key) do nothing`,
        [randomBytes(48).toString('base64url')],
      );
      const [row] = await this.dataSource.query(`select value from app_settings where key = 'id_fingerprint_secret'`);
      secret = row.value as string;
    }
    this.secret = secret;
  }

  of(idNumber: string): string {
    return fingerprintId(idNumber, this.secret);
  }
}
