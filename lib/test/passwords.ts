/**
 * The passwords every test types, in one place for the integration suite (lib/test/factories.ts)
 * and the browser suite (e2e/support/accounts.ts): a passphrase the policy accepts.
 */
export const GOOD_PASSWORD = 'lantern-orchard-quietly-47';
