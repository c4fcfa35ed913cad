import type { NextConfig } from 'next';
import createNextIntlPlugin from 'next-intl/plugin';
// Parsing the environment here makes a wrong value stop `next build` / `next start` at once.
import './lib/env';
import { HTML_LIMITED_BOTS } from './lib/http/crawlers';

const withNextIntl = createNextIntlPlugin('./lib/i18n/request.ts');

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // The edge's page cache bypasses the same crawlers (lib/http/crawlers.ts).
  htmlLimitedBots: HTML_LIMITED_BOTS,
  // PGlite ships WASM and data files that must be loaded from node_modules, not bundled.
  // nodemailer is not listed: lib/email imports two of its internal modules (addressparser,
  // shared), which Turbopack cannot leave external ("Package nodemailer can't be external");
  // bundled, they work, and the edge and the worker load nodemailer from node_modules as before.
  // pino and prom-client: one copy shared with the edge server (edge/http-server.ts) in the same process.
  serverExternalPackages: [
    '@electric-sql/pglite',
    '@node-rs/argon2',
    'drizzle-orm',
    // oidc-provider (ESM, koa inside) runs as published; the edge calls it through startup.ts.
    'oidc-provider',
    'pino',
    'prom-client',
  ],
};

export default withNextIntl(nextConfig);
