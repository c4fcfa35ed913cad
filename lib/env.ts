/**
 * The one place that reads process.env. Parsed once with zod; a wrong or missing
 * value stops start-up with one line naming the variable and what it expects.
 *
 * Deliberately free of 'server-only' and of file I/O so next.config.ts, the command
 * line and tests can all import it.
 */
import ipaddr from 'ipaddr.js';
import { z } from 'zod';

/** The roles of lib/db/schema.ts, repeated so this file imports nothing heavy (env.test.ts keeps them equal). */
export const ENV_ROLES = ['client', 'counselor', 'helpdesk', 'application_manager'] as const;
const roles = ENV_ROLES;

const positiveInt = (fallback: number, min: number, max: number, what: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `expects ${what} (a whole number from ${min} to ${max})` });
        return z.NEVER;
      }
      return n;
    });

const httpUrl = (what: string) =>
  z.string().refine((v) => {
    try {
      const u = new URL(v);
      return (
        (u.protocol === 'http:' || u.protocol === 'https:') && u.pathname === '/' && !u.search && !u.hash
      );
    } catch {
      return false;
    }
  }, `expects ${what}`);

/** A DNS name of at least two labels (letters, digits, hyphens), as mail domains are. */
function isDomainName(v: string): boolean {
  return (
    /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/i.test(v) || v === 'localhost'
  );
}

/** A security.txt contact: an email, web or phone URI (RFC 9116 2.5.3: web URIs must be https). */
function isSecurityContact(uri: string): boolean {
  try {
    const u = new URL(uri);
    if (u.protocol === 'https:') return Boolean(u.hostname);
    if (u.protocol === 'mailto:') return /^[^@\s]+@[^@\s]+$/.test(decodeURIComponent(u.pathname));
    if (u.protocol === 'tel:') return /^\+?[0-9().\- ]{3,}$/.test(decodeURIComponent(u.pathname));
    return false;
  } catch {
    return false;
  }
}

