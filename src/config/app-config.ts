import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync, ValidateBy } from 'class-validator';
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
const IsKeyRing = () => ValidateBy({
  name: 'isKeyRing',
  validator: {
    validate: (value) => keyRingProblem(value) === null,
    defaultMessage: (args) => `PII_KEYS 格式应为 <id>:<32 字节的 base64>[,<id>:<base64>…]，第一个为当前密钥：${keyRingProblem(args?.value)}`,
  },
});

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));

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

  /**
   * The key ring that seals applicants' names, ID numbers and phone numbers (SM4 + HMAC-SM3):
   * `k2:<base64 of 32 bytes>,k1:<base64>` — every key still needed to read stored rows, the
   * first sealing new ones (`npm run pii:reencrypt` moves old rows to it). When unset, a key
   * generated once is kept in app_settings (`pii_keys`): fine for a demo, not for a hall.
   */
  @IsOptional() @IsKeyRing()
  PII_KEYS?: string;

  /**
   * Days after a case is closed (handed over, delivered, withdrawn, not accepted…) before its
   * applicant's sealed name, ID number and contact are removed; the masked forms and every
   * measure stay. 0 turns the removal off.
   */
  @IsInt() @Min(0) @Max(36500) @Transform(toInt)
  PII_RETENTION_DAYS = 3 * 365;

  /** Seconds between sweeps for case warning levels and lapsed 容缺 obligations; 0 turns the timer off. */
  @IsInt() @Min(0) @Max(3600) @Transform(toInt)
  CASE_SWEEP_INTERVAL_SECONDS = 60;

  /** Where the built web client is served from. */
  @IsString()
  CLIENT_DIST_DIR = 'client/dist';
}

export class ConfigError extends Error {}

const CONFIG_KEYS = [
  'PORT', 'HOST', 'DATABASE_URL', 'DATABASE_POOL_SIZE', 'AUTH_SECRET', 'AUTH_TOKEN_TTL_MINUTES',
  'LOG_LEVEL', 'SEED_DEMO', 'PUBLIC_RATE_LIMIT_PER_MINUTE', 'PUBLIC_BASE_URL', 'CLIENT_DIST_DIR',
  'ID_FINGERPRINT_SECRET', 'CASE_SWEEP_INTERVAL_SECONDS',
  'PII_KEYS', 'PII_RETENTION_DAYS',
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
