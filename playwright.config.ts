import fs from 'node:fs';
import { defineConfig } from '@playwright/test';

/** Debian's Chromium when present (Playwright cannot download browsers here), else Playwright's own. */
const chromiumPath = process.env.CHROMIUM_PATH ?? (fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

export const E2E_PORT = 3100;
export const E2E_DATA_DIR = '.data/e2e';
export const E2E_LOG_DIR = '.data/e2e-logs';

/**
 * Two app instances from the same build:
 * - "embedded": the quick start itself (`npm start` on a fresh embedded database, dev
 *   mailbox), where the accounts command line must work beside the running app;
 * - "postgres" (when TEST_DATABASE_URL is set): PostgreSQL and real SMTP delivery to a
 *   local SMTP server, where tests may also reach into the database (link expiry).
 */
export const E2E_PG_PORT = 3101;
const serverUrl = process.env.TEST_DATABASE_URL;
export const E2E_DATABASE_URL = serverUrl ? Object.assign(new URL(serverUrl), { pathname: '/gatehouse_e2e' }).toString() : '';

const common = {
  trace: 'retain-on-failure' as const,
  launchOptions: {
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  },
};

export default defineConfig({
  testDir: './e2e',
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  reporter: [['list']],
  projects: [
    { name: 'embedded', testIgnore: ['email/**'], use: { ...common, baseURL: `http://localhost:${E2E_PORT}` } },
    ...(serverUrl ? [{ name: 'postgres', testMatch: ['email/**/*.spec.ts'], use: { ...common, baseURL: `http://localhost:${E2E_PG_PORT}` } }] : []),
  ],
  webServer: [
    {
      // The quick-start path itself: `npm start` builds if needed and serves on the embedded
      // database, here a fresh one per run. (Playwright starts web servers before any
      // globalSetup, so the folder is emptied here, not there.)
      // Its output is also kept in a file, which the security suite searches for secrets (ASVS 16.2.5).
      command: `rm -rf ${E2E_DATA_DIR} ${E2E_LOG_DIR} && mkdir -p ${E2E_LOG_DIR} && npm start 2>&1 | tee ${E2E_LOG_DIR}/server.log`,
      url: `http://localhost:${E2E_PORT}/login`,
      timeout: 300_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      stderr: 'pipe',
      env: {
        APP_URL: `http://localhost:${E2E_PORT}`,
        PLATFORM_NAME: 'Gatehouse e2e',
        DEFAULT_LOCALE: 'en',
        DATA_DIR: E2E_DATA_DIR,
        DATABASE_URL: '',
        SMTP_URL: '',
        NEXT_TELEMETRY_DISABLED: '1',
      },
    },
    ...(serverUrl
      ? [
          {
            command: 'npx tsx e2e/support/smtp-sink-server.ts',
            url: 'http://127.0.0.1:3125/messages',
            reuseExistingServer: false,
            timeout: 30_000,
          },
          {
            command: 'npx tsx e2e/support/fresh-postgres.ts && npm start',
            url: `http://localhost:${E2E_PG_PORT}/login`,
            timeout: 300_000,
            reuseExistingServer: false,
            stdout: 'pipe' as const,
            stderr: 'pipe' as const,
            env: {
              APP_URL: `http://localhost:${E2E_PG_PORT}`,
              PLATFORM_NAME: 'Gatehouse e2e',
              DEFAULT_LOCALE: 'en',
              DATABASE_URL: E2E_DATABASE_URL,
              E2E_DATABASE_URL,
              SMTP_URL: 'smtp://127.0.0.1:2525',
              AUTH_SECRET: 'e2e-only-secret-0123456789abcdefghijklmnop',
              DATA_DIR: '.data/e2e-pg',
              EMAIL_POLL_SECONDS: '1',
              NEXT_TELEMETRY_DISABLED: '1',
            },
          },
        ]
      : []),
  ],
});
