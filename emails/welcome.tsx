/** Sent when the helpdesk or a counselor made an account: choose a password through a one-time link. */
import { createTranslator } from 'use-intl/core';
import {
  ActionButton,
  EmailLayout,
  Paragraph,
  Subheading,
  styles,
  type CommonEmailProps,
} from './_components/layout';
import { emailIntl, formatEmailDate, type EmailDate } from './_components/i18n';
import { Text } from '@react-email/components';
import { previewCommon } from './_components/preview';

export interface WelcomeProps extends CommonEmailProps {
  /** The one-time set-password link (works once, for 7 days). */
  link: string;
  expiresAt: EmailDate;
  /** Who made the account; "the helpdesk" when absent. */
  createdByName?: string;
}

export function welcomeSubject({
  locale,
  platformName,
}: Pick<WelcomeProps, 'locale' | 'platformName'>): string {
  return createTranslator({ ...emailIntl(locale), namespace: 'welcome' })('subject', { platformName });
}

export default function WelcomeEmail(props: WelcomeProps) {
  const { locale, platformName, appUrl, link, expiresAt } = props;
  const t = createTranslator({ ...emailIntl(locale), namespace: 'welcome' });
  const createdByName = props.createdByName?.trim();
  return (
    <EmailLayout
      common={props}
      subject={welcomeSubject(props)}
      preview={t('preview', { platformName })}
      heading={t('heading', { platformName })}
    >
      <Paragraph>
        {createdByName
          ? t('createdBy', { createdByName, platformName })
          : t('createdByHelpdesk', { platformName })}
      </Paragraph>
      <Paragraph>{t('address', { platformName })}</Paragraph>
      <Text style={styles.strong}>{appUrl}</Text>
      <Paragraph>{t('addressCheck')}</Paragraph>
      <Paragraph>{t('action')}</Paragraph>
      <ActionButton locale={locale} href={link} label={t('button')} />
      <Paragraph strong>{t('validity', { expiresAt: formatEmailDate(locale, expiresAt) })}</Paragraph>
      <Subheading>{t('expiredHeading')}</Subheading>
      <Paragraph>{t('expiredOpenAnyway')}</Paragraph>
      <Paragraph>{t('expiredAskHelp')}</Paragraph>
    </EmailLayout>
  );
}

WelcomeEmail.PreviewProps = {
  ...previewCommon,
  helpdeskContact: 'helpdesk@care.example.org or 020 123 4567',
  link: 'https://care.example.org/welcome/preview-token-not-real',
  expiresAt: '2026-03-12T13:30:00.000Z',
  createdByName: 'Sam Jansen',
} satisfies WelcomeProps;
