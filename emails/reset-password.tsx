/** Sent when someone asks for a new password for an active account: a one-time link for 1 hour. */
import { createTranslator } from 'use-intl/core';
import { ActionButton, EmailLayout, Paragraph, type CommonEmailProps } from './_components/layout';
import { emailIntl, formatEmailDate, type EmailDate } from './_components/i18n';
import { NotYou } from './_components/notice';
import { previewCommon } from './_components/preview';

export interface ResetPasswordProps extends CommonEmailProps {
  /** The one-time reset link (works once, for 1 hour). */
  link: string;
  expiresAt: EmailDate;
}

export function resetPasswordSubject({
  locale,
  platformName,
}: Pick<ResetPasswordProps, 'locale' | 'platformName'>): string {
  return createTranslator({ ...emailIntl(locale), namespace: 'resetPassword' })('subject', { platformName });
}

export default function ResetPasswordEmail(props: ResetPasswordProps) {
  const { locale, platformName, link, expiresAt } = props;
  const t = createTranslator({ ...emailIntl(locale), namespace: 'resetPassword' });
  return (
    <EmailLayout
      common={props}
      subject={resetPasswordSubject(props)}
      preview={t('preview')}
      heading={t('heading')}
    >
      <Paragraph>{t('intro', { platformName })}</Paragraph>
      <Paragraph>{t('action')}</Paragraph>
      <ActionButton locale={locale} href={link} label={t('button')} />
      <Paragraph strong>{t('validity', { expiresAt: formatEmailDate(locale, expiresAt) })}</Paragraph>
      <Paragraph>{t('expired')}</Paragraph>
      <NotYou heading={t('notYouHeading')} intro={t('notYou')} />
    </EmailLayout>
  );
}

ResetPasswordEmail.PreviewProps = {
  ...previewCommon,
  link: 'https://care.example.org/reset-password/preview-token-not-real',
  expiresAt: '2026-03-05T14:30:00.000Z',
} satisfies ResetPasswordProps;