/** `2027-06-30` (the end of that day, UTC) or an RFC 3339 date and time; null when it is neither. */
function parseExpiry(text: string): Date | null {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
  if (!dateOnly && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(text))
    return null;
  const at = new Date(dateOnly ? `${text}T23:59:59Z` : text);
  // Date accepts 2027-02-31 by rolling over; a date that does not exist is a typo.
  if (Number.isNaN(at.getTime()) || (dateOnly && at.toISOString().slice(0, 10) !== text)) return null;
  return at;
}

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    DATABASE_URL: z
      .string()
      .optional()
      .transform((v) => (v === '' ? undefined : v))
      .refine(
        (v) => v === undefined || /^postgres(ql)?:\/\/.+/.test(v),
        'expects a PostgreSQL URL like postgres://user:pass@host:5432/db',
      ),
    /**
     * Optional owner role that runs migrations and grants DATABASE_URL's role only what the
     * app needs (INSERT and SELECT on the audit log). Unset: DATABASE_URL's role does both.
     */
    MIGRATION_DATABASE_URL: z
      .string()
      .optional()
      .transform((v) => (v === '' ? undefined : v))
      .refine(
        (v) => v === undefined || /^postgres(ql)?:\/\/.+/.test(v),
        'expects a PostgreSQL URL like postgres://owner:pass@host:5432/db',
      ),
    /** Connections each instance keeps to PostgreSQL (postgres-js's pool; docs/operations.md, Capacity). */
    DATABASE_POOL_SIZE: positiveInt(10, 1, 200, 'connections per instance'),
    /**
     * What sits between the app and PostgreSQL (lib/db/client.ts, docs/operations.md).
     * "transaction": a pooler in transaction mode (PgBouncer's pool_mode = transaction): no
     * named prepared statements by default (before PgBouncer 1.21 a statement prepared on one
     * server connection is missing on the next), and migrations, which hold a session lock,
     * must reach PostgreSQL directly through MIGRATION_DATABASE_URL.
     */
    DATABASE_POOLER: z
      .enum(['none', 'transaction'], { message: 'expects none or transaction' })
      .default('none'),
    /**
     * Named prepared statements, kept per connection (lib/db/client.ts): one round trip per
     * statement instead of two. Default on, or off with DATABASE_POOLER=transaction; "on"
     * there only with PgBouncer 1.21+ and its max_prepared_statements.
     */
    DATABASE_PREPARED_STATEMENTS: z
      .enum(['on', 'off'], { message: 'expects on or off' })
      .optional()
      .transform((v) => (v === undefined ? undefined : v === 'on')),
    APP_URL: httpUrl('an http(s) origin without a path, like https://care.example.org').default(
      'http://localhost:3000',
    ),
    PLATFORM_NAME: z
      .string()
      .trim()
      .min(1, 'expects a non-empty name')
      .max(80, 'expects at most 80 characters')
      .default('Gatehouse demo'),
    AUTH_SECRET: z
      .string()
      .optional()
      .transform((v) => (v === '' ? undefined : v))
      .refine(
        (v) => v === undefined || v.length >= 32,
        'expects at least 32 random characters (try: openssl rand -base64 32)',
      ),
    SMTP_URL: z
      .string()
      .optional()
      .transform((v) => (v === '' ? undefined : v))
      .refine(
        (v) => v === undefined || /^smtps?:\/\/.+/.test(v),
        'expects an SMTP URL like smtp://user:pass@mail.example.org:587',
      ),
    /** Sender of every email; defaults to "PLATFORM_NAME <no-reply@host of APP_URL>". */
    EMAIL_FROM: z
      .string()
      .optional()
      .transform((v) => (v === '' ? undefined : v))
      .refine(
        (v) => v === undefined || /@/.test(v),
        'expects an address like "Care Platform <no-reply@care.example.org>"',
      ),
    /** How to reach the helpdesk (email, phone or URL), shown wherever people are told to ask it. */
    HELPDESK_CONTACT: z
      .string()
      .optional()
      .transform((v) => (v === '' ? undefined : v?.trim())),
    /** Language when nothing else decides it (no saved choice, no switch, no matching browser language). */
    DEFAULT_LOCALE: z.enum(['nl', 'en'], { error: 'expects nl or en' }).default('nl'),
    /** Seconds between outbox sweeps of the delivery worker (new emails are also sent at once). */
    /** Days an import batch (its file's names and addresses) is kept after it finished, or after upload if never confirmed. */
    IMPORT_RETENTION_DAYS: positiveInt(30, 1, 3650, 'days import batches are kept'),
    EMAIL_POLL_SECONDS: positiveInt(5, 1, 3600, 'seconds between delivery sweeps'),
    /** Wait before the first retry of a failed delivery; each further retry waits twice as long, up to 1 hour. */
    EMAIL_RETRY_SECONDS: positiveInt(60, 1, 3600, 'seconds before the first delivery retry'),
    /** How long a worker's claim on an email lasts; a worker that dies mid-send loses it after this. */
    EMAIL_CLAIM_SECONDS: positiveInt(120, 5, 3600, 'seconds a delivery claim lasts'),
    // --- Mail that arrives (issue 30: lib/email/sender.ts, lib/email/bounces/) ---
    /** DKIM selector: with a key, every email is signed (`<selector>._domainkey.<domain>` holds the public key). */
    DKIM_SELECTOR: z
      .string()
      .optional()
      .transform((v) => (v === '' ? undefined : v?.trim()))
      .refine(
        (v) =>
          v === undefined ||
          /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i.test(v),
        'expects a DNS label like gatehouse2026',
      ),
    /** The signing domain (d=); defaults to the domain of the sender's address. */
    DKIM_DOMAIN: z
      .string()
      .optional()
      .transform((v) => (v === '' ? undefined : v?.trim().toLowerCase()))
      .refine((v) => v === undefined || isDomainName(v), 'expects a domain name like care.example.org'),
    /** The DKIM private key (PEM; line breaks may be written as \n), or DKIM_PRIVATE_KEY_FILE naming a file with it. */
    DKIM_PRIVATE_KEY: z
      .string()
      .optional()
      .transform((v) => (v === '' ? undefined : v?.replace(/\\n/g, '\n')))
      .refine(
        (v) => v === undefined || /-----BEGIN (RSA |EC )?PRIVATE KEY-----/.test(v),
        'expects a PEM private key (-----BEGIN PRIVATE KEY-----...)',
      ),
    DKIM_PRIVATE_KEY_FILE: z
      .string()
      .optional()
      .transform((v) => (v === '' ? undefined : v)),
    /**
     * Envelope sender (Return-Path) base: each email goes out from `<local>+<id>-<check>@<domain>`
     * (VERP), so a bounce names the email it is about. Unset: the sender's address.
     */
    EMAIL_BOUNCE_ADDRESS: z
      .string()
      .optional()
      .transform((v) => (v === '' ? undefined : v?.trim().toLowerCase()))
      .refine(
        (v) =>
          v === undefined ||
          (/^[a-z0-9][a-z0-9._-]{0,19}@[^@\s]+$/.test(v) && isDomainName(v.split('@')[1]!)),
        'expects an address like bounces@mail.care.example.org (at most 20 characters before the @, no +)',
      ),
    /** Mailbox the bounce address delivers to, read over IMAP: imaps://user:pass@host:993 (path: folder, default INBOX). */
    EMAIL_BOUNCE_IMAP_URL: z
      .string()
      .optional()
      .transform((v) => (v === '' ? undefined : v))
      .refine(
        (v) => v === undefined || /^imaps?:\/\/[^/@]+@[^/]+/.test(v),
        'expects an IMAP URL like imaps://bounces:secret@mail.care.example.org:993',
      ),
    /** Seconds between readings of the bounce mailbox. */
    EMAIL_BOUNCE_POLL_SECONDS: positiveInt(60, 5, 3600, 'seconds between readings of the bounce mailbox'),
    // --- end of issue 30's block ---
    PORT: positiveInt(0, 0, 65535, 'a TCP port'),
    /** Folder for the embedded database and the generated secret. */
    DATA_DIR: z.string().min(1).default('.data'),
    SESSION_IDLE_MINUTES: positiveInt(60, 1, 24 * 60, 'minutes of inactivity before a session ends'),
    SESSION_MAX_HOURS: positiveInt(12, 1, 24 * 30, 'hours after which a session always ends'),
    /** Failed sign-ins from one client IP allowed per window (generous: a clinic shares one address). */
    SIGNIN_IP_MAX_FAILURES: positiveInt(100, 5, 100000, 'failed sign-ins per client IP per window'),
    SIGNIN_IP_WINDOW_MINUTES: positiveInt(15, 1, 1440, 'minutes in the per-IP sign-in window'),
    /** Failures on one account before each further attempt must wait (30 s, doubling, up to 15 min). */
    SIGNIN_ACCOUNT_FREE_FAILURES: positiveInt(5, 1, 100, 'failed sign-ins before throttling an account'),
    /** Consecutive failures after which an account is blocked until unblocked (NIST SP 800-63B: at most 100). */
    SIGNIN_ACCOUNT_BLOCK_AFTER: positiveInt(100, 10, 100, 'consecutive failed sign-ins before blocking'),
    /**
     * Roles that must use two-step verification: such a person enrols at their next sign-in
     * before reaching anything else. By default every staff role: counselors see their
     * clients' lists and records too, so a guessed counselor password must not be enough. Comma-separated; set it empty to require it of nobody
     * (everyone may still turn it on from their account page).
     */
    REQUIRE_TWO_STEP_ROLES: z
      .string()
      .optional()
      .transform((v, ctx) => {
        const names = (v ?? 'counselor,helpdesk,application_manager')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        const unknown = names.filter((n) => !(roles as readonly string[]).includes(n));
        if (unknown.length) {
          ctx.addIssue({
            code: 'custom',
            message: `expects a comma-separated list of roles (${roles.join(', ')}), not ${unknown.join(', ')}`,
          });
          return z.NEVER;
        }
        return names as (typeof ENV_ROLES)[number][];
      }),
    /**
     * Minutes a password or code typed in counts for the console's dangerous actions
     * (deactivate, change an email address or role, reset two-step verification); after
     * that the console asks again. 0: ask every time.
     */
    SECOND_LOOK_MINUTES: z
      .string()
      .optional()
      .transform((v, ctx) => {
        if (v === undefined || v === '') return 15;
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0 || n > 60) {
          ctx.addIssue({ code: 'custom', message: 'expects minutes (a whole number from 0 to 60)' });
          return z.NEVER;
        }
        return n;
      }),
    /** Fewest characters (code points) a new password may have. */
    PASSWORD_MIN_LENGTH: positiveInt(12, 8, 64, 'the minimum password length'),
    ARGON2_MEMORY_KIB: positiveInt(19456, 19456, 4 * 1024 * 1024, 'argon2 memory in KiB'),
    ARGON2_TIME_COST: positiveInt(2, 2, 20, 'argon2 iterations'),
    ARGON2_PARALLELISM: positiveInt(1, 1, 16, 'argon2 lanes'),
    /** How many reverse proxies in front of the app may be believed about the client IP. */
    TRUST_PROXY: positiveInt(0, 0, 10, 'the number of trusted reverse proxies'),
    /**
     * Where those proxies connect from: addresses or CIDR ranges, comma-separated. Forwarded
     * headers from any other peer are ignored (the server listens on every interface). The
     * default is loopback and the private ranges: name your proxies exactly where you can.
     */
    TRUST_PROXY_ADDRESSES: z
      .string()
      .optional()
      .transform((v, ctx) => {
        const entries = (v || '127.0.0.0/8,::1,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fc00::/7')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        if (!entries.every((e) => ipaddr.isValid(e) || ipaddr.isValidCIDR(e))) {
          ctx.addIssue({ code: 'custom', message: 'expects comma-separated IP addresses or CIDR ranges' });
          return z.NEVER;
        }
        return entries;
      }),
    /** "json": one JSON line per request and per email delivery attempt (pino), for log collectors. */
    LOG_FORMAT: z.enum(['text', 'json'], { error: 'expects text or json' }).default('text'),
    /**
     * The edge's cache of anonymous public pages (sign-in, forgot password, help; see
     * edge/page-cache.ts). "off" renders every page per request, as before issue 15.
     */
    PAGE_CACHE: z.enum(['on', 'off'], { error: 'expects on or off' }).default('on'),
    /** Bearer token that opens GET /metrics (Prometheus); unset, /metrics does not exist. */
    METRICS_TOKEN: z
      .string()
      .optional()
      .transform((v) => (v === '' ? undefined : v))
      .refine((v) => v === undefined || v.length >= 16, 'expects at least 16 random characters'),

    // Self-service (issue 29).
    /**
     * A sign-in from a browser the account has not used before emails its owner (browser,
     * time, approximate network, a "this was not me" link). "off" sends no such email.
     */
    NEW_SIGN_IN_NOTICE: z.enum(['on', 'off'], { error: 'expects on or off' }).default('on'),
    /**
     * Where to report a security problem (RFC 9116 `Contact`): comma-separated `mailto:`,
     * `https:` or `tel:` URIs. Unset: /.well-known/security.txt does not exist.
     */
    SECURITY_TXT_CONTACT: z
      .string()
      .optional()
      .transform((v, ctx) => {
        const uris = (v ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        if (!uris.every(isSecurityContact)) {
          ctx.addIssue({
            code: 'custom',
            message:
              'expects comma-separated mailto:, https: or tel: addresses, like mailto:security@example.org',
          });
          return z.NEVER;
        }
        return uris;
      }),
    /** When the security.txt file goes stale (RFC 9116 `Expires`): a date (end of that day, UTC) or date and time. */
    SECURITY_TXT_EXPIRES: z
      .string()
      .optional()
      .transform((v, ctx) => {
        if (v === undefined || v.trim() === '') return undefined;
        const at = parseExpiry(v.trim());
        if (!at) {
          ctx.addIssue({
            code: 'custom',
            message: 'expects a date like 2027-06-30 or a date and time like 2027-06-30T12:00:00Z',
          });
          return z.NEVER;
        }
        return at;
      }),
    /** The languages reports may be written in (RFC 9116 `Preferred-Languages`). */
    SECURITY_TXT_LANGUAGES: z
      .string()
      .optional()
      .transform((v, ctx) => {
        const tags = (v ?? 'en, nl')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        if (!tags.length || !tags.every((t) => /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(t))) {
          ctx.addIssue({ code: 'custom', message: 'expects comma-separated language tags, like en, nl' });
          return z.NEVER;
        }
        return tags;
      }),

    // OpenID Connect (issue 27).
    /**
     * OpenID Connect (lib/oidc): back-channel logout URIs on a loopback address (127.0.0.1,
     * [::1], localhost) that the provider may POST to, space- or comma-separated, each exactly
     * as registered. The provider refuses loopback and private addresses otherwise (an
     * application's registered URI must not reach inside the network); this lets a test or a
     * laptop's example application through, one exact URI at a time, never a whole range.
     */
    OIDC_LOOPBACK_LOGOUT_URIS: z
      .string()
      .optional()
      .transform((v, ctx) => {
        const uris = (v ?? '').split(/[\s,]+/).filter(Boolean);
        for (const uri of uris) {
          let url: URL | null = null;
          try {
            url = new URL(uri);
          } catch {
            url = null;
          }
          if (
            !url ||
            !/^https?:$/.test(url.protocol) ||
            !['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname)
          ) {
            ctx.addIssue({
              code: 'custom',
              message: `expects http(s) URIs on 127.0.0.1, [::1] or localhost, not ${uri}`,
            });
            return z.NEVER;
          }
        }
        return uris;
      }),
  })
  .superRefine((env, ctx) => {
    if (env.SECURITY_TXT_CONTACT.length && !env.SECURITY_TXT_EXPIRES) {
      ctx.addIssue({
        code: 'custom',
        path: ['SECURITY_TXT_EXPIRES'],
        message:
          'is required with SECURITY_TXT_CONTACT (RFC 9116: when the file goes stale, at most a year ahead), like 2027-06-30',
      });
    }
    if (env.SECURITY_TXT_EXPIRES && env.SECURITY_TXT_EXPIRES.getTime() <= Date.now()) {
      ctx.addIssue({
        code: 'custom',
        path: ['SECURITY_TXT_EXPIRES'],
        message: 'is in the past: security.txt would be stale (choose a date at most a year ahead)',
      });
    }
    if (env.MIGRATION_DATABASE_URL && !env.DATABASE_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['MIGRATION_DATABASE_URL'],
        message:
          'needs DATABASE_URL too (the owner role migrates, DATABASE_URL is the role the app runs as; the embedded database has no roles)',
      });
    }
    if (env.DATABASE_POOLER === 'transaction' && !(env.DATABASE_URL && env.MIGRATION_DATABASE_URL)) {
      ctx.addIssue({
        code: 'custom',
        path: ['DATABASE_POOLER'],
        message:
          'transaction needs DATABASE_URL (the pooler) and MIGRATION_DATABASE_URL (PostgreSQL itself, not the pooler: migrations hold a session lock, which transaction pooling would leave on a pooled connection)',
      });
    }
    if (env.DATABASE_URL && !env.SMTP_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['SMTP_URL'],
        message:
          'is required when DATABASE_URL is set (a real deployment must deliver email; the dev mailbox is for the embedded quick start only)',
      });
    }
    if (env.DKIM_PRIVATE_KEY && env.DKIM_PRIVATE_KEY_FILE) {
      ctx.addIssue({
        code: 'custom',
        path: ['DKIM_PRIVATE_KEY_FILE'],
        message: 'cannot be set beside DKIM_PRIVATE_KEY (give the key one way)',
      });
    }
    if (env.DKIM_SELECTOR && !env.DKIM_PRIVATE_KEY && !env.DKIM_PRIVATE_KEY_FILE) {
      ctx.addIssue({
        code: 'custom',
        path: ['DKIM_SELECTOR'],
        message: 'needs DKIM_PRIVATE_KEY or DKIM_PRIVATE_KEY_FILE (the key that signs)',
      });
    }
    if (!env.DKIM_SELECTOR && (env.DKIM_PRIVATE_KEY || env.DKIM_PRIVATE_KEY_FILE || env.DKIM_DOMAIN)) {
      ctx.addIssue({
        code: 'custom',
        path: ['DKIM_SELECTOR'],
        message: 'is required with a DKIM key or domain (the DNS name the public key is published under)',
      });
    }
    if (env.EMAIL_BOUNCE_IMAP_URL && !env.EMAIL_BOUNCE_ADDRESS) {
      ctx.addIssue({
        code: 'custom',
        path: ['EMAIL_BOUNCE_ADDRESS'],
        message: 'is required with EMAIL_BOUNCE_IMAP_URL (bounces are read from the mailbox of that address)',
      });
    }
    if (env.NODE_ENV === 'production' && env.DATABASE_URL && !env.AUTH_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['AUTH_SECRET'],
        message:
          'is required in production when DATABASE_URL is set: expects at least 32 random characters (try: openssl rand -base64 32)',
      });
    }
  });

