import { applyDecorators } from '@nestjs/common';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  Validate,
  ValidateBy,
  ValidationArguments,
  ValidateIf,
  validateSync,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { STAFF_ROLES } from '../auth/principal';
import { templateProblems } from '../notifications/domain/notice-kinds';
import { STORAGE_DRIVERS, StorageDriverName } from '../storage/storage-driver';
import { parseKeyRing } from '../pii/domain/field-cipher';

function keyRingProblem(value: unknown): string | null {
  if (typeof value !== 'string') return '应为字符串';
  try {
    parseKeyRing(value);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

/** PII_KEYS must parse as a key ring; the message says what is wrong without echoing any key. */
const IsKeyRing = () =>
  ValidateBy({
    name: 'isKeyRing',
    validator: {
      validate: (value) => keyRingProblem(value) === null,
      defaultMessage: (args) =>
        `PII_KEYS 格式应为 <id>:<32 字节的 base64>[,<id>:<base64>…]，第一个为当前密钥：${keyRingProblem(args?.value)}`,
    },
  });

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));

/**
 * A whole number read from its environment string, within bounds (no upper one where any count will
 * do). Listed bottom-up like the stack it replaces, so a bad value's messages keep their order.
 */
const IntSetting = (min: number, max?: number) =>
  applyDecorators(Transform(toInt), ...(max === undefined ? [] : [Max(max)]), Min(min), IsInt());

/** A signing secret long enough to resist guessing; unset, one is generated and kept in the database. */
const SecretSetting = () =>
  applyDecorators(MinLength(32, { message: (args: ValidationArguments) => `${args.property} 至少 32 个字符` }), IsString(), IsOptional());

/** A comma-separated list of staff roles, '' for none. */
const IsStaffRoleList = () =>
  ValidateBy({
    name: 'isStaffRoleList',
    validator: {
      validate: (value) =>
        typeof value === 'string' &&
        (value.trim() === '' || value.split(',').every((role) => (STAFF_ROLES as readonly string[]).includes(role.trim()))),
      defaultMessage: (args) => `${args?.property} 是逗号分隔的 ${STAFF_ROLES.join('、')}`,
    },
  });

/** SMS_TEMPLATES: a JSON object of notice kind → template using only that kind's placeholders. */
@ValidatorConstraint({ name: 'smsTemplates' })
class SmsTemplates implements ValidatorConstraintInterface {
  private problems: string[] = [];

  validate(value: unknown): boolean {
    try {
      this.problems = templateProblems(JSON.parse(String(value)));
    } catch {
      this.problems = ['不是有效的 JSON'];
    }
    return this.problems.length === 0;
  }

  defaultMessage(): string {
    return `SMS_TEMPLATES 无效：${this.problems.join('；')}`;
  }
}

/**
 * Every setting the server reads from the environment, with the defaults a bare
 * `npm start` needs. Invalid values stop start-up with a message naming the variable.
 */
export class AppConfig {
  @IntSetting(0, 65535)
  PORT = 3000;

  @IsString()
  @IsOptional()
  HOST = '0.0.0.0';

  /** External PostgreSQL; when absent `npm start` runs an embedded one (see scripts/start.mjs). */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL 必须是 postgres:// 连接串' })
  DATABASE_URL?: string;

  @IntSetting(1, 200)
  DATABASE_POOL_SIZE = 20;

  /** Signs staff tokens. When unset, a secret generated once and kept in the database is shared by all instances. */
  @SecretSetting()
  AUTH_SECRET?: string;

  @IntSetting(5, 7 * 24 * 60)
  AUTH_TOKEN_TTL_MINUTES = 12 * 60;

  /** A staff session with no request for this long is ended; its next request gets SESSION_IDLE. */
  @IntSetting(2, 24 * 60 * 60)
  AUTH_IDLE_TIMEOUT_SECONDS = 30 * 60;

  /** New passwords: at least this long… */
  @IntSetting(8, 128)
  AUTH_PASSWORD_MIN_LENGTH = 10;

  /** …with characters of at least this many of the classes lower case, upper case, digits, others. */
  @IntSetting(1, 4)
  AUTH_PASSWORD_MIN_CLASSES = 3;

  /** Days after which a password must be changed at the next sign-in; 0 turns expiry off. */
  @IntSetting(0, 3650)
  AUTH_PASSWORD_MAX_AGE_DAYS = 0;

  /**
   * Staff roles that must sign in with a TOTP code, comma-separated ('' for none). Unset: managers
   * and the three administrators (admin, security_admin, audit_admin), except in demo mode, where no role must (an account that enrolled still must).
   */
  @IsOptional()
  @IsStaffRoleList()
  AUTH_TOTP_ROLES?: string;

