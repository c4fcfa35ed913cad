/**
 * The pages a person meets on the provider's own paths: the consent question, the sign-out
 * question an application's logout leads to, the "signed out" page and the error page. They
 * are written by the edge (the provider is a Node handler, not a Next route), in the
 * person's language, with Gatehouse's own stylesheet and header, so they look and read like
 * every other page; every value is escaped.
 */
import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import { env } from '@/lib/env';
import { negotiateLocale, LOCALE_COOKIE, type Locale } from '@/lib/i18n/locales';
import en from '@/lib/i18n/messages/oidc/en.json';
import nl from '@/lib/i18n/messages/oidc/nl.json';
import { cookieValue } from './browser-session';

const catalogs: Record<Locale, typeof en> = { en, nl };

export function escapeHtml(value: unknown): string {
  return String(value)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** The language of a request: the language switch's cookie, then the browser's, then the deployment's. */
export function localeOf(
  headers: { cookie?: string; 'accept-language'?: string },
  saved?: string | null,
): Locale {
  return negotiateLocale(cookieValue(headers.cookie, LOCALE_COOKIE), headers['accept-language'] ?? null, {
    saved,
    fallback: env.DEFAULT_LOCALE,
  });
}

export type Translate = (key: string, values?: Record<string, string>) => string;

/** Looks up `oidc.<key>` and fills in `{name}` placeholders (escaped by the page, not here). */
export function translator(locale: Locale): Translate {
  return (key, values = {}) => {
    let node: unknown = catalogs[locale].oidc;
    for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
    if (typeof node !== 'string') throw new Error(`Missing text oidc.${key} (${locale})`);
    return node.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? `{${name}}`);
  };
}

let stylesheet: string | undefined;
/** The app's own stylesheet, read once from the source tree (served inline: the page has no bundle). */
function appStylesheet(): string {
  if (stylesheet === undefined) {
    try {
      stylesheet = fs.readFileSync(path.join(process.cwd(), 'app', 'globals.css'), 'utf8');
    } catch {
      stylesheet = '';
    }
  }
  return stylesheet;
}

/** A whole page: the site's header, one card with `body` (already HTML), the footer. */
export function renderPage(input: { locale: Locale; title: string; body: string }): string {
  const t = translator(input.locale);
  return `<!DOCTYPE html>
<html lang="${input.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(input.title)} · ${escapeHtml(env.PLATFORM_NAME)}</title>
<style>${appStylesheet()}</style>
</head>
<body>
<a class="skip-link" href="#main">${escapeHtml(t('page.skipToContent'))}</a>
<header class="site-header"><span class="platform">${escapeHtml(env.PLATFORM_NAME)}</span><span class="address">${escapeHtml(new URL(env.APP_URL).host)}</span></header>
<main id="main" class="card">
<h1>${escapeHtml(input.title)}</h1>
${input.body}
</main>
<footer class="site-footer"><a href="/help">${escapeHtml(t('page.help'))}</a>${
    env.HELPDESK_CONTACT ? `<span>${escapeHtml(env.HELPDESK_CONTACT)}</span>` : ''
  }</footer>
</body>
</html>`;
}

/** What an error code means to the person, in words (the code itself is shown for the application's administrators). */
export function errorText(code: string, t: Translate): string {
  const platform = env.PLATFORM_NAME;
  switch (code) {
    case 'session_not_found':
    case 'expired':
      return t('error.expired');
    case 'invalid_client':
      return t('error.unknownClient', { platform });
    case 'invalid_redirect_uri':
      return t('error.redirectUri');
    case 'access_denied':
      return t('error.accessDenied');
    case 'login_required':
      return t('error.loginRequired', { platform });
    case 'server_error':
    case 'temporarily_unavailable':
      return t('error.temporary');
    default:
      return t('error.badRequest', { platform });
  }
}

/** The error page's body. */
export function errorBody(code: string, t: Translate): string {
  return `<div class="alert" role="alert"><p>${escapeHtml(errorText(code, t))}</p></div>
<p class="hint">${escapeHtml(t('error.details', { code }))}</p>
<div class="form-links"><a href="/login">${escapeHtml(t('error.goToSignIn'))}</a></div>`;
}
