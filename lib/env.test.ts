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

  it('trusts forwarded headers from loopback and private addresses unless told exactly which, and names a wrong value', () => {
    expect(parseEnv({}).TRUST_PROXY_ADDRESSES).toContain('127.0.0.0/8');
    expect(parseEnv({ TRUST_PROXY_ADDRESSES: '10.1.2.3, 2001:db8::/64' }).TRUST_PROXY_ADDRESSES).toEqual([
      '10.1.2.3',
      '2001:db8::/64',
    ]);
    expect(() => parseEnv({ TRUST_PROXY_ADDRESSES: '10.1.2.3,nginx' })).toThrow(
      /TRUST_PROXY_ADDRESSES.*IP addresses or CIDR ranges/,
    );
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
  it('requires two-step verification of every staff role by default: counselors see client lists too (issue 26, finding 9)', () => {
    expect(parseEnv({}).REQUIRE_TWO_STEP_ROLES).toEqual(['counselor', 'helpdesk', 'application_manager']);
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

describe('DKIM and the bounce mailbox (issue 30)', () => {
  const key = '-----BEGIN PRIVATE KEY-----\\nMIIE...\\n-----END PRIVATE KEY-----';

  it('signs nothing and keeps the sender as envelope unless configured', () => {
    const env = parseEnv({});
    expect(env.DKIM_SELECTOR).toBeUndefined();
    expect(env.EMAIL_BOUNCE_ADDRESS).toBeUndefined();
    expect(env.EMAIL_BOUNCE_POLL_SECONDS).toBe(60);
  });

  it('takes a selector with a key (line breaks written as \\n) or a key file, and a bounce mailbox', () => {
    const env = parseEnv({
      DKIM_SELECTOR: 'gatehouse2026',
      DKIM_PRIVATE_KEY: key,
      DKIM_DOMAIN: 'Care.Example.org',
      EMAIL_BOUNCE_ADDRESS: 'Bounces@mail.care.example.org',
      EMAIL_BOUNCE_IMAP_URL: 'imaps://bounces:secret@mail.care.example.org:993',
    });
    expect(env.DKIM_PRIVATE_KEY).toContain('\n');
    expect(env.DKIM_DOMAIN).toBe('care.example.org');
    expect(env.EMAIL_BOUNCE_ADDRESS).toBe('bounces@mail.care.example.org');
    expect(
      parseEnv({ DKIM_SELECTOR: 's1', DKIM_PRIVATE_KEY_FILE: '/etc/gatehouse/dkim.pem' }).DKIM_SELECTOR,
    ).toBe('s1');
  });

  it('names what is missing or wrong, one line per variable', () => {
    expect(() => parseEnv({ DKIM_SELECTOR: 's1' })).toThrow(/DKIM_SELECTOR needs DKIM_PRIVATE_KEY/);
    expect(() => parseEnv({ DKIM_PRIVATE_KEY: key })).toThrow(/DKIM_SELECTOR is required/);
    expect(() =>
      parseEnv({ DKIM_SELECTOR: 's1', DKIM_PRIVATE_KEY: key, DKIM_PRIVATE_KEY_FILE: '/k' }),
    ).toThrow(/DKIM_PRIVATE_KEY_FILE cannot be set beside/);
    expect(() => parseEnv({ DKIM_SELECTOR: 's1', DKIM_PRIVATE_KEY: 'not a key' })).toThrow(
      /DKIM_PRIVATE_KEY expects a PEM/,
    );
    expect(() => parseEnv({ DKIM_SELECTOR: 'bad selector!', DKIM_PRIVATE_KEY: key })).toThrow(
      /DKIM_SELECTOR/,
    );
    expect(() => parseEnv({ EMAIL_BOUNCE_ADDRESS: 'bounces+x@care.example.org' })).toThrow(
      /EMAIL_BOUNCE_ADDRESS expects/,
    );
    expect(() =>
      parseEnv({ EMAIL_BOUNCE_ADDRESS: 'a-very-long-local-part-indeed@care.example.org' }),
    ).toThrow(/EMAIL_BOUNCE_ADDRESS expects/);
    expect(() => parseEnv({ EMAIL_BOUNCE_IMAP_URL: 'imaps://u:p@host' })).toThrow(
      /EMAIL_BOUNCE_ADDRESS is required with EMAIL_BOUNCE_IMAP_URL/,
    );
    expect(() =>
      parseEnv({ EMAIL_BOUNCE_ADDRESS: 'bounces@care.example.org', EMAIL_BOUNCE_IMAP_URL: 'http://x' }),
    ).toThrow(/EMAIL_BOUNCE_IMAP_URL expects/);
  });
});

describe('security.txt (issue 29)', () => {
  const ahead = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);

  it('has no security.txt unless a contact is given', () => {
    const env = parseEnv({});
    expect(env.SECURITY_TXT_CONTACT).toEqual([]);
    expect(env.SECURITY_TXT_EXPIRES).toBeUndefined();
    expect(env.SECURITY_TXT_LANGUAGES).toEqual(['en', 'nl']);
  });

  it('reads contacts, a date (the end of that day, UTC) or a date and time, and languages', () => {
    const env = parseEnv({
      SECURITY_TXT_CONTACT: 'mailto:security@example.org, https://example.org/report ,tel:+31-20-555-0100',
      SECURITY_TXT_EXPIRES: ahead,
      SECURITY_TXT_LANGUAGES: 'nl,en-GB',
    });
    expect(env.SECURITY_TXT_CONTACT).toEqual([
      'mailto:security@example.org',
      'https://example.org/report',
      'tel:+31-20-555-0100',
    ]);
    expect(env.SECURITY_TXT_EXPIRES?.toISOString()).toBe(`${ahead}T23:59:59.000Z`);
    expect(env.SECURITY_TXT_LANGUAGES).toEqual(['nl', 'en-GB']);
    expect(
      parseEnv({
        SECURITY_TXT_CONTACT: 'mailto:a@b.org',
        SECURITY_TXT_EXPIRES: `${ahead}T10:00:00+02:00`,
      }).SECURITY_TXT_EXPIRES?.toISOString(),
    ).toBe(`${ahead}T08:00:00.000Z`);
  });

  it.each([
    [{ SECURITY_TXT_CONTACT: 'mailto:security@example.org' }, /SECURITY_TXT_EXPIRES is required/],
    [
      { SECURITY_TXT_CONTACT: 'http://example.org/report', SECURITY_TXT_EXPIRES: ahead },
      /SECURITY_TXT_CONTACT/,
    ],
    [{ SECURITY_TXT_CONTACT: 'security@example.org', SECURITY_TXT_EXPIRES: ahead }, /SECURITY_TXT_CONTACT/],
    [{ SECURITY_TXT_CONTACT: 'mailto:a@b.org', SECURITY_TXT_EXPIRES: '2020-01-01' }, /in the past/],
    [{ SECURITY_TXT_CONTACT: 'mailto:a@b.org', SECURITY_TXT_EXPIRES: '2027-02-31' }, /expects a date/],
    [{ SECURITY_TXT_CONTACT: 'mailto:a@b.org', SECURITY_TXT_EXPIRES: 'next year' }, /expects a date/],
    [{ SECURITY_TXT_LANGUAGES: 'english!' }, /SECURITY_TXT_LANGUAGES/],
  ])('refuses %j with one line naming the variable', (source, message) => {
    expect(() => parseEnv(source)).toThrow(message);
  });
});