  /**
   * AES-256-GCM key of the stored TOTP secrets: 64 hex digits. When unset, a key generated once and
   * kept in the database is shared by all instances (which protects a leaked dump of staff_totp alone, no more).
   */
  @IsOptional()
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'AUTH_TOTP_KEY 必须是 64 位十六进制数（32 字节）' })
  AUTH_TOTP_KEY?: string;

  /**
   * The demo hall's accounts as seeded (`on`, for `npm start`): they keep the demo password and need no
   * TOTP. `off`: accounts seeded from now on must change their password at first sign-in, and TOTP
   * applies to every account of AUTH_TOTP_ROLES (managers and the three administrators when unset).
   */
  @IsIn(['on', 'off'])
  DEMO_MODE: 'on' | 'off' = 'on';

  @IsIn(['debug', 'info', 'warn', 'error', 'silent'])
  LOG_LEVEL: 'debug' | 'info' | 'warn' | 'error' | 'silent' = 'info';

  /** Loads the demo hall into an empty database at start. */
  @IsIn(['auto', 'never'])
  @IsOptional()
  SEED_DEMO: 'auto' | 'never' = 'auto';

  /** Public phone/lookup routes: requests per minute per client address. */
  @IntSetting(1)
  PUBLIC_RATE_LIMIT_PER_MINUTE = 30;

  /** Base URL printed into QR codes on slips and notices. */
  @IsOptional()
  @IsString()
  PUBLIC_BASE_URL?: string;

  /**
   * Keys the fingerprints that find cases by ID number. When unset, a secret generated once and
   * kept in the database is shared by all instances; changing it orphans every stored fingerprint.
   */
  @SecretSetting()
  ID_FINGERPRINT_SECRET?: string;

  /**
   * The key ring that seals applicants' names, ID numbers and phone numbers (SM4 + HMAC-SM3):
   * `k2:<base64 of 32 bytes>,k1:<base64>` — every key still needed to read stored rows, the
   * first sealing new ones (`npm run pii:reencrypt` moves old rows to it). When unset, a key
   * generated once is kept in app_settings (`pii_keys`): fine for a demo, not for a hall.
   */
  @IsOptional()
  @IsKeyRing()
  PII_KEYS?: string;

  /**
   * Days after a case is closed (handed over, delivered, withdrawn, not accepted…) before its
   * applicant's sealed name, ID number and contact are removed; the masked forms and every
   * measure stay. 0 turns the removal off.
   */
  @IntSetting(0, 36500)
  PII_RETENTION_DAYS = 3 * 365;

  /** Seconds between sweeps for case warning levels and lapsed 容缺 obligations; 0 turns the timer off. */
  @IntSetting(0, 3600)
  CASE_SWEEP_INTERVAL_SECONDS = 60;

  /**
   * The HTTP SMS gateway notices are sent through (README "Notices to the applicant"); unset, no
   * SMS is written or sent and notices reach only the citizen's own pages.
   */
  @IsOptional()
  @IsUrl(
    { protocols: ['http', 'https'], require_tld: false, require_protocol: true },
    { message: 'SMS_GATEWAY_URL 必须是 http(s):// 地址' },
  )
  SMS_GATEWAY_URL?: string;

  /** bearer: `Authorization: Bearer <secret>`; hmac: `X-Signature` = HMAC-SHA256(secret, timestamp + "." + body); none: no credentials. */
  @IsIn(['bearer', 'hmac', 'none'])
  SMS_GATEWAY_AUTH: 'bearer' | 'hmac' | 'none' = 'bearer';

  @ValidateIf((c: AppConfig) => c.SMS_GATEWAY_URL !== undefined && c.SMS_GATEWAY_AUTH !== 'none')
  @IsString({ message: 'SMS_GATEWAY_SECRET 必填（SMS_GATEWAY_AUTH 为 bearer 或 hmac 时）' })
  @MinLength(16, { message: 'SMS_GATEWAY_SECRET 至少 16 个字符' })
  SMS_GATEWAY_SECRET?: string;

  @IntSetting(100, 60_000)
  SMS_GATEWAY_TIMEOUT_MS = 5000;

  /** JSON object overriding the default Chinese templates per notice kind, e.g. {"accepted":"…{caseNumber}…"}. */
  @IsOptional()
  @Validate(SmsTemplates)
  SMS_TEMPLATES?: string;

  /** Attempts per notice and channel before it is dead. */
  @IntSetting(1, 30)
  NOTICE_MAX_ATTEMPTS = 6;

  /** Wait after the first failed attempt; doubled after each further one, up to NOTICE_RETRY_MAX_MS. */
  @IntSetting(10, 3_600_000)
  NOTICE_RETRY_BASE_MS = 30_000;

  @IntSetting(10, 86_400_000)
  NOTICE_RETRY_MAX_MS = 3_600_000;

  /** How often an idle delivery worker asks the job queue for work (pg-boss allows 0.5 at least). */
  @IsNumber()
  @Min(0.5)
  @Max(60)
  @Transform(toInt)
  NOTICE_POLL_INTERVAL_SECONDS = 2;

  /** off: this instance writes notices but does not deliver them (another instance's worker does). */
  @IsIn(['on', 'off'])
  NOTICE_WORKER: 'on' | 'off' = 'on';

  /**
   * on: the hall clock is the demo clock, which `PUT /api/demo-clock` sets and runs faster (the
   * simulator, `npm run demo`); the server then refuses a database with a hall not marked as a demo hall.
   */
  @IsIn(['on', 'off'])
  DEMO_CLOCK: 'on' | 'off' = 'off';

  /** Where the built web client is served from. */
  @IsString()
  CLIENT_DIST_DIR = 'client/dist';

  /** Where material files are kept: `postgres` (default, needs nothing more) or `s3` (an S3-compatible object store). */
  @IsIn(STORAGE_DRIVERS)
  STORAGE_DRIVER: StorageDriverName = 'postgres';

  /** The S3 endpoint, e.g. http://minio:9000; unset for AWS itself. */
  @IsOptional()
  @Matches(/^https?:\/\//, { message: 'STORAGE_S3_ENDPOINT 必须是 http(s):// 地址' })
  STORAGE_S3_ENDPOINT?: string;

  @IsString()
  STORAGE_S3_REGION = 'us-east-1';

  @IsOptional()
  @IsString()
  STORAGE_S3_BUCKET?: string;

  @IsOptional()
  @IsString()
  STORAGE_S3_ACCESS_KEY_ID?: string;

  @IsOptional()
  @IsString()
  STORAGE_S3_SECRET_ACCESS_KEY?: string;

  /** Path-style addressing (http://host/bucket/key), which MinIO and Ceph RGW usually need. */
  @IsIn(['true', 'false'])
  STORAGE_S3_FORCE_PATH_STYLE: 'true' | 'false' = 'true';

  /** The largest material file accepted, in MiB. */
  @IntSetting(1, 2048)
  MATERIAL_FILE_MAX_MB = 20;

  /** All of one case's material files together, in MiB. */
  @IntSetting(1, 100_000)
  MATERIAL_CASE_MAX_MB = 200;

  /** How long a signed file link (the browser's viewer, the applicant's download) works. */
  @IntSetting(10, 7 * 24 * 3600)
  FILE_LINK_TTL_SECONDS = 900;

  /** Signs file links. When unset, a secret generated once and kept in the database is shared by all instances. */
  @SecretSetting()
  FILE_LINK_SECRET?: string;
}

