/**
 * The database schema, shared by PostgreSQL and the embedded PGlite.
 * Migrations in drizzle/ are generated from this file with `npm run db:generate`.
 */
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  boolean,
  index,
  inet,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

export const roles = ['client', 'counselor', 'helpdesk', 'application_manager'] as const;
export type Role = (typeof roles)[number];
export const roleEnum = pgEnum('role', roles);

export const userStatuses = ['invited', 'active', 'deactivated'] as const;
export type UserStatus = (typeof userStatuses)[number];
export const userStatusEnum = pgEnum('user_status', userStatuses);

/**
 * confirm_email goes to the new address of a staff-requested email change (its sent_to is
 * that address: a change is pending while such a link is open); cancel_email_change goes to
 * the old address at the same time. secure_account is the "this was not me" link of a
 * new sign-in notice: it ends every session and starts a password reset.
 */
export const tokenPurposes = [
  'welcome',
  'reset',
  'unblock',
  'confirm_email',
  'cancel_email_change',
  'secure_account',
] as const;
export type TokenPurpose = (typeof tokenPurposes)[number];
export const tokenPurposeEnum = pgEnum('token_purpose', tokenPurposes);

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Stored normalised (trimmed, lower-cased) so lookups are exact. */
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: roleEnum('role').notNull(),
    status: userStatusEnum('status').notNull().default('invited'),
    /** argon2id PHC string (parameters inside); null until the person chooses a password. */
    passwordHash: text('password_hash'),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }),
    /** Bumped to end every session of this person at once. */
    sessionVersion: integer('session_version').notNull().default(1),
    lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }),
    /** The person's chosen language for pages and emails; null: the deployment's default. */
    locale: text('locale'),
    lastFailedSignInAt: timestamp('last_failed_sign_in_at', { withTimezone: true }),
    counselorId: uuid('counselor_id').references((): AnyPgColumn => users.id),
    createdById: uuid('created_by_id').references((): AnyPgColumn => users.id),
    deactivatedAt: timestamp('deactivated_at', { withTimezone: true }),
    deactivatedById: uuid('deactivated_by_id').references((): AnyPgColumn => users.id),
    deactivationReason: text('deactivation_reason'),
    /**
     * Two-step verification (lib/two-step): the TOTP secret, sealed like outbox payloads
     * (lib/security/sealed.ts), set only once enrolment is confirmed with a correct code.
     */
    twoStepSecret: text('two_step_secret'),
    twoStepEnabledAt: timestamp('two_step_enabled_at', { withTimezone: true }),
    /** The last accepted TOTP time step: a code of this step or an earlier one is refused (no replay). */
    twoStepLastStep: integer('two_step_last_step'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('users_email_key').on(t.email),
    index('users_counselor_idx').on(t.counselorId),
    // The console's search: substring matches over email and name (pg_trgm), then keyset pages.
    index('users_email_trgm_idx').using('gin', sql`${t.email} gin_trgm_ops`),
    index('users_name_trgm_idx').using('gin', sql`lower(${t.name}) gin_trgm_ops`),
    index('users_created_idx').on(t.createdAt.desc(), t.id.desc()),
    index('users_last_sign_in_idx').on(t.lastSignInAt.desc().nullsLast(), t.id.desc()),
    // A role and/or status filter: the search walks one (role, status) pair at a time in sort
    // order, so a rare or empty pair (an active counselor, a deactivated helpdesk worker)
    // costs a few index pages instead of a walk through every account.
    index('users_role_status_created_idx').on(t.role, t.status, t.createdAt.desc(), t.id.desc()),
    index('users_role_status_last_sign_in_idx').on(
      t.role,
      t.status,
      t.lastSignInAt.desc().nullsLast(),
      t.id.desc(),
    ),
  ],
);

/**
 * One row per signed-in browser. The session cookie carries only the id (inside the
 * encrypted next-auth JWT); every request checks this row, so ending a session is a
 * database write, not a hope that a cookie expires.
 */
