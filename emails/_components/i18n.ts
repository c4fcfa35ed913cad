/**
 * Languages and message catalogs of the emails.
 *
 * To add a language: add `emails/messages/<locale>.json` (same keys as en.json; the type
 * below checks that), add the locale to `emailLocales` and one entry to `catalogs`.
 * Everything else (templates, renderer, tests) follows from these two lists.
 */
import { _createCache, _createIntlFormatters, type IntlError } from 'use-intl/core';
import en from '../messages/en.json';
import nl from '../messages/nl.json';

export const emailLocales = ['en', 'nl'] as const;
export type EmailLocale = (typeof emailLocales)[number];

/** The shape every catalog must have: the English one is the reference. */
export type EmailMessages = typeof en;

export const catalogs: Record<EmailLocale, EmailMessages> = {
  en,
  nl,
};

/** Emails are read by people in the Netherlands first: times are shown in Dutch time. */
export const EMAIL_TIME_ZONE = 'Europe/Amsterdam';

/** A date as a template receives it: a Date, or an ISO string when the props came from JSON. */
export type EmailDate = Date | string;

export function isEmailLocale(value: unknown): value is EmailLocale {
  return emailLocales.some((l) => l === value);
}

/**
 * Shared configuration for `createTranslator`. A missing message or a missing placeholder
 * value throws instead of falling back to the key: an email with "welcome.button" in it
 * must never be sent.
 */
export function emailIntl(locale: EmailLocale) {
  if (!isEmailLocale(locale)) throw new Error(`No email messages for locale "${String(locale)}"`);
  return {
    ...compiled(locale),
    locale,
    messages: catalogs[locale],
    timeZone: EMAIL_TIME_ZONE,
    onError: (error: IntlError) => {
      throw error;
    },
  };
}

/**
 * use-intl's cache of compiled messages and formatters, one per language, kept for the
 * process: without it every email compiles every message it uses again (a tenth of the
 * delivery worker's time). It holds the catalog's message formats only; names, links and
 * other values are put in when each email is formatted, never cached.
 */
const compiledByLocale = new Map<EmailLocale, ReturnType<typeof compileFor>>();
function compileFor() {
  const cache = _createCache();
  return { _cache: cache, _formatters: _createIntlFormatters(cache) };
}
function compiled(locale: EmailLocale) {
  let entry = compiledByLocale.get(locale);
  if (!entry) compiledByLocale.set(locale, (entry = compileFor()));
  return entry;
}

const dateFormats = new Map<EmailLocale, Intl.DateTimeFormat>();

/** "March 5, 2026 at 2:30 PM" in the email's language, in Dutch time. */
export function formatEmailDate(locale: EmailLocale, value: EmailDate): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`Invalid date for an email: ${String(value)}`);
  let format = dateFormats.get(locale);
  if (!format) {
    // Making a DateTimeFormat costs more than formatting with one: one per language.
    format = new Intl.DateTimeFormat(locale, {
      dateStyle: 'long',
      timeStyle: 'short',
      timeZone: EMAIL_TIME_ZONE,
    });
    dateFormats.set(locale, format);
  }
  return format.format(date);
}

/** The app's address without a trailing slash, so paths can be appended. */
export function appPath(appUrl: string, path: string): string {
  return appUrl.replace(/\/+$/, '') + path;
}
