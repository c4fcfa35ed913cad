// ESLint: Next's core-web-vitals rules, typescript-eslint's recommended rules, and the
// layering the README draws under "How it fits together" (the top level and the order of
// lib/'s folders), enforced rather than hoped for.
import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';
import tseslint from 'typescript-eslint';

const appImports = {
  group: ['@/app/*', '@/app', '**/app/*'],
  message: 'app/ holds routes; share code through lib/ or components/.',
};
const componentImports = {
  group: ['@/components/*', '@/components'],
  message: 'lib/ never imports components (presentation depends on lib, not the other way).',
};
const dbImports = {
  group: ['@/lib/db/*', '@/lib/db'],
  message: 'components never touch the database; pages and actions pass data in.',
};
const scriptImports = {
  group: ['@/scripts/*', '**/scripts/*'],
  message: 'the app does not depend on command-line entry points.',
};

/**
 * The order of lib/'s folders, bottom first: each may import only what stands before it.
 * A new folder goes where what it needs is below it and what needs it is above it; its place
 * is decided here (and drawn in the README), not by whichever import comes first.
 * Tests (`*.test.ts`, `*.int.test.ts`, `lib/test/`) may import anything.
 */
export const LIB_ORDER = [
  'env', // lib/env.ts: the only reader of process.env
  'help', // help topics and their search: pure
  'db', // schema, client, migrations, embedded lock, pruning
  'runtime', // the app's start-up and stop, readiness, and the one seam it shares with the edge (edge-seam.ts)
  'observability', // logs, metrics, the /metrics scrape
  'security', // rate limits, client address, sealed values, the app's secret
  'audit', // the audit log: record, read, describe
  'email', // outbox, delivery worker, transports, rendering
  'sessions', // the session row: create, validate, end (never auth or accounts)
  'links', // an emailed link's whole life
  'password', // the one password policy, its limits, strength, generator
  'validation', // zod schemas of forms and fields, formAction, the forms' answers
  'http', // what every answer carries: security headers and CSP, cross-site writes, cookies
  'auth', // next-auth kept thin, password hashing, the current user, sign-in throttle
  'i18n', // locales and the request's language (reads the signed-in person's choice)
  'accounts', // the domain: one operation per file
  'two-step', // two-step verification and the second look
  'passkeys', // issue 28
  'oidc', // issue 27: the OpenID Connect provider
  'dashboard', // the console's figures
];
/** Files that compose whole domains at start-up: they sit at the top, like entry points. */
const LIB_TOP_FILES = ['lib/runtime/start-app.ts', 'lib/runtime/control-socket.ts'];
const TESTS = ['lib/**/*.test.ts', 'lib/**/*.test.tsx', 'lib/test/**'];

const libPath = (name) => (name === 'env' ? ['@/lib/env'] : [`@/lib/${name}`, `@/lib/${name}/*`]);
const layerImports = (above) =>
  above.length === 0
    ? []
    : [
        {
          group: above.flatMap(libPath),
          message: `lib/'s order (eslint.config.mjs, LIB_ORDER): a folder imports only folders below it.`,
        },
      ];
// A relative import that leaves its lib/ folder would hide the arrow from the rule above.
const relativeOut = (group) => ({
  group: [group],
  message: 'import another lib/ folder as @/lib/<folder>/…, so the order can be checked.',
});
const libOuter = [appImports, componentImports, scriptImports];

const libLayers = LIB_ORDER.flatMap((name, i) => {
  const patterns = [...libOuter, ...layerImports(LIB_ORDER.slice(i + 1))];
  const rule = (relative) => ({
    'no-restricted-imports': ['error', { patterns: [...patterns, relativeOut(relative)] }],
  });
  const ignores = [...TESTS, ...LIB_TOP_FILES];
  if (name === 'env') return [{ files: ['lib/env.ts'], rules: rule('./*') }];
  return [
    // A file of the folder itself leaves it with `../`; one in a subfolder with `../../`.
    { files: [`lib/${name}/*.{ts,tsx}`], ignores, rules: rule('../*') },
    { files: [`lib/${name}/*/**/*.{ts,tsx}`], ignores, rules: rule('../../*') },
  ];
});

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  ...tseslint.configs.recommended,
  globalIgnores([
    '.next/**',
    'node_modules/**',
    '.data/**',
    'drizzle/**',
    'next-env.d.ts',
    'playwright-report/**',
    'test-results/**',
  ]),
  {
    rules: {
      // `_name` marks a value left out on purpose (destructuring it away, an unused argument).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['components/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: [appImports, dbImports] }] },
  },
  {
    files: ['lib/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: libOuter }] },
  },
  ...libLayers,
  {
    // The edge (the Node server in front of Next): lib/ and its own files, never a page or component.
    files: ['edge/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [appImports, componentImports, scriptImports] }],
    },
  },
  {
    files: ['scripts/**/*.{ts,mjs}'],
    rules: { 'no-restricted-imports': ['error', { patterns: [appImports, componentImports] }] },
  },
]);
