import { env } from '@/lib/env';
import { isEmailLocale, type EmailLocale } from '@/emails/_components/i18n';

/** The language an email goes out in: the recipient's saved choice, else the deployment's default. */
export function emailLocaleFor(saved: string | null | undefined): EmailLocale {
  return isEmailLocale(saved) ? saved : env.DEFAULT_LOCALE;
}

/** What every email says about where it comes from and where to get help, in the recipient's language. */
export function commonEmailProps(recipientName: string, locale?: string | null) {
  return {
    locale: emailLocaleFor(locale),
    platformName: env.PLATFORM_NAME,
    appUrl: env.APP_URL,
    recipientName,
    helpdeskContact: env.HELPDESK_CONTACT,
  };
}
