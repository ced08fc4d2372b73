import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An applicant's phone is kept only when they give one (it is what SMS notices go to): the sealed
 * phone and its masked form may both be absent, but not one without the other while the case
 * still holds its personal data.
 */
export class OptionalContactPhone1795301800001 implements MigrationInterface {
  name = 'OptionalContactPhone1795301800001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      alter table cases
        drop constraint ck_cases_personal_data,
        alter column contact_phone_masked drop not null,
        add constraint ck_cases_personal_data check (personal_data_removed_at is not null or (applicant_name_enc is not null
          and applicant_id_enc is not null and applicant_id_fingerprint is not null)),
        add constraint ck_cases_contact_phone check ((contact_phone_masked is null) = (contact_phone_enc is null) or personal_data_removed_at is not null)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      alter table cases
        drop constraint ck_cases_contact_phone,
        drop constraint ck_cases_personal_data,
        add constraint ck_cases_personal_data check (personal_data_removed_at is not null or (applicant_name_enc is not null
          and applicant_id_enc is not null and contact_phone_enc is not null and applicant_id_fingerprint is not null))`);
    await q.query(`update cases set contact_phone_masked = '' where contact_phone_masked is null`);
    await q.query('alter table cases alter column contact_phone_masked set not null');
  }
}
