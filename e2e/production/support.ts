/** Kept so that specs written against this path still work: the kit is e2e/support/production.ts. */
export * from '../support/production';
