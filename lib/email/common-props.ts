import { env } from '@/lib/env';

/** What every email says about where it comes from and where to get help. */
export function commonEmailProps(recipientName: string) {
  return {
    locale: 'en' as const,
    platformName: env.PLATFORM_NAME,
    appUrl: env.APP_URL,
    recipientName,
    helpdeskContact: env.HELPDESK_CONTACT,
  };
}
