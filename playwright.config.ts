import fs from 'node:fs';
import { defineConfig } from '@playwright/test';

/** Debian's Chromium when present (Playwright cannot download browsers here), else Playwright's own. */
const chromiumPath =
  process.env.CHROMIUM_PATH ?? (fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

import {
  EMBEDDED_PORT,
  OIDC_RP_PORT,
  PG_PORT,
  PROD_INSTANCE_PORTS,
  PROD_ORIGIN,
  PROD_SMTP_HTTP_PORT,
  PROD_SMTP_PORT,
  RUN_SUFFIX,
  SMTP_HTTP_PORT,
  SMTP_PORT,
} from './e2e/support/ports';
import { instanceEnv, PROD_DATABASE_URL } from './e2e/production/prod-env';
import { E2E_DATA_DIR } from './e2e/support/accounts';

export const E2E_LOG_DIR = `.data/e2e-logs${RUN_SUFFIX}`;

/**
 * Two app instances from the same build:
 * - "embedded": the quick start itself (`npm start` on a fresh embedded database, dev
 *   mailbox), where the accounts command line must work beside the running app;
 * - "postgres" (when TEST_DATABASE_URL is set): PostgreSQL and real SMTP delivery to a
 *   local SMTP server, where tests may also reach into the database (link expiry).
 */
const serverUrl = process.env.TEST_DATABASE_URL;
export const E2E_DATABASE_URL = serverUrl
  ? Object.assign(new URL(serverUrl), { pathname: `/gatehouse_e2e${RUN_SUFFIX}` }).toString()
  : '';

const common = {
  trace: 'retain-on-failure' as const,
  launchOptions: {
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  },
};

export default defineConfig({
  testDir: './e2e',
  fullyParallel: false,
  // Each project runs its files one after another in one worker (specs share their
  // instances, and names like zz-*.spec.ts run last on purpose), but the projects run side by
  // side: the embedded instance in one worker, the PostgreSQL and production ones in the
  // other. Most of a browser test is waiting (argon2, email delivery, nginx), so two workers
  // on two cores roughly halve the suite's wall time without starving either.
  workers: 2,
  forbidOnly: true,
  retries: 0,
  // Generous on purpose: the suite must hold on a busy 2-core machine (CI beside other work).
  // A test that passes in 10 s alone took 60 s and more at load 25; a hang still ends here.
  timeout: 120_000,
  // Waits are for outcomes (a URL, a heading, a text), never fixed sleeps; this is how long an
  // outcome may take. Playwright's 5 s default failed on a 2-core machine also running a
  // second suite (issue 26: a password save, argon2 at full cost plus a server action and a
  // redirect, took longer at load average 18). 15 s leaves room without hiding a hang.
  expect: { timeout: 15_000 },
  reporter: [['list']],
  projects: [
    {
      name: 'embedded',
      workers: 1,
      testIgnore: ['email/**', 'production/**'],
      use: { ...common, baseURL: `http://localhost:${EMBEDDED_PORT}` },
    },
    ...(serverUrl
      ? [
          {
            name: 'postgres',
            workers: 1,
            testMatch: ['email/**/*.spec.ts'],
            use: { ...common, baseURL: `http://localhost:${PG_PORT}` },
          },
          // The production shape: https through nginx to two instances (see productionServers).
          {
            name: 'production',
            workers: 1,
            testMatch: ['production/**/*.spec.ts'],
            use: { ...common, baseURL: PROD_ORIGIN, ignoreHTTPSErrors: true },
          },
        ]
      : []),
  ],
  webServer: [
    {
      // The quick-start path itself: `npm start` builds if needed and serves on the embedded
      // database, here a fresh one per run. (Playwright starts web servers before any
      // globalSetup, so the folder is emptied here, not there.)
      // Its output is also kept in a file, which the security suite searches for secrets (ASVS 16.2.5).
      command: `rm -rf ${E2E_DATA_DIR} ${E2E_LOG_DIR} && mkdir -p ${E2E_LOG_DIR} && npm start 2>&1 | tee ${E2E_LOG_DIR}/server.log`,
      url: `http://localhost:${EMBEDDED_PORT}/login`,
      timeout: 300_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      stderr: 'pipe',
      env: {
        APP_URL: `http://localhost:${EMBEDDED_PORT}`,
        PLATFORM_NAME: 'Gatehouse e2e',
        DEFAULT_LOCALE: 'en',
        DATA_DIR: E2E_DATA_DIR,
        DATABASE_URL: '',
        SMTP_URL: '',
        NEXT_TELEMETRY_DISABLED: '1',
        // Specs all over the suite sign in staff with a password alone; two-step verification
        // as required by default is tested on an instance of its own (e2e/auth/two-step.spec.ts).
        REQUIRE_TWO_STEP_ROLES: '',
        // The example application of e2e/oidc receives back-channel logouts on this machine.
        OIDC_LOOPBACK_LOGOUT_URIS: `http://127.0.0.1:${OIDC_RP_PORT}/backchannel-logout`,
      },
    },
    ...(serverUrl
      ? [
          {
            command: 'npx tsx e2e/support/smtp-sink-server.ts',
            url: `http://127.0.0.1:${SMTP_HTTP_PORT}/messages`,
            env: { E2E_SMTP_PORT: String(SMTP_PORT), E2E_SMTP_HTTP_PORT: String(SMTP_HTTP_PORT) },
            reuseExistingServer: false,
            timeout: 30_000,
          },
          {
            command: 'npx tsx e2e/support/fresh-postgres.ts && npm start',
            url: `http://localhost:${PG_PORT}/login`,
            timeout: 300_000,
            reuseExistingServer: false,
            stdout: 'pipe' as const,
            stderr: 'pipe' as const,
            env: {
              APP_URL: `http://localhost:${PG_PORT}`,
              PLATFORM_NAME: 'Gatehouse e2e',
              DEFAULT_LOCALE: 'en',
              DATABASE_URL: E2E_DATABASE_URL,
              E2E_DATABASE_URL,
              SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}`,
              AUTH_SECRET: 'e2e-only-secret-0123456789abcdefghijklmnop',
              DATA_DIR: `.data/e2e-pg${RUN_SUFFIX}`,
              EMAIL_POLL_SECONDS: '1',
              NEXT_TELEMETRY_DISABLED: '1',
              REQUIRE_TWO_STEP_ROLES: '',
            },
          },
          ...productionServers(),
        ]
      : []),
  ],
});

/**
 * nginx (TLS, round robin; deploy/nginx/gatehouse.conf.template) in front of two `npm start`
 * instances of the same build on one fresh PostgreSQL database, with APP_URL on https and
 * TRUST_PROXY=1, delivering to their own SMTP server. Web servers start one after another,
 * so the second instance finds the database made and migrated by the first.
 */
function productionServers() {
  const instance = (n: 0 | 1) => ({
    command: `${n === 0 ? 'npx tsx e2e/support/fresh-postgres.ts && ' : ''}npm start 2>&1 | tee ${E2E_LOG_DIR}/production-${n + 1}.log`,
    url: `http://localhost:${PROD_INSTANCE_PORTS[n]}/login`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: 'pipe' as const,
    stderr: 'pipe' as const,
    env: { ...instanceEnv(n), E2E_DATABASE_URL: PROD_DATABASE_URL },
  });
  return [
    {
      command: 'npx tsx e2e/support/smtp-sink-server.ts',
      url: `http://127.0.0.1:${PROD_SMTP_HTTP_PORT}/messages`,
      env: { E2E_SMTP_PORT: String(PROD_SMTP_PORT), E2E_SMTP_HTTP_PORT: String(PROD_SMTP_HTTP_PORT) },
      reuseExistingServer: false,
      timeout: 30_000,
    },
    instance(0),
    instance(1),
    {
      command: 'npx tsx e2e/production/nginx.ts',
      url: `${PROD_ORIGIN}/login`,
      ignoreHTTPSErrors: true,
      reuseExistingServer: false,
      timeout: 30_000,
    },
  ];
}
