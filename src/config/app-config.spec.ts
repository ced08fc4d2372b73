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