export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    /** users.session_version at sign-in; a later bump invalidates this session. */
    sessionVersion: integer('session_version').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    endReason: text('end_reason'),
    ip: inet('ip'),
    userAgent: text('user_agent'),
    /**
     * The password was right but the second step (a code) is still owed: such a session
     * reaches only the code page (lib/auth/current-user.ts) until a correct code clears it.
     */
    twoStepPending: boolean('two_step_pending').notNull().default(false),
    /** When this session's person last proved who they are (sign-in, or the console's second look). */
    reauthenticatedAt: timestamp('reauthenticated_at', { withTimezone: true }),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/**
 * Browsers an account has signed in from, so a sign-in from any other one is told to its
 * owner by email (lib/auth/notice-new-browser.ts). A browser is known by a long-lived
 * random cookie of its own, not by its User-Agent and IP address: those change with every
 * browser update and every new network (a notice each time teaches people to ignore it),
 * and an attacker can copy them. Only the sha256 of the cookie is kept, as for link tokens.
 * One cookie per browser; a row per account that signed in with it.
 */
export const knownBrowsers = pgTable(
  'known_browsers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    tokenHash: text('token_hash').notNull(),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('known_browsers_user_token_key').on(t.userId, t.tokenHash)],
);

/**
 * Ten single-use recovery codes per person with two-step verification, for a lost phone.
 * Only the sha256 is kept: each code carries 120 random bits, beyond any guessing, so a
 * slow salted hash would add nothing (ASVS 6.5.2 allows a plain hash from 112 bits on).
 */
export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    codeHash: text('code_hash').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('recovery_codes_user_hash_key').on(t.userId, t.codeHash)],
);

/** Links sent by email. Only the sha256 of the token is kept; the token itself never is. */
export const oneTimeTokens = pgTable(
  'one_time_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    purpose: tokenPurposeEnum('purpose').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    tokenHash: text('token_hash').notNull(),
    sentTo: text('sent_to').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    /** Set when a newer link, a deactivation or a password change makes this one void. */
    voidedAt: timestamp('voided_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdById: uuid('created_by_id').references(() => users.id),
  },
  (t) => [
    uniqueIndex('one_time_tokens_hash_key').on(t.tokenHash),
    index('one_time_tokens_user_idx').on(t.userId, t.purpose),
    // The console's dashboard (lib/dashboard): links sent, used and expiring per week,
    // read by bounded time windows so it stays cheap at a million accounts.
    index('one_time_tokens_purpose_created_idx').on(t.purpose, t.createdAt),
    index('one_time_tokens_purpose_used_idx').on(t.purpose, t.usedAt),
    index('one_time_tokens_purpose_expires_idx').on(t.purpose, t.expiresAt),
    // The console's "invited" and "invitation expired" filters: who holds an open welcome
    // link, read from this index alone (only unused, unvoided welcome links are in it).
    index('one_time_tokens_open_welcome_idx')
      .on(t.expiresAt, t.userId)
      .where(sql`${t.purpose} = 'welcome' and ${t.usedAt} is null and ${t.voidedAt} is null`),
  ],
);

/** Append-only history. Never holds a password or a token. */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid('actor_id').references(() => users.id),
    targetId: uuid('target_id').references(() => users.id),
    action: text('action').notNull(),
    ip: inet('ip'),
    details: jsonb('details')
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
  },
  (t) => [
    index('audit_events_target_idx').on(t.targetId, t.at),
    index('audit_events_at_idx').on(t.at),
    index('audit_events_actor_idx').on(t.actorId, t.at),
    index('audit_events_action_idx').on(t.action, t.at),
  ],
);

/**
 * rejected: the receiving server refused it for good (a 5xx answer) at the first attempt;
 * bounced: accepted, then reported undeliverable (a delivery status notification read from
 * the bounce mailbox). Both are final and shown to staff at once (issue 30).
 */