export type Env = Omit<z.infer<typeof schema>, 'DATABASE_PREPARED_STATEMENTS'> & {
  /** Resolved: on unless set off, or unset behind a transaction pooler. */
  DATABASE_PREPARED_STATEMENTS: boolean;
  port: number;
  secureCookies: boolean;
  embedded: boolean;
};

export class EnvError extends Error {}

/** Parses an environment; throws EnvError whose message is one line per wrong variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `${String(i.path[0] ?? 'environment')} ${i.message}`);
    throw new EnvError(`Configuration error: ${lines.join('; ')}`);
  }
  const e = result.data;
  const url = new URL(e.APP_URL);
  const port = e.PORT || Number(url.port) || 3000;
  return {
    ...e,
    DATABASE_PREPARED_STATEMENTS: e.DATABASE_PREPARED_STATEMENTS ?? e.DATABASE_POOLER !== 'transaction',
    APP_URL: url.origin,
    port,
    secureCookies: url.protocol === 'https:',
    embedded: !e.DATABASE_URL,
  };
}

function loadEnv(): Env {
  try {
    return parseEnv(process.env);
  } catch (err) {
    if (err instanceof EnvError) {
      // One line, no stack: the operator needs the variable name, not our call stack.
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}

export const env: Env = loadEnv();
