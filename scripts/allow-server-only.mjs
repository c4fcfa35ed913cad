// Command-line scripts run lib modules in plain Node, outside React's server environment,
// where the 'server-only' marker package would throw. This loader hook resolves it to an
// empty module for these scripts only (the Next.js app keeps the real guard).
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(
      'export async function resolve(specifier, context, next) {' +
        "  if (specifier === 'server-only') return { url: 'data:text/javascript,', shortCircuit: true };" +
        '  return next(specifier, context);' +
        '}',
    ),
);
