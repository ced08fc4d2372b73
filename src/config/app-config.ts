import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

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

  /** Seconds between sweeps for case warning levels and lapsed 容缺 obligations; 0 turns the timer off. */
  @IsInt() @Min(0) @Max(3600) @Transform(toInt)
  CASE_SWEEP_INTERVAL_SECONDS = 60;

  /**
   * on: the hall clock is the demo clock, which `PUT /api/demo-clock` sets and runs faster (the
   * simulator, `npm run demo`); the server then refuses a database with a hall not marked as a demo hall.
   */
  @IsIn(['on', 'off'])
  DEMO_CLOCK: 'on' | 'off' = 'off';

  /** Where the built web client is served from. */
  @IsString()
  CLIENT_DIST_DIR = 'client/dist';
}

export class ConfigError extends Error {}

const CONFIG_KEYS = [
  'PORT', 'HOST', 'DATABASE_URL', 'DATABASE_POOL_SIZE', 'AUTH_SECRET', 'AUTH_TOKEN_TTL_MINUTES',
  'LOG_LEVEL', 'SEED_DEMO', 'PUBLIC_RATE_LIMIT_PER_MINUTE', 'PUBLIC_BASE_URL', 'CLIENT_DIST_DIR',
  'ID_FINGERPRINT_SECRET', 'CASE_SWEEP_INTERVAL_SECONDS', 'DEMO_CLOCK',
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