export const emailStatuses = [
  'queued',
  'sending',
  'retrying',
  'sent',
  'failed',
  'rejected',
  'bounced',
] as const;
export type EmailStatus = (typeof emailStatuses)[number];
export const emailStatusEnum = pgEnum('email_status', emailStatuses);

/**
 * One row per email, written in the same transaction as the change that caused it, and
 * delivered later by the worker (lib/email/worker.ts). The payload (template props, which
 * may hold a link with a raw token) is encrypted with a key derived from AUTH_SECRET, and
 * wiped once an SMTP delivery succeeds; a database copy never hands out working links.
 */
export const emailOutbox = pgTable(
  'email_outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').references(() => users.id),
    toAddress: text('to_address').notNull(),
    template: text('template').notNull(),
    locale: text('locale').notNull().default('en'),
    payload: text('payload'),
    subject: text('subject'),
    status: emailStatusEnum('status').notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    /** While "sending": when the claim lapses and another worker may retry the row. */
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    /** The last error; for a rejected or bounced email, the receiving server's reply or report. */
    lastError: text('last_error'),
    /**
     * New at every claim. A worker records an outcome (sent, retry, given back) only where the
     * row still carries the token of its own claim, so a worker that stalled past its claim
     * cannot overwrite what another worker did with the row since (issue 26).
     */
    claimToken: uuid('claim_token'),
    /** When it was rejected or bounced (null otherwise): the mail-health figures count by it. */
    refusedAt: timestamp('refused_at', { withTimezone: true }),
    transport: text('transport'),
    messageId: text('message_id'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('email_outbox_due_idx').on(t.status, t.nextAttemptAt),
    index('email_outbox_user_idx').on(t.userId, t.createdAt),
    // Rejected and bounced emails by time, for the dashboard, /metrics and the console's live notice.
    // (By refused_at, not status: a migration cannot use an enum value it adds in the same transaction.)
    index('email_outbox_refused_idx')
      .on(t.refusedAt)
      .where(sql`${t.refusedAt} is not null`),
  ],
);

/**
 * Failed sign-ins per email address (existing or not, so throttling reveals nothing about
 * who has an account): consecutive failures and when the next attempt is allowed.
 * Shared by every app instance; cleared by a successful sign-in, a password reset, an
 * unblock link or the helpdesk.
 */
