import fs from 'node:fs';
import { defineConfig } from '@playwright/test';

/** Debian's Chromium when present (Playwright cannot download browsers here), else Playwright's own. */
const chromiumPath = process.env.CHROMIUM_PATH ?? (fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

export const E2E_PORT = 3100;
export const E2E_DATA_DIR = '.data/e2e';

export default defineConfig({
  testDir: './e2e',
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${E2E_PORT}`,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromiumPath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: {
    // The quick-start path itself: `npm start` builds if needed and serves on the embedded
    // database, here a fresh one per run. (Playwright starts the web server before any
    // globalSetup, so the folder is emptied here, not there.)
    command: `rm -rf ${E2E_DATA_DIR} && npm start`,
    url: `http://localhost:${E2E_PORT}/login`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      APP_URL: `http://localhost:${E2E_PORT}`,
      PLATFORM_NAME: 'Gatehouse e2e',
      DATA_DIR: E2E_DATA_DIR,
      DATABASE_URL: '',
      NEXT_TELEMETRY_DISABLED: '1',
    },
  },
});
