/** Sent after a password change, so the owner notices when it was not them. */
import { createTranslator } from 'use-intl/core';
import { EmailLayout, Paragraph, type CommonEmailProps } from './_components/layout';
import { appPath, emailIntl, formatEmailDate, type EmailDate } from './_components/i18n';
import { NotYou } from './_components/notice';
import { previewCommon } from './_components/preview';

export interface PasswordChangedProps extends CommonEmailProps {
  changedAt: EmailDate;
}

export function passwordChangedSubject({
  locale,
  platformName,
}: Pick<PasswordChangedProps, 'locale' | 'platformName'>): string {
  return createTranslator({ ...emailIntl(locale), namespace: 'passwordChanged' })('subject', {
    platformName,
  });
}

export default function PasswordChangedEmail(props: PasswordChangedProps) {
  const { locale, platformName, appUrl, changedAt } = props;
  const t = createTranslator({ ...emailIntl(locale), namespace: 'passwordChanged' });
  const when = formatEmailDate(locale, changedAt);
  const forgotUrl = appPath(appUrl, '/forgot-password');
  return (
    <EmailLayout
      common={props}
      subject={passwordChangedSubject(props)}
      preview={t('preview', { changedAt: when })}
      heading={t('heading')}
    >
      <Paragraph>{t('intro', { platformName, changedAt: when })}</Paragraph>
      <Paragraph>{t('wasYou')}</Paragraph>
      <NotYou
        heading={t('notYouHeading')}
        intro={t('notYouIntro')}
        steps={[{ text: t('notYouStepReset'), href: forgotUrl }, { text: t('notYouStepHelpdesk') }]}
      />
    </EmailLayout>
  );
}

PasswordChangedEmail.PreviewProps = {
  ...previewCommon,
  helpdeskContact: 'helpdesk@care.example.org',
  changedAt: '2026-03-05T09:15:00.000Z',
} satisfies PasswordChangedProps;
