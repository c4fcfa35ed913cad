/** Sent on request from the sign-in page when signing in is throttled or blocked. */
import { createTranslator } from 'use-intl/core';
import { ActionButton, EmailLayout, Paragraph, type CommonEmailProps } from './_components/layout';
import { emailIntl, formatEmailDate, type EmailDate } from './_components/i18n';
import { previewCommon } from './_components/preview';

export interface UnblockProps extends CommonEmailProps {
  link: string;
  expiresAt: EmailDate;
}

export function unblockSubject({
  locale,
  platformName,
}: Pick<UnblockProps, 'locale' | 'platformName'>): string {
  return createTranslator({ ...emailIntl(locale), namespace: 'unblock' })('subject', { platformName });
}

export default function UnblockEmail(props: UnblockProps) {
  const { locale, platformName, link, expiresAt } = props;
  const t = createTranslator({ ...emailIntl(locale), namespace: 'unblock' });
  return (
    <EmailLayout common={props} subject={unblockSubject(props)} preview={t('preview')} heading={t('heading')}>
      <Paragraph>{t('intro', { platformName })}</Paragraph>
      <ActionButton locale={locale} href={link} label={t('button')} />
      <Paragraph>{t('validity', { expiresAt: formatEmailDate(locale, expiresAt) })}</Paragraph>
      <Paragraph>{t('notYou')}</Paragraph>
    </EmailLayout>
  );
}

UnblockEmail.PreviewProps = {
  ...previewCommon,
  link: 'https://care.example.org/unblock?token=preview',
  expiresAt: '2026-03-12T14:30:00.000Z',
} satisfies UnblockProps;
