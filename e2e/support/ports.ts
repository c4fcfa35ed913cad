/**
 * Every port and name the browser tests use, derived from one base (E2E_PORT_BASE, default
 * 3100) so that two checkouts can run their suites side by side on one machine.
 */
const base = Number(process.env.E2E_PORT_BASE ?? 3100);

/** The embedded quick start (PGlite, dev mailbox). */
export const EMBEDDED_PORT = base;
export const EMBEDDED_ORIGIN = `http://localhost:${EMBEDDED_PORT}`;
/** The PostgreSQL instance delivering over SMTP. */
export const PG_PORT = base + 1;
export const PG_ORIGIN = `http://localhost:${PG_PORT}`;
/** The local SMTP server the PostgreSQL instance delivers to, and its HTTP side door. */
export const SMTP_PORT = base + 26;
export const SMTP_HTTP_PORT = base + 25;
/** Suffix for database names and data folders, empty for the default base. */
export const RUN_SUFFIX = base === 3100 ? '' : `_${base}`;
