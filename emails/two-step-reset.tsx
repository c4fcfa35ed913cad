/**
 * Sent when the helpdesk turns off a person's two-step verification (a lost phone), so a
 * reset they did not ask for does not go unnoticed: someone may be trying to get in.
 */
import { createTranslator } from 'use-intl/core';
import { EmailLayout, Paragraph, type CommonEmailProps } from './_components/layout';
import { appPath, emailIntl, formatEmailDate, type EmailDate } from './_components/i18n';
import { LinkedText, NotYou } from './_components/notice';
import { previewCommon } from './_components/preview';

export interface TwoStepResetProps extends CommonEmailProps {
  resetAt: EmailDate;
}

export function twoStepResetSubject({
  locale,
  platformName,
}: Pick<TwoStepResetProps, 'locale' | 'platformName'>): string {
  return createTranslator({ ...emailIntl(locale), namespace: 'twoStepReset' })('subject', { platformName });
}

export default function TwoStepResetEmail(props: TwoStepResetProps) {
  const { locale, platformName, appUrl, resetAt } = props;
  const t = createTranslator({ ...emailIntl(locale), namespace: 'twoStepReset' });
  const when = formatEmailDate(locale, resetAt);
  const signInUrl = appPath(appUrl, '/login');
  return (
    <EmailLayout
      common={props}
      subject={twoStepResetSubject(props)}
      preview={t('preview', { resetAt: when })}
      heading={t('heading')}
    >
      <Paragraph>{t('intro', { platformName, resetAt: when })}</Paragraph>
      <Paragraph>{t('signedOut')}</Paragraph>
      <Paragraph>
        <LinkedText text={t('next')} href={signInUrl} />
      </Paragraph>
      <NotYou heading={t('notYouHeading')} intro={t('notYou')} />
    </EmailLayout>
  );
}

TwoStepResetEmail.PreviewProps = {
  ...previewCommon,
  helpdeskContact: 'helpdesk@care.example.org',
  resetAt: '2026-03-05T09:15:00.000Z',
} satisfies TwoStepResetProps;
