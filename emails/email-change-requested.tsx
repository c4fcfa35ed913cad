/**
 * Sent to the old address the moment staff ask to change it (for an account with a
 * password): nothing has changed yet, and the button cancels the change.
 */
import { createTranslator } from 'use-intl/core';
import { ActionButton, EmailLayout, Paragraph, type CommonEmailProps } from './_components/layout';
import { emailIntl, formatEmailDate, type EmailDate } from './_components/i18n';
import { previewCommon } from './_components/preview';

export interface EmailChangeRequestedProps extends CommonEmailProps {
  newEmail: string;
  /** Cancels the change. */
  link: string;
  expiresAt: EmailDate;
}

export function emailChangeRequestedSubject({
  locale,
  platformName,
}: Pick<EmailChangeRequestedProps, 'locale' | 'platformName'>): string {
  return createTranslator({ ...emailIntl(locale), namespace: 'emailChangeRequested' })('subject', {
    platformName,
  });
}

export default function EmailChangeRequestedEmail(props: EmailChangeRequestedProps) {
  const { locale, platformName, newEmail, link, expiresAt } = props;
  const t = createTranslator({ ...emailIntl(locale), namespace: 'emailChangeRequested' });
  return (
    <EmailLayout
      common={props}
      subject={emailChangeRequestedSubject(props)}
      preview={t('preview')}
      heading={t('heading')}
    >
      <Paragraph>{t('intro', { platformName, newEmail })}</Paragraph>
      <Paragraph>{t('nothingYet', { expiresAt: formatEmailDate(locale, expiresAt) })}</Paragraph>
      <Paragraph>{t('notYou')}</Paragraph>
      <ActionButton locale={locale} href={link} label={t('button')} />
    </EmailLayout>
  );
}

EmailChangeRequestedEmail.PreviewProps = {
  ...previewCommon,
  newEmail: 'anna.de.vries@example.org',
  link: 'https://care.example.org/cancel-email-change?token=preview',
  expiresAt: '2026-03-12T14:30:00.000Z',
} satisfies EmailChangeRequestedProps;
