import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A window opening, pausing or closing moved settings_revision, and every instance then dropped every
 * settings cache (halls, categories, windows, device tokens, staff accounts): in a city of thousands of
 * windows that happens every second or so through the working day, and the caches were empty most of the
 * time. The status is read afresh wherever it decides something (under the desk lock, the window's queue,
 * a window screen's first state), so a change of status alone no longer counts as a settings change.
 */
export class WindowStatusOutsideSettings1795302000000 implements MigrationInterface {
  name = 'WindowStatusOutsideSettings1795302000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`drop trigger tg_windows_settings_revision_update on windows`);
    await q.query(`
      create trigger tg_windows_settings_revision_update after update on windows for each row
        when ((to_jsonb(old) - 'status' - 'updated_at') is distinct from (to_jsonb(new) - 'status' - 'updated_at'))
        execute function bump_settings_revision_if_changed()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop trigger tg_windows_settings_revision_update on windows`);
    await q.query(`
      create trigger tg_windows_settings_revision_update after update on windows referencing new table as changed_rows
        for each statement execute function bump_settings_revision_if_changed()`);
  }
}
