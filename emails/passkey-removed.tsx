/**
 * Sent when passkeys are removed from an account, by the person or by the helpdesk at
 * their request: a removal they did not make must not go unnoticed either.
 */
import { createTranslator } from 'use-intl/core';
import { EmailLayout, Paragraph, type CommonEmailProps } from './_components/layout';
import { appPath, emailIntl, formatEmailDate, type EmailDate } from './_components/i18n';
import { LinkedText, NotYou } from './_components/notice';
import { previewCommon } from './_components/preview';

export interface PasskeyRemovedProps extends CommonEmailProps {
  /** The names the passkeys had, as the person knew them. */
  passkeyNames: string[];
  removedAt: EmailDate;
  /** The helpdesk removed them (at the person's request), rather than the person. */
  byHelpdesk: boolean;
}

export function passkeyRemovedSubject({
  locale,
  platformName,
}: Pick<PasskeyRemovedProps, 'locale' | 'platformName'>): string {
  return createTranslator({ ...emailIntl(locale), namespace: 'passkeyRemoved' })('subject', { platformName });
}

export default function PasskeyRemovedEmail(props: PasskeyRemovedProps) {
  const { locale, platformName, appUrl, passkeyNames, removedAt, byHelpdesk } = props;
  const t = createTranslator({ ...emailIntl(locale), namespace: 'passkeyRemoved' });
  const when = formatEmailDate(locale, removedAt);
  const count = passkeyNames.length;
  const names = passkeyNames.map((name) => `“${name}”`).join(', ');
  const signInUrl = appPath(appUrl, '/login');
  return (
    <EmailLayout
      common={props}
      subject={passkeyRemovedSubject(props)}
      preview={t('preview', { count, removedAt: when })}
      heading={t('heading', { count })}
    >
      <Paragraph>
        {t(byHelpdesk ? 'introHelpdesk' : 'introSelf', { count, names, platformName, removedAt: when })}
      </Paragraph>
      <Paragraph>{t(byHelpdesk ? 'signedOutEverywhere' : 'signedOutElsewhere')}</Paragraph>
      <Paragraph>{t('onDevice', { count })}</Paragraph>
      <Paragraph>
        <LinkedText text={t('signIn')} href={signInUrl} />
      </Paragraph>
      <NotYou heading={t('notYouHeading')} intro={t(byHelpdesk ? 'notYouHelpdesk' : 'notYouSelf')} />
    </EmailLayout>
  );
}

PasskeyRemovedEmail.PreviewProps = {
  ...previewCommon,
  helpdeskContact: 'helpdesk@care.example.org',
  passkeyNames: ['iPhone'],
  removedAt: '2026-03-05T09:15:00.000Z',
  byHelpdesk: true,
} satisfies PasskeyRemovedProps;