export class ConfigError extends Error {}

const CONFIG_KEYS = [
  'PORT',
  'HOST',
  'DATABASE_URL',
  'DATABASE_POOL_SIZE',
  'AUTH_SECRET',
  'AUTH_TOKEN_TTL_MINUTES',
  'LOG_LEVEL',
  'SEED_DEMO',
  'PUBLIC_RATE_LIMIT_PER_MINUTE',
  'PUBLIC_BASE_URL',
  'CLIENT_DIST_DIR',
  'ID_FINGERPRINT_SECRET',
  'CASE_SWEEP_INTERVAL_SECONDS',
  'AUTH_IDLE_TIMEOUT_SECONDS',
  'AUTH_PASSWORD_MIN_LENGTH',
  'AUTH_PASSWORD_MIN_CLASSES',
  'AUTH_PASSWORD_MAX_AGE_DAYS',
  'AUTH_TOTP_ROLES',
  'AUTH_TOTP_KEY',
  'DEMO_MODE',
  'STORAGE_DRIVER',
  'STORAGE_S3_ENDPOINT',
  'STORAGE_S3_REGION',
  'STORAGE_S3_BUCKET',
  'STORAGE_S3_ACCESS_KEY_ID',
  'STORAGE_S3_SECRET_ACCESS_KEY',
  'STORAGE_S3_FORCE_PATH_STYLE',
  'MATERIAL_FILE_MAX_MB',
  'MATERIAL_CASE_MAX_MB',
  'FILE_LINK_TTL_SECONDS',
  'FILE_LINK_SECRET',
  'SMS_GATEWAY_URL',
  'SMS_GATEWAY_AUTH',
  'SMS_GATEWAY_SECRET',
  'SMS_GATEWAY_TIMEOUT_MS',
  'SMS_TEMPLATES',
  'NOTICE_MAX_ATTEMPTS',
  'NOTICE_RETRY_BASE_MS',
  'NOTICE_RETRY_MAX_MS',
  'NOTICE_POLL_INTERVAL_SECONDS',
  'NOTICE_WORKER',
  'PII_KEYS',
  'PII_RETENTION_DAYS',
  'DEMO_CLOCK',
];

/** Never echoed in a configuration error: the log would keep them. */
const SECRET_KEYS: ReadonlySet<string> = new Set(['AUTH_SECRET', 'ID_FINGERPRINT_SECRET', 'PII_KEYS']);

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const input = Object.fromEntries(Object.entries(env).filter(([k]) => CONFIG_KEYS.includes(k)));
  const config = plainToInstance(AppConfig, input, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: false });
  if (errors.length > 0) {
    const lines = errors.map((e) => {
      const shown = SECRET_KEYS.has(e.property) ? '(hidden)' : JSON.stringify(e.value);
      return `  ${e.property}=${shown}: ${Object.values(e.constraints ?? {}).join('; ')}`;
    });
    throw new ConfigError(`配置无效 (invalid configuration):\n${lines.join('\n')}`);
  }
  return config;
}
