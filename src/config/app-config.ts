import { plainToInstance, Transform } from 'class-transformer';
import {
  IsIn, IsInt, IsNumber, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, Validate, ValidateIf, validateSync, ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { templateProblems } from '../notifications/domain/notice-kinds';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));

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
  @IsInt() @Min(0) @Max(65535) @Transform(toInt)
  PORT = 3000;

  @IsString() @IsOptional()
  HOST = '0.0.0.0';

  /** External PostgreSQL; when absent `npm start` runs an embedded one (see scripts/start.mjs). */
  @IsOptional() @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL 必须是 postgres:// 连接串' })
  DATABASE_URL?: string;

  @IsInt() @Min(1) @Max(200) @Transform(toInt)
  DATABASE_POOL_SIZE = 20;

  /** Signs staff tokens. When unset, a secret generated once and kept in the database is shared by all instances. */
  @IsOptional() @IsString() @MinLength(32, { message: 'AUTH_SECRET 至少 32 个字符' })
  AUTH_SECRET?: string;

  @IsInt() @Min(5) @Max(7 * 24 * 60) @Transform(toInt)
  AUTH_TOKEN_TTL_MINUTES = 12 * 60;

  @IsIn(['debug', 'info', 'warn', 'error', 'silent'])
  LOG_LEVEL: 'debug' | 'info' | 'warn' | 'error' | 'silent' = 'info';

  /** Loads the demo hall into an empty database at start. */
  @IsIn(['auto', 'never']) @IsOptional()
  SEED_DEMO: 'auto' | 'never' = 'auto';

  /** Public phone/lookup routes: requests per minute per client address. */
  @IsInt() @Min(1) @Transform(toInt)
  PUBLIC_RATE_LIMIT_PER_MINUTE = 30;

  /** Base URL printed into QR codes on slips and notices. */
  @IsOptional() @IsString()
  PUBLIC_BASE_URL?: string;

  /**
   * Keys the fingerprints that find cases by ID number. When unset, a secret generated once and
   * kept in the database is shared by all instances; changing it orphans every stored fingerprint.
   */
  @IsOptional() @IsString() @MinLength(32, { message: 'ID_FINGERPRINT_SECRET 至少 32 个字符' })
  ID_FINGERPRINT_SECRET?: string;

  /** Seconds between sweeps for case warning levels and lapsed 容缺 obligations; 0 turns the timer off. */
  @IsInt() @Min(0) @Max(3600) @Transform(toInt)
  CASE_SWEEP_INTERVAL_SECONDS = 60;

  /**
   * The HTTP SMS gateway notices are sent through (README "Notices to the applicant"); unset, no
   * SMS is written or sent and notices reach only the citizen's own pages.
   */
  @IsOptional() @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true }, { message: 'SMS_GATEWAY_URL 必须是 http(s):// 地址' })
  SMS_GATEWAY_URL?: string;

  /** bearer: `Authorization: Bearer <secret>`; hmac: `X-Signature` = HMAC-SHA256(secret, timestamp + "." + body); none: no credentials. */
  @IsIn(['bearer', 'hmac', 'none'])
  SMS_GATEWAY_AUTH: 'bearer' | 'hmac' | 'none' = 'bearer';

  @ValidateIf((c: AppConfig) => c.SMS_GATEWAY_URL !== undefined && c.SMS_GATEWAY_AUTH !== 'none')
  @IsString({ message: 'SMS_GATEWAY_SECRET 必填（SMS_GATEWAY_AUTH 为 bearer 或 hmac 时）' }) @MinLength(16, { message: 'SMS_GATEWAY_SECRET 至少 16 个字符' })
  SMS_GATEWAY_SECRET?: string;

  @IsInt() @Min(100) @Max(60_000) @Transform(toInt)
  SMS_GATEWAY_TIMEOUT_MS = 5000;

  /** JSON object overriding the default Chinese templates per notice kind, e.g. {"accepted":"…{caseNumber}…"}. */
  @IsOptional() @Validate(SmsTemplates)
  SMS_TEMPLATES?: string;

  /** Attempts per notice and channel before it is dead. */
  @IsInt() @Min(1) @Max(30) @Transform(toInt)
  NOTICE_MAX_ATTEMPTS = 6;

  /** Wait after the first failed attempt; doubled after each further one, up to NOTICE_RETRY_MAX_MS. */
  @IsInt() @Min(10) @Max(3_600_000) @Transform(toInt)
  NOTICE_RETRY_BASE_MS = 30_000;

  @IsInt() @Min(10) @Max(86_400_000) @Transform(toInt)
  NOTICE_RETRY_MAX_MS = 3_600_000;

  /** How often an idle delivery worker asks the job queue for work (pg-boss allows 0.5 at least). */
  @IsNumber() @Min(0.5) @Max(60) @Transform(toInt)
  NOTICE_POLL_INTERVAL_SECONDS = 2;

  /** off: this instance writes notices but does not deliver them (another instance's worker does). */
  @IsIn(['on', 'off'])
  NOTICE_WORKER: 'on' | 'off' = 'on';

  /** Where the built web client is served from. */
  @IsString()
  CLIENT_DIST_DIR = 'client/dist';
}

export class ConfigError extends Error {}

const CONFIG_KEYS = [
  'PORT', 'HOST', 'DATABASE_URL', 'DATABASE_POOL_SIZE', 'AUTH_SECRET', 'AUTH_TOKEN_TTL_MINUTES',
  'LOG_LEVEL', 'SEED_DEMO', 'PUBLIC_RATE_LIMIT_PER_MINUTE', 'PUBLIC_BASE_URL', 'CLIENT_DIST_DIR',
  'ID_FINGERPRINT_SECRET', 'CASE_SWEEP_INTERVAL_SECONDS',
  'SMS_GATEWAY_URL', 'SMS_GATEWAY_AUTH', 'SMS_GATEWAY_SECRET', 'SMS_GATEWAY_TIMEOUT_MS', 'SMS_TEMPLATES', 'NOTICE_MAX_ATTEMPTS',
  'NOTICE_RETRY_BASE_MS', 'NOTICE_RETRY_MAX_MS', 'NOTICE_POLL_INTERVAL_SECONDS', 'NOTICE_WORKER',
];

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const input = Object.fromEntries(Object.entries(env).filter(([k]) => CONFIG_KEYS.includes(k)));
  const config = plainToInstance(AppConfig, input, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: false });
  if (errors.length > 0) {
    const lines = errors.map((e) => `  ${e.property}=${JSON.stringify(e.value)}: ${Object.values(e.constraints ?? {}).join('; ')}`);
    throw new ConfigError(`配置无效 (invalid configuration):\n${lines.join('\n')}`);
  }
  return config;
}
