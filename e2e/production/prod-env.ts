/** The environment of the two production-shape instances (and of the command line used beside them). */
import { PROD_INSTANCE_PORTS, PROD_ORIGIN, PROD_SMTP_PORT, RUN_SUFFIX } from '../support/ports';

const serverUrl = process.env.TEST_DATABASE_URL;
export const PROD_DATABASE_URL = serverUrl
  ? Object.assign(new URL(serverUrl), { pathname: `/gatehouse_e2e_prod${RUN_SUFFIX}` }).toString()
  : '';

export const PROD_APP_ENV = {
  APP_URL: PROD_ORIGIN,
  TRUST_PROXY: '1',
  PLATFORM_NAME: 'Gatehouse production e2e',
  DEFAULT_LOCALE: 'en',
  DATABASE_URL: PROD_DATABASE_URL,
  SMTP_URL: `smtp://127.0.0.1:${PROD_SMTP_PORT}`,
  AUTH_SECRET: 'e2e-production-only-secret-0123456789abcdef',
  EMAIL_POLL_SECONDS: '1',
  NEXT_TELEMETRY_DISABLED: '1',
  NODE_ENV: 'production' as const,
  METRICS_TOKEN: 'e2e-metrics-token-0123456789',
  // Staff sign in with a password alone here; two-step verification has a spec of its own (e2e/auth/two-step.spec.ts).
  REQUIRE_TWO_STEP_ROLES: '',
  // /.well-known/security.txt is served (e2e/production/self-service.spec.ts); a year ahead, as RFC 9116 advises.
  SECURITY_TXT_CONTACT: 'mailto:security@example.org, https://example.org/report',
  // Fixed once in the runner's process, which the servers and the test workers inherit: worked out
  // anew in a worker, a run that crosses midnight UTC expected the next day's date.
  SECURITY_TXT_EXPIRES: (process.env.E2E_SECURITY_TXT_EXPIRES ??= new Date(Date.now() + 300 * 86_400_000)
    .toISOString()
    .slice(0, 10)),
};

/** Instance n (0 or 1): its port and its own data folder. Both log JSON lines (the other projects run the text format). */
export function instanceEnv(n: 0 | 1) {
  return {
    ...PROD_APP_ENV,
    PORT: String(PROD_INSTANCE_PORTS[n]),
    DATA_DIR: `.data/e2e-prod${RUN_SUFFIX}/instance-${n + 1}`,
    LOG_FORMAT: 'json',
  };
}
