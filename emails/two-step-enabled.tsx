/**
 * Sent when a person turns on two-step verification: whoever holds a session could set it
 * up with an app of their own and keep the recovery codes, and the owner would only find
 * out at the next sign-in, locked out. The email makes that noticed at once.
 */
import { createTranslator } from 'use-intl/core';
import { EmailLayout, Paragraph, type CommonEmailProps } from './_components/layout';
import { appPath, emailIntl, formatEmailDate, type EmailDate } from './_components/i18n';
import { NotYou } from './_components/notice';
import { previewCommon } from './_components/preview';

export interface TwoStepEnabledProps extends CommonEmailProps {
  enabledAt: EmailDate;
}

export function twoStepEnabledSubject({
  locale,
  platformName,
}: Pick<TwoStepEnabledProps, 'locale' | 'platformName'>): string {
  return createTranslator({ ...emailIntl(locale), namespace: 'twoStepEnabled' })('subject', { platformName });
}

export default function TwoStepEnabledEmail(props: TwoStepEnabledProps) {
  const { locale, platformName, appUrl, enabledAt } = props;
  const t = createTranslator({ ...emailIntl(locale), namespace: 'twoStepEnabled' });
  const when = formatEmailDate(locale, enabledAt);
  const forgotUrl = appPath(appUrl, '/forgot-password');
  return (
    <EmailLayout
      common={props}
      subject={twoStepEnabledSubject(props)}
      preview={t('preview', { enabledAt: when })}
      heading={t('heading')}
    >
      <Paragraph>{t('intro', { platformName, enabledAt: when })}</Paragraph>
      <Paragraph>{t('wasYou')}</Paragraph>
      <NotYou
        heading={t('notYouHeading')}
        intro={t('notYouIntro')}
        steps={[{ text: t('notYouStepHelpdesk') }, { text: t('notYouStepReset'), href: forgotUrl }]}
      />
    </EmailLayout>
  );
}

TwoStepEnabledEmail.PreviewProps = {
  ...previewCommon,
  helpdeskContact: 'helpdesk@care.example.org',
  enabledAt: '2026-03-05T09:15:00.000Z',
} satisfies TwoStepEnabledProps;
