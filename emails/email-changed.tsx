/**
 * Sent when staff correct the email address of an account: to the old address (so a
 * person whose address was changed without their knowing hears of it) and, for an active
 * account, to the new address as confirmation.
 */
import { createTranslator } from 'use-intl/core';
import { EmailLayout, Paragraph, type CommonEmailProps } from './_components/layout';
import { emailIntl, appPath } from './_components/i18n';
import { previewCommon } from './_components/preview';

export interface EmailChangedProps extends CommonEmailProps {
  /** Which side of the change this copy goes to. */
  recipient: 'old' | 'new';
  oldEmail: string;
  newEmail: string;
}

export function emailChangedSubject({
  locale,
  platformName,
}: Pick<EmailChangedProps, 'locale' | 'platformName'>): string {
  return createTranslator({ ...emailIntl(locale), namespace: 'emailChanged' })('subject', { platformName });
}

export default function EmailChangedEmail(props: EmailChangedProps) {
  const { locale, platformName, oldEmail, newEmail, recipient, appUrl } = props;
  const t = createTranslator({ ...emailIntl(locale), namespace: 'emailChanged' });
  return (
    <EmailLayout
      common={props}
      subject={emailChangedSubject(props)}
      preview={t('preview')}
      heading={t('heading')}
    >
      <Paragraph>{t('intro', { platformName, oldEmail, newEmail })}</Paragraph>
      <Paragraph>
        {recipient === 'old' ? t('toOld') : t('toNew', { signIn: appPath(appUrl, '/login') })}
      </Paragraph>
      <Paragraph>{t('notExpected')}</Paragraph>
    </EmailLayout>
  );
}

EmailChangedEmail.PreviewProps = {
  ...previewCommon,
  recipient: 'old',
  oldEmail: 'anna@gmial.com',
  newEmail: 'anna@gmail.com',
} satisfies EmailChangedProps;
