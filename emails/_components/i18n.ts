/**
 * Languages and message catalogs of the emails.
 *
 * To add a language: add `emails/messages/<locale>.json` (same keys as en.json; the type
 * below checks that), add the locale to `emailLocales` and one entry to `catalogs`.
 * Everything else (templates, renderer, tests) follows from these two lists.
 */
import type { IntlError } from 'use-intl/core';
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
    locale,
    messages: catalogs[locale],
    timeZone: EMAIL_TIME_ZONE,
    onError: (error: IntlError) => {
      throw error;
    },
  };
}

/** "March 5, 2026 at 2:30 PM" in the email's language, in Dutch time. */
export function formatEmailDate(locale: EmailLocale, value: EmailDate): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`Invalid date for an email: ${String(value)}`);
  return new Intl.DateTimeFormat(locale, {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: EMAIL_TIME_ZONE,
  }).format(date);
}

/** The app's address without a trailing slash, so paths can be appended. */
export function appPath(appUrl: string, path: string): string {
  return appUrl.replace(/\/+$/, '') + path;
}
