/**
 * Sent when a person makes new recovery codes: the old ones stopped working at that moment.
 * Whoever holds a session and the password could do it to keep the only working codes, so
 * the owner is told at once, with what to do if it was not them.
 */
import { createTranslator } from 'use-intl/core';
import { EmailLayout, Paragraph, type CommonEmailProps } from './_components/layout';
import { appPath, emailIntl, formatEmailDate, type EmailDate } from './_components/i18n';
import { NotYou } from './_components/notice';
import { previewCommon } from './_components/preview';

export interface RecoveryCodesRenewedProps extends CommonEmailProps {
  renewedAt: EmailDate;
}

export function recoveryCodesRenewedSubject({
  locale,
  platformName,
}: Pick<RecoveryCodesRenewedProps, 'locale' | 'platformName'>): string {
  return createTranslator({ ...emailIntl(locale), namespace: 'recoveryCodesRenewed' })('subject', {
    platformName,
  });
}

export default function RecoveryCodesRenewedEmail(props: RecoveryCodesRenewedProps) {
  const { locale, platformName, appUrl, renewedAt } = props;
  const t = createTranslator({ ...emailIntl(locale), namespace: 'recoveryCodesRenewed' });
  const when = formatEmailDate(locale, renewedAt);
  const forgotUrl = appPath(appUrl, '/forgot-password');
  return (
    <EmailLayout
      common={props}
      subject={recoveryCodesRenewedSubject(props)}
      preview={t('preview', { renewedAt: when })}
      heading={t('heading')}
    >
      <Paragraph>{t('intro', { platformName, renewedAt: when })}</Paragraph>
      <Paragraph>{t('wasYou')}</Paragraph>
      <NotYou
        heading={t('notYouHeading')}
        intro={t('notYouIntro')}
        steps={[{ text: t('notYouReset'), href: forgotUrl }]}
      />
    </EmailLayout>
  );
}

RecoveryCodesRenewedEmail.PreviewProps = {
  ...previewCommon,
  helpdeskContact: 'helpdesk@care.example.org',
  renewedAt: '2026-03-05T09:15:00.000Z',
} satisfies RecoveryCodesRenewedProps;
