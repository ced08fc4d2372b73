import { MigrationInterface, QueryRunner } from 'typeorm';
import { applicantColumns } from '../src/cases/applicant-identity';
import { CASE_FINISHED_AT } from '../src/cases/case-personal-data.service';
import type { ApplicantKind } from '../src/cases/domain/case-vocabulary';
import { loadConfig } from '../src/config/app-config';
import { answerContext } from '../src/idempotency/idempotency-answers';
import { PiiKeyRing, seal } from '../src/pii/domain/field-cipher';
import { loadPiiKeyRing } from '../src/pii/pii-keys';

const BATCH = 500;

interface PlainCase {
  id: string;
  applicant_kind: ApplicantKind;
  applicant_name: string;
  applicant_id_number: string;
  contact_name: string | null;
  contact_phone: string;
}

/**
 * Applicants' names, ID numbers and contacts encrypted at rest (SM4-CTR + HMAC-SM3, bound to their
 * row and column), each beside its masked form; the plain-text columns are dropped in the same
 * transaction, so no release ever holds both. The stored first answers of idempotent requests
 * (which repeat the applicant in full) are sealed too.
 *
 * The rows are encrypted here rather than by the app after start-up, because only then does the
 * schema never hold plain text beside cipher text and no later step has to drop columns outside
 * a migration. The key is the app's own: PII_KEYS, or in demo/embedded mode the generated key kept
 * in app_settings (created here when rows need it, then found by the app).
 */
export class EncryptPersonalData1795301400000 implements MigrationInterface {
  name = 'EncryptPersonalData1795301400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      alter table cases
        add column applicant_name_enc text,
        add column applicant_name_masked text,
        add column applicant_id_enc text,
        add column applicant_id_masked text,
        add column contact_name_enc text,
        add column contact_name_masked text,
        add column contact_phone_enc text,
        add column contact_phone_masked text,
        add column personal_data_removed_at timestamptz`);

    let ring: PiiKeyRing | null = null;
    const keys = async () => (ring ??= await loadPiiKeyRing(loadConfig().PII_KEYS, q));
    for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
      const rows: PlainCase[] = await q.query(
        `select id, applicant_kind, applicant_name, applicant_id_number, contact_name, contact_phone
         from cases where id > $1 order by id limit ${BATCH}`,
        [after],
      );
      if (rows.length === 0) break;
      const ringNow = await keys();
      // The fingerprint column is already keyed (ID_FINGERPRINT_SECRET) and stays as it is.
      const sealer = { seal: (value: string, context: string) => seal(ringNow, value, context), fingerprint: () => '' };
      const sealed = rows.map((r) =>
        applicantColumns(sealer, r.id, {
          kind: r.applicant_kind,
          name: r.applicant_name,
          idNumber: r.applicant_id_number,
          contactName: r.contact_name,
          contactPhone: r.contact_phone,
        }),
      );
      await q.query(
        `update cases c set applicant_name_enc = v.ne, applicant_name_masked = v.nm, applicant_id_enc = v.ie, applicant_id_masked = v.im,
           contact_name_enc = v.cne, contact_name_masked = v.cnm, contact_phone_enc = v.cpe, contact_phone_masked = v.cpm
         from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
           as v(id, ne, nm, ie, im, cne, cnm, cpe, cpm)
         where c.id = v.id`,
        [
          rows.map((r) => r.id),
          ...(
            [
              'applicantNameSealed',
              'applicantNameMasked',
              'applicantIdSealed',
              'applicantIdMasked',
              'contactNameSealed',
              'contactNameMasked',
              'contactPhoneSealed',
              'contactPhoneMasked',
            ] as const
          ).map((k) => sealed.map((s) => s[k])),
        ],
      );
      after = rows[rows.length - 1].id;
    }

    await q.query(`
      alter table cases
        drop column applicant_name,
        drop column applicant_id_number,
        drop column contact_name,
        drop column contact_phone,
        alter column applicant_name_masked set not null,
        alter column applicant_id_masked set not null,
        alter column contact_phone_masked set not null,
        alter column applicant_id_fingerprint drop not null,
        add constraint ck_cases_personal_data check (personal_data_removed_at is not null or (applicant_name_enc is not null
          and applicant_id_enc is not null and contact_phone_enc is not null and applicant_id_fingerprint is not null)),
        add constraint ck_cases_personal_data_removed check (personal_data_removed_at is null or (applicant_name_enc is null
          and applicant_id_enc is null and contact_name_enc is null and contact_phone_enc is null and applicant_id_fingerprint is null)),
        add constraint ck_cases_contact_name check ((contact_name_masked is null) = (contact_name_enc is null) or personal_data_removed_at is not null)`);
    // The retention sweep looks for finished cases that still hold personal data, by when they finished
    // (the expression is CASE_FINISHED_AT in src/cases/case-personal-data.service.ts).
    await q.query(`create index ix_cases_personal_data on cases ((${CASE_FINISHED_AT})) where personal_data_removed_at is null`);

    const answers: { principal_id: string; key: string; body: string }[] = await q.query(
      `select principal_id, key, response_body::text as body from idempotency_keys where response_body is not null`,
    );
    if (answers.length > 0) {
      const ringNow = await keys();
      for (const a of answers) {
        await q.query(`update idempotency_keys set response_body = to_jsonb($3::text) where principal_id = $1 and key = $2`, [
          a.principal_id,
          a.key,
          seal(ringNow, a.body, answerContext(a.principal_id, a.key)),
        ]);
      }
    }
  }

  async down(): Promise<void> {
    // Decrypting back into plain-text columns would undo the point of this migration; restore a backup instead.
    throw new Error('EncryptPersonalData cannot be reverted: restore a backup taken before it');
  }
}