export const signInThrottle = pgTable('sign_in_throttle', {
  email: text('email').primaryKey(),
  failures: integer('failures').notNull().default(0),
  nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Rate-limit counters (lib/security/rate-limit.ts), one fixed window per key, shared by every app instance. */
export const rateLimits = pgTable('rate_limits', {
  key: text('key').primaryKey(),
  points: integer('points').notNull().default(0),
  expire: timestamp('expire', { withTimezone: true }),
});

export type User = typeof users.$inferSelect;
export type EmailOutboxRow = typeof emailOutbox.$inferSelect;
export type Session = typeof sessions.$inferSelect;

export const importBatchStatuses = ['preview', 'importing', 'done'] as const;
export type ImportBatchStatus = (typeof importBatchStatuses)[number];
export const importBatchStatusEnum = pgEnum('import_batch_status', importBatchStatuses);

/**
 * One uploaded CSV of accounts to create (lib/accounts/import/). The rows wait here while
 * staff fix or skip them in the preview, so the file is uploaded once and the fix-up forms
 * post only what changed. Confirming moves the status from "preview" to "importing" in one
 * conditional UPDATE, so two confirms of the same batch cannot both create accounts.
 * `results` (per row: created, already exists, skipped) lets the progress page find the
 * batch's accounts and their welcome emails. Holds names and addresses, never a link.
 */
export const importBatches = pgTable(
  'import_batches',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Null when the operator's command line imported it. */
    createdById: uuid('created_by_id').references(() => users.id),
    fileName: text('file_name').notNull(),
    status: importBatchStatusEnum('status').notNull().default('preview'),
    rows: jsonb('rows').$type<unknown[]>().notNull(),
    results: jsonb('results').$type<unknown[]>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    /**
     * While "importing": when the importer last committed a chunk. It is also the importer's
     * lease: each chunk commits only where it is unchanged, so a batch taken up again after
     * its importer died (lib/accounts/import/resume-stalled-imports.ts) has one importer.
     */
    progressAt: timestamp('progress_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('import_batches_creator_idx').on(t.createdById, t.createdAt)],
);

// ---------------------------------------------------------------------------------------------
// OpenID Connect provider (lib/oidc/, issue 27)
// ---------------------------------------------------------------------------------------------

/**
 * Everything oidc-provider stores (sessions, interactions, authorization codes, grants, access
 * and refresh tokens), one table keyed by model and id like Logto's adapter. The columns
 * beside the payload are the ones queries need: a grant's tokens are revoked by grant_id, a
 * person's by account_id, a browser session found by uid. A provider session of a signed-in
 * person names the Gatehouse session it was made under (gatehouse_session_id): it counts only
 * while that one does (lib/oidc/adapter.ts).
 */
export const oidcPayloads = pgTable(
  'oidc_payloads',
  {
    model: text('model').notNull(),
    id: text('id').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    grantId: text('grant_id'),
    uid: text('uid'),
    /** The subject (oidc_subjects.subject) the row is about, when it is about a person. */
    accountId: text('account_id'),
    gatehouseSessionId: uuid('gatehouse_session_id'),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    consumedAt: timestamp('consumed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('oidc_payloads_model_id_key').on(t.model, t.id),
    index('oidc_payloads_grant_idx')
      .on(t.grantId)
      .where(sql`${t.grantId} is not null`),
    index('oidc_payloads_uid_idx')
      .on(t.model, t.uid)
      .where(sql`${t.uid} is not null`),
    index('oidc_payloads_account_idx')
      .on(t.accountId, t.model)
      .where(sql`${t.accountId} is not null`),
    index('oidc_payloads_gatehouse_session_idx')
      .on(t.gatehouseSessionId)
      .where(sql`${t.gatehouseSessionId} is not null`),
    index('oidc_payloads_expires_idx').on(t.expiresAt),
  ],
);

/**
 * The `sub` every application receives for a person: random, stable, opaque (never the row
 * id, never the email), made the first time the person signs in to an application.
 */
export const oidcSubjects = pgTable(
  'oidc_subjects',
  {
    userId: uuid('user_id')
      .primaryKey()
      .references(() => users.id),
    subject: text('subject').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('oidc_subjects_subject_key').on(t.subject)],
);

/**
 * The platform's applications (relying parties), managed by application managers in
 * /admin/clients and with `npm run clients`. A confidential client's secret is kept as its
 * sha256 only (32 random bytes, shown once); a public client has none and relies on PKCE.
 */
export const oidcClients = pgTable(
  'oidc_clients',
  {
    clientId: text('client_id').primaryKey(),
    name: text('name').notNull(),
    secretHash: text('secret_hash'),
    redirectUris: text('redirect_uris').array().notNull(),
    postLogoutRedirectUris: text('post_logout_redirect_uris')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    backchannelLogoutUri: text('backchannel_logout_uri'),
    /** The platform's own applications: people are not asked to consent. */
    firstParty: boolean('first_party').notNull().default(false),
    createdById: uuid('created_by_id').references(() => users.id),
    secretRotatedAt: timestamp('secret_rotated_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [uniqueIndex('oidc_clients_name_key').on(sql`lower(${t.name})`)],
);

/**
 * Keys that sign ID tokens and logout tokens. The private key is sealed (AES-256-GCM, a key
 * derived from AUTH_SECRET) and shared by every instance. A new key is published before it
 * signs (activates_at); a replaced one stops signing (retired_at) but stays published until
 * the tokens it signed have expired (publish_until).
 */
export const oidcSigningKeys = pgTable('oidc_signing_keys', {
  kid: text('kid').primaryKey(),
  alg: text('alg').notNull(),
  sealedPrivateJwk: text('sealed_private_jwk').notNull(),
  publicJwk: jsonb('public_jwk').$type<Record<string, unknown>>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  activatesAt: timestamp('activates_at', { withTimezone: true }).notNull().defaultNow(),
  retiredAt: timestamp('retired_at', { withTimezone: true }),
  publishUntil: timestamp('publish_until', { withTimezone: true }),
});

export const backchannelStatuses = ['queued', 'sending', 'retrying', 'sent', 'failed'] as const;
export type BackchannelStatus = (typeof backchannelStatuses)[number];

/**
 * Back-channel logouts to send: one row per application and provider session that ended,
 * written in the same transaction that ended it, delivered (with retries) by the worker like
 * the email outbox: claimed with FOR UPDATE SKIP LOCKED, each claim with its own token.
 */
export const oidcBackchannelLogouts = pgTable(
  'oidc_backchannel_logouts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clientId: text('client_id')
      .notNull()
      .references(() => oidcClients.clientId, { onDelete: 'cascade' }),
    subject: text('subject').notNull(),
    sid: text('sid'),
    reason: text('reason').notNull(),
    status: text('status').$type<BackchannelStatus>().notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    claimToken: uuid('claim_token'),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastError: text('last_error'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('oidc_backchannel_logouts_due_idx').on(t.status, t.nextAttemptAt)],
);

export type OidcClient = typeof oidcClients.$inferSelect;

// ---------------------------------------------------------------------------------------
// Passkeys (lib/passkeys/, issue 28)
// ---------------------------------------------------------------------------------------

/**
 * One row per passkey (a WebAuthn credential) a person registered on /account. The
 * credential id is unique across everyone: an authenticator names its credentials with
 * random ids, and a sign-in finds the person by the id the browser sends back. The public
 * key is the COSE key as the authenticator gave it (base64url); there is nothing secret
 * in this table. `counter` is the last signature counter seen (authenticators that do not
 * count always send 0); `device_type` and `backed_up` are the backup flags (a synced
 * passkey is multi-device and usually backed up).
 */
export const passkeys = pgTable(
  'passkeys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    /** The credential id, base64url. */
    credentialId: text('credential_id').notNull(),
    /** The credential's COSE public key, base64url. */
    publicKey: text('public_key').notNull(),
    counter: bigint('counter', { mode: 'number' }).notNull().default(0),
    /** How the browser may reach the authenticator (internal, hybrid, usb, …), as it reported. */
    transports: jsonb('transports')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    /** singleDevice or multiDevice (the backup-eligible flag). */
    deviceType: text('device_type').notNull(),
    /** The backed-up flag at the last use. */
    backedUp: boolean('backed_up').notNull(),
    /** Which kind of authenticator made it (all zeros when it does not say). */
    aaguid: text('aaguid').notNull(),
    /** The person's name for it; at first the password manager's or the device's. */
    name: text('name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('passkeys_credential_id_key').on(t.credentialId),
    index('passkeys_user_idx').on(t.userId, t.createdAt),
  ],
);

/**
 * WebAuthn challenges that have been used (sha256 of each), until they would have expired
 * anyway. A challenge is issued without a row (it is sealed: purpose, person, session and
 * expiry travel inside it, lib/passkeys/challenge.ts), so showing the sign-in page writes
 * nothing; it is spent by one INSERT that only succeeds the first time, so a challenge
 * works once whichever instance sees it, however many requests race with it. Rows past
 * `expires_at` prove nothing any more and are pruned (lib/db/prune.ts).
 */
export const passkeyChallenges = pgTable(
  'passkey_challenges',
  {
    challengeHash: text('challenge_hash').primaryKey(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('passkey_challenges_expires_idx').on(t.expiresAt)],
);

export type Passkey = typeof passkeys.$inferSelect;
