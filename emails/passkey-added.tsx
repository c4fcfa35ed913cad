/**
 * Sent when a passkey is added to an account: a passkey signs in without the password, so
 * one the owner did not add must not go unnoticed.
 */
import { createTranslator } from 'use-intl/core';
import { EmailLayout, Paragraph, type CommonEmailProps } from './_components/layout';
import { appPath, emailIntl, formatEmailDate, type EmailDate } from './_components/i18n';
import { LinkedText, NotYou } from './_components/notice';
import { previewCommon } from './_components/preview';

export interface PasskeyAddedProps extends CommonEmailProps {
  passkeyName: string;
  addedAt: EmailDate;
}

export function passkeyAddedSubject({
  locale,
  platformName,
}: Pick<PasskeyAddedProps, 'locale' | 'platformName'>): string {
  return createTranslator({ ...emailIntl(locale), namespace: 'passkeyAdded' })('subject', { platformName });
}

export default function PasskeyAddedEmail(props: PasskeyAddedProps) {
  const { locale, platformName, appUrl, passkeyName, addedAt } = props;
  const t = createTranslator({ ...emailIntl(locale), namespace: 'passkeyAdded' });
  const when = formatEmailDate(locale, addedAt);
  const accountUrl = appPath(appUrl, '/account');
  const forgotUrl = appPath(appUrl, '/forgot-password');
  return (
    <EmailLayout
      common={props}
      subject={passkeyAddedSubject(props)}
      preview={t('preview', { passkeyName, addedAt: when })}
      heading={t('heading')}
    >
      <Paragraph>{t('intro', { platformName, passkeyName, addedAt: when })}</Paragraph>
      <Paragraph>
        <LinkedText text={t('wasYou')} href={accountUrl} />
      </Paragraph>
      <NotYou
        heading={t('notYouHeading')}
        intro={t('notYouIntro')}
        steps={[{ text: t('notYouStepReset'), href: forgotUrl }, { text: t('notYouStepHelpdesk') }]}
      />
    </EmailLayout>
  );
}

PasskeyAddedEmail.PreviewProps = {
  ...previewCommon,
  helpdeskContact: 'helpdesk@care.example.org',
  passkeyName: 'Google Password Manager',
  addedAt: '2026-03-05T09:15:00.000Z',
} satisfies PasskeyAddedProps;
