import { Injectable } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { DataSource } from 'typeorm';
import { AppException } from '../common/errors/app-exception';
import { hashPassword, verifyPassword } from '../users/password';
import { changedRows } from './changed-rows';
import { SecretBox } from './secret-box';

export const RECOVERY_CODE_COUNT = 10;
const ISSUER = 'OneWindow 一窗通办';
/** Codes of the step before and after the server's are accepted too (clock drift of a phone). */
const WINDOW = 1;
/** Without 0/O and 1/I/L, which are misread when typed from paper. */
const RECOVERY_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export interface TotpEnrolment {
  secret: string;
  uri: string;
  qrDataUrl: string;
}

export type TotpCheck = 'totp' | 'recovery-code' | null;

/**
 * The second factor: a TOTP seed per account (sealed with AES-256-GCM), ten single-use recovery
 * codes (argon2id hashes, like passwords) and, against replay, the last time step that was accepted:
 * a code is taken only for a later step than any before it, in one conditional update.
 */
@Injectable()
export class TotpService {
  private box: SecretBox;

  constructor(private readonly dataSource: DataSource) {}

  useKey(key: Buffer): void {
    this.box = new SecretBox(key);
  }

  async isEnrolled(userId: string): Promise<boolean> {
    const rows = await this.dataSource.query('select 1 from staff_totp where user_id = $1 and enabled_at is not null', [userId]);
    return rows.length > 0;
  }

  /** A new seed waiting for its first code; replaces one not yet confirmed. An enrolled account must not start over here. */
  async begin(user: { id: string; username: string }): Promise<TotpEnrolment> {
    const secret = new Secret({ size: 20 });
    const sealed = this.box.seal(secret.base32, this.purpose(user.id));
    const [saved] = await this.dataSource.query(
      `insert into staff_totp (user_id, secret_enc) values ($1, $2)
       on conflict (user_id) do update set secret_enc = excluded.secret_enc, created_at = now(), last_step = null
         where staff_totp.enabled_at is null
       returning user_id`,
      [user.id, sealed],
    );
    if (!saved) throw new AppException('TOTP_ALREADY_ENROLLED');
    const uri = this.totp(user.username, secret).toString();
    return {
      secret: secret.base32,
      uri,
      qrDataUrl: await (await import('qrcode')).toDataURL(uri, { errorCorrectionLevel: 'M', margin: 1, width: 240 }),
    };
  }

  /** The first code proves the app holds the seed: enrolment holds from now, and the recovery codes are shown this once. */
  async confirm(user: { id: string; username: string }, code: string): Promise<string[]> {
    const [row] = await this.dataSource.query('select secret_enc, enabled_at from staff_totp where user_id = $1', [user.id]);
    if (!row) throw new AppException('TOTP_NOT_STARTED');
    if (row.enabled_at) throw new AppException('TOTP_ALREADY_ENROLLED');
    const step = this.acceptedStep(user, row.secret_enc, code);
    if (step === null) throw new AppException('TOTP_INVALID');
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => recoveryCode());
    const hashes = await Promise.all(codes.map((c) => hashPassword(normalise(c))));
    const done = await this.dataSource.transaction(async (em) => {
      const [enabled] = changedRows(
        await em.query(
          'update staff_totp set enabled_at = now(), last_step = $2 where user_id = $1 and enabled_at is null returning user_id',
          [user.id, step],
        ),
      );
      if (!enabled) return false;
      await em.query('delete from totp_recovery_codes where user_id = $1', [user.id]);
      await em.query('insert into totp_recovery_codes (user_id, code_hash) select $1, unnest($2::text[])', [user.id, hashes]);
      return true;
    });
    if (!done) throw new AppException('TOTP_ALREADY_ENROLLED');
    return codes;
  }

  /** A code from the app (each step once) or an unused recovery code (then used up); null if neither. */
  async verify(user: { id: string; username: string }, code: string): Promise<TotpCheck> {
    const [row] = await this.dataSource.query('select secret_enc from staff_totp where user_id = $1 and enabled_at is not null', [user.id]);
    if (!row) return null;
    if (/^\d{6}$/.test(code)) {
      const step = this.acceptedStep(user, row.secret_enc, code);
      if (step === null) return null;
      const taken = changedRows(
        await this.dataSource.query(
          'update staff_totp set last_step = $2 where user_id = $1 and (last_step is null or last_step < $2) returning user_id',
          [user.id, step],
        ),
      );
      return taken.length ? 'totp' : null;
    }
    const given = normalise(code);
    if (given.length !== 10) return null;
    const unused: { id: string; code_hash: string }[] = await this.dataSource.query(
      'select id, code_hash from totp_recovery_codes where user_id = $1 and used_at is null',
      [user.id],
    );
    for (const candidate of unused) {
      if (!(await verifyPassword(candidate.code_hash, given))) continue;
      const used = changedRows(
        await this.dataSource.query('update totp_recovery_codes set used_at = now() where id = $1 and used_at is null returning id', [
          candidate.id,
        ]),
      );
      return used.length ? 'recovery-code' : null;
    }
    return null;
  }

  /** Seed and recovery codes gone: the account signs in without TOTP, or enrols afresh if its role must use it. */
  async remove(userId: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      await em.query('delete from totp_recovery_codes where user_id = $1', [userId]);
      await em.query('delete from staff_totp where user_id = $1', [userId]);
    });
  }

  async unusedRecoveryCodes(userId: string): Promise<number> {
    const [{ n }] = await this.dataSource.query(
      'select count(*)::int as n from totp_recovery_codes where user_id = $1 and used_at is null',
      [userId],
    );
    return n;
  }

  /** The time step a code belongs to, if it is valid within the window. */
  private acceptedStep(user: { id: string; username: string }, sealed: string, code: string): number | null {
    if (!/^\d{6}$/.test(code)) return null;
    const totp = this.totp(user.username, Secret.fromBase32(this.box.open(sealed, this.purpose(user.id))));
    const now = Date.now();
    const delta = totp.validate({ token: code, timestamp: now, window: WINDOW });
    return delta === null ? null : totp.counter({ timestamp: now }) + delta;
  }

  private totp(username: string, secret: Secret): TOTP {
    return new TOTP({ issuer: ISSUER, label: username, algorithm: 'SHA1', digits: 6, period: 30, secret });
  }

  private purpose(userId: string): string {
    return `staff_totp:${userId}`;
  }
}

function recoveryCode(): string {
  const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

/** As typed: any case, with or without the dash and spaces. */
function normalise(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}
