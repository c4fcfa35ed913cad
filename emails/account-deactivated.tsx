/** Sent instead of a reset link when someone asks for a new password for a deactivated account. */
import { createTranslator } from 'use-intl/core';
import { EmailLayout, Paragraph, type CommonEmailProps } from './_components/layout';
import { emailIntl } from './_components/i18n';
import { previewCommon } from './_components/preview';

export type AccountDeactivatedProps = CommonEmailProps;

export function accountDeactivatedSubject({
  locale,
  platformName,
}: Pick<AccountDeactivatedProps, 'locale' | 'platformName'>): string {
  return createTranslator({ ...emailIntl(locale), namespace: 'accountDeactivated' })('subject', {
    platformName,
  });
}

export default function AccountDeactivatedEmail(props: AccountDeactivatedProps) {
  const { locale, platformName } = props;
  const t = createTranslator({ ...emailIntl(locale), namespace: 'accountDeactivated' });
  return (
    <EmailLayout
      common={props}
      subject={accountDeactivatedSubject(props)}
      preview={t('preview')}
      heading={t('heading')}
    >
      <Paragraph>{t('intro', { platformName })}</Paragraph>
      <Paragraph>{t('deactivated')}</Paragraph>
      <Paragraph strong>{t('dataKept')}</Paragraph>
      <Paragraph>{t('reactivate')}</Paragraph>
      <Paragraph>{t('notYou')}</Paragraph>
    </EmailLayout>
  );
}

AccountDeactivatedEmail.PreviewProps = {
  ...previewCommon,
} satisfies AccountDeactivatedProps;
