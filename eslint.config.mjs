// ESLint: Next's core-web-vitals rules, typescript-eslint's recommended rules, and the
// layering the README draws under "How it fits together", enforced rather than hoped for.
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
    rules: {
      'no-restricted-imports': ['error', { patterns: [appImports, componentImports, scriptImports] }],
    },
  },
  {
    files: ['scripts/**/*.{ts,mjs}'],
    rules: { 'no-restricted-imports': ['error', { patterns: [appImports, componentImports] }] },
  },
]);
