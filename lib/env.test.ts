import { describe, expect, it } from 'vitest';
import { ENV_ROLES, EnvError, parseEnv } from './env';

describe('configuration', () => {
  it('has working defaults for the embedded quick start', () => {
    const env = parseEnv({});
    expect(env).toMatchObject({
      APP_URL: 'http://localhost:3000',
      PLATFORM_NAME: 'Gatehouse demo',
      port: 3000,
      embedded: true,
      secureCookies: false,
    });
    expect(env.SESSION_IDLE_MINUTES).toBe(60);
    expect(env.SESSION_MAX_HOURS).toBe(12);
  });

  it('prepares statements unless told off (PgBouncer before 1.21), and names a wrong value', () => {
    expect(parseEnv({}).DATABASE_PREPARED_STATEMENTS).toBe(true);
    expect(parseEnv({ DATABASE_PREPARED_STATEMENTS: 'off' }).DATABASE_PREPARED_STATEMENTS).toBe(false);
    expect(() => parseEnv({ DATABASE_PREPARED_STATEMENTS: 'no' })).toThrow(
      /DATABASE_PREPARED_STATEMENTS.*on or off/,
    );
  });

  it('behind a transaction pooler: no prepared statements unless asked, and migrations straight to PostgreSQL', () => {
    const pooled = {
      DATABASE_URL: 'postgres://app@pgbouncer:6432/gatehouse',
      MIGRATION_DATABASE_URL: 'postgres://owner@postgres:5432/gatehouse',
      SMTP_URL: 'smtp://mail:25',
      DATABASE_POOLER: 'transaction',
    };
    expect(parseEnv({}).DATABASE_POOLER).toBe('none');
    expect(parseEnv(pooled)).toMatchObject({
      DATABASE_POOLER: 'transaction',
      DATABASE_PREPARED_STATEMENTS: false,
    });
    // PgBouncer 1.21+ with max_prepared_statements carries them: the operator may say so.
    expect(parseEnv({ ...pooled, DATABASE_PREPARED_STATEMENTS: 'on' }).DATABASE_PREPARED_STATEMENTS).toBe(
      true,
    );
    expect(() => parseEnv({ ...pooled, MIGRATION_DATABASE_URL: undefined })).toThrow(
      /DATABASE_POOLER transaction needs DATABASE_URL \(the pooler\) and MIGRATION_DATABASE_URL/,
    );
    expect(() => parseEnv({ DATABASE_POOLER: 'session' })).toThrow(
      /DATABASE_POOLER expects none or transaction/,
    );
  });

  it('derives port and secure cookies from APP_URL', () => {
    expect(parseEnv({ APP_URL: 'https://care.example.org' })).toMatchObject({
      secureCookies: true,
      port: 3000,
    });
    expect(parseEnv({ APP_URL: 'http://localhost:4100' }).port).toBe(4100);
    expect(parseEnv({ APP_URL: 'http://localhost:4100', PORT: '5000' }).port).toBe(5000);
  });

  it.each([
    [{ APP_URL: 'not a url' }, 'APP_URL'],
    [{ APP_URL: 'https://example.org/path' }, 'APP_URL'],
    [{ APP_URL: 'ftp://example.org' }, 'APP_URL'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ PORT: 'eighty' }, 'PORT'],
    [{ SMTP_URL: 'http://mail' }, 'SMTP_URL'],
    [{ AUTH_SECRET: 'short' }, 'AUTH_SECRET'],
    [
      { NODE_ENV: 'production', DATABASE_URL: 'postgres://u@h/db', SMTP_URL: 'smtp://mail:25' },
      'AUTH_SECRET',
    ],
    [{ DATABASE_URL: 'postgres://u@h/db' }, 'SMTP_URL'],
    [{ ARGON2_MEMORY_KIB: '1024' }, 'ARGON2_MEMORY_KIB'],
    [{ MIGRATION_DATABASE_URL: 'postgres://owner@h/db' }, 'MIGRATION_DATABASE_URL'],
    [
      { MIGRATION_DATABASE_URL: 'mysql://x', DATABASE_URL: 'postgres://u@h/db', SMTP_URL: 'smtp://mail:25' },
      'MIGRATION_DATABASE_URL',
    ],
  ])('stops with one line naming the variable for %j', (source, variable) => {
    let message = '';
    try {
      parseEnv(source);
    } catch (err) {
      expect(err).toBeInstanceOf(EnvError);
      message = (err as Error).message;
    }
    expect(message.startsWith(`Configuration error: ${variable} `)).toBe(true);
    expect(message).not.toContain('\n');
  });
});

describe('REQUIRE_TWO_STEP_ROLES', () => {
  it('requires two-step verification of helpdesk and application managers by default', () => {
    expect(parseEnv({}).REQUIRE_TWO_STEP_ROLES).toEqual(['helpdesk', 'application_manager']);
  });

  it('takes a list, or nobody when set empty', () => {
    expect(parseEnv({ REQUIRE_TWO_STEP_ROLES: 'counselor, helpdesk' }).REQUIRE_TWO_STEP_ROLES).toEqual([
      'counselor',
      'helpdesk',
    ]);
    expect(parseEnv({ REQUIRE_TWO_STEP_ROLES: '' }).REQUIRE_TWO_STEP_ROLES).toEqual([]);
  });

  it('names an unknown role', () => {
    expect(() => parseEnv({ REQUIRE_TWO_STEP_ROLES: 'helpdesk,admin' })).toThrow(
      /REQUIRE_TWO_STEP_ROLES expects a comma-separated list of roles .* not admin/,
    );
  });

  it('knows the same roles as the database', async () => {
    const { roles } = await import('./db/schema');
    expect([...ENV_ROLES]).toEqual([...roles]);
  });
});

describe('SECOND_LOOK_MINUTES', () => {
  it('is 15 minutes unless set, 0 asks every time, and more than an hour is refused', () => {
    expect(parseEnv({}).SECOND_LOOK_MINUTES).toBe(15);
    expect(parseEnv({ SECOND_LOOK_MINUTES: '0' }).SECOND_LOOK_MINUTES).toBe(0);
    expect(() => parseEnv({ SECOND_LOOK_MINUTES: '61' })).toThrow(/SECOND_LOOK_MINUTES expects minutes/);
  });
});
