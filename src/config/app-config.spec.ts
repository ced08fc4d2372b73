import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('gives a bare start working defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3000, DATABASE_POOL_SIZE: 20, LOG_LEVEL: 'info', SEED_DEMO: 'auto' });
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('reads and converts the environment', () => {
    const config = loadConfig({ PORT: '8080', DATABASE_URL: 'postgres://u:p@db:5432/hall', LOG_LEVEL: 'warn', UNRELATED: 'x' });
    expect(config).toMatchObject({ PORT: 8080, DATABASE_URL: 'postgres://u:p@db:5432/hall', LOG_LEVEL: 'warn' });
  });

  it('stops start-up with a message naming every bad variable', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', AUTH_SECRET: 'short' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('PORT');
    expect(message).toContain('DATABASE_URL');
    expect(message).toContain('AUTH_SECRET');
  });
});

describe('loadConfig: AUTH_TOTP_ROLES', () => {
  it.each(['', ' ', 'manager', ' manager , admin ', 'clerk,approver,manager,admin,security_admin,audit_admin'])('takes %p', (roles) => {
    expect(loadConfig({ AUTH_TOTP_ROLES: roles }).AUTH_TOTP_ROLES).toBe(roles);
  });

  it.each(['boss', 'manager,,admin', 'manager;admin', 'kiosk'])('refuses %p, naming the staff roles', (roles) => {
    expect(() => loadConfig({ AUTH_TOTP_ROLES: roles })).toThrow(
      'AUTH_TOTP_ROLES 是逗号分隔的 clerk、approver、manager、admin、security_admin、audit_admin',
    );
  });
});

describe('loadConfig: notices', () => {
  it('keeps SMS off by default and delivers with a worker', () => {
    const config = loadConfig({});
    expect(config.SMS_GATEWAY_URL).toBeUndefined();
    expect(config).toMatchObject({
      NOTICE_WORKER: 'on',
      NOTICE_MAX_ATTEMPTS: 6,
      NOTICE_RETRY_BASE_MS: 30_000,
      NOTICE_POLL_INTERVAL_SECONDS: 2,
    });
  });

  it('asks for a secret when the gateway takes credentials, and checks the templates', () => {
    const message = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return '';
      } catch (err) {
        return (err as Error).message;
      }
    };
    expect(message({ SMS_GATEWAY_URL: 'http://127.0.0.1:9000/sms' })).toContain('SMS_GATEWAY_SECRET');
    expect(message({ SMS_GATEWAY_URL: 'http://127.0.0.1:9000/sms', SMS_GATEWAY_AUTH: 'none' })).toBe('');
    expect(message({ SMS_GATEWAY_URL: 'ftp://x', SMS_GATEWAY_AUTH: 'none' })).toContain('SMS_GATEWAY_URL');
    expect(message({ SMS_TEMPLATES: '{"accepted":"已受理 {pickupCode}"}' })).toContain('{pickupCode}');
    expect(message({ SMS_TEMPLATES: 'not json' })).toContain('SMS_TEMPLATES');
    expect(message({ SMS_TEMPLATES: '{"accepted":"已受理 {caseNumber}"}', NOTICE_POLL_INTERVAL_SECONDS: '0.5' })).toBe('');
    expect(message({ NOTICE_POLL_INTERVAL_SECONDS: '0.1' })).toContain('NOTICE_POLL_INTERVAL_SECONDS');
  });
});
