/**
 * Sent to the new address when staff change the email address of an account that has a
 * password: the change happens only when this link is used with the account's password.
 * It does not name the old address: if the new one is mistyped, a stranger reads this.
 */
import { createTranslator } from 'use-intl/core';
import { ActionButton, EmailLayout, Paragraph, type CommonEmailProps } from './_components/layout';
import { emailIntl, formatEmailDate, type EmailDate } from './_components/i18n';
import { previewCommon } from './_components/preview';

export interface ConfirmEmailChangeProps extends CommonEmailProps {
  link: string;
  expiresAt: EmailDate;
}

export function confirmEmailChangeSubject({
  locale,
  platformName,
}: Pick<ConfirmEmailChangeProps, 'locale' | 'platformName'>): string {
  return createTranslator({ ...emailIntl(locale), namespace: 'confirmEmailChange' })('subject', {
    platformName,
  });
}

export default function ConfirmEmailChangeEmail(props: ConfirmEmailChangeProps) {
  const { locale, platformName, link, expiresAt } = props;
  const t = createTranslator({ ...emailIntl(locale), namespace: 'confirmEmailChange' });
  return (
    <EmailLayout
      common={props}
      subject={confirmEmailChangeSubject(props)}
      preview={t('preview')}
      heading={t('heading')}
    >
      <Paragraph>{t('intro', { platformName })}</Paragraph>
      <ActionButton locale={locale} href={link} label={t('button')} />
      <Paragraph>{t('validity', { expiresAt: formatEmailDate(locale, expiresAt) })}</Paragraph>
      <Paragraph>{t('notYou')}</Paragraph>
    </EmailLayout>
  );
}

ConfirmEmailChangeEmail.PreviewProps = {
  ...previewCommon,
  link: 'https://care.example.org/confirm-email?token=preview',
  expiresAt: '2026-03-12T14:30:00.000Z',
} satisfies ConfirmEmailChangeProps;
