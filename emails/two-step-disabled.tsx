/**
 * Sent when a person switches their own two-step verification off: whoever holds a session
 * and the password could do it, so the owner is told at once, with what to do if it was
 * not them.
 */
import { Link } from '@react-email/components';
import { createTranslator } from 'use-intl/core';
import { EmailLayout, Paragraph, Subheading, styles, type CommonEmailProps } from './_components/layout';
import { appPath, emailIntl, formatEmailDate, type EmailDate } from './_components/i18n';
import { previewCommon } from './_components/preview';

export interface TwoStepDisabledProps extends CommonEmailProps {
  disabledAt: EmailDate;
}

export function twoStepDisabledSubject({
  locale,
  platformName,
}: Pick<TwoStepDisabledProps, 'locale' | 'platformName'>): string {
  return createTranslator({ ...emailIntl(locale), namespace: 'twoStepDisabled' })('subject', {
    platformName,
  });
}

export default function TwoStepDisabledEmail(props: TwoStepDisabledProps) {
  const { locale, platformName, appUrl, disabledAt } = props;
  const t = createTranslator({ ...emailIntl(locale), namespace: 'twoStepDisabled' });
  const when = formatEmailDate(locale, disabledAt);
  const forgotUrl = appPath(appUrl, '/forgot-password');
  return (
    <EmailLayout
      common={props}
      subject={twoStepDisabledSubject(props)}
      preview={t('preview', { disabledAt: when })}
      heading={t('heading')}
    >
      <Paragraph>{t('intro', { platformName, disabledAt: when })}</Paragraph>
      <Paragraph>{t('wasYou')}</Paragraph>
      <Subheading>{t('notYouHeading')}</Subheading>
      <Paragraph>
        {t('notYou')}
        <br />
        <Link href={forgotUrl} style={styles.link}>
          {forgotUrl}
        </Link>
      </Paragraph>
    </EmailLayout>
  );
}

TwoStepDisabledEmail.PreviewProps = {
  ...previewCommon,
  helpdeskContact: 'helpdesk@care.example.org',
  disabledAt: '2026-03-05T09:15:00.000Z',
} satisfies TwoStepDisabledProps;
