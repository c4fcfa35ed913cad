/**
 * Sent when someone signs in from a browser this account has not used before
 * (lib/auth/notice-new-browser.ts): which browser, when and from roughly which network,
 * and one button for "this was not me" that signs everyone out and leads to a new password.
 */
import { createTranslator } from 'use-intl/core';
import {
  ActionButton,
  EmailLayout,
  Paragraph,
  Subheading,
  type CommonEmailProps,
} from './_components/layout';
import { emailIntl, formatEmailDate, type EmailDate } from './_components/i18n';
import { previewCommon } from './_components/preview';

export interface NewSignInProps extends CommonEmailProps {
  /** "Firefox 133"; null when the browser did not say. */
  browser: string | null;
  /** "Windows 10"; null when unknown. */
  os: string | null;
  /** The network, shortened ("203.0.113.x"): a hint at the place, never the full address. */
  network: string | null;
  signedInAt: EmailDate;
  /** The "this was not me" link (secure_account). */
  link: string;
  expiresAt: EmailDate;
}

export function newSignInSubject({
  locale,
  platformName,
}: Pick<NewSignInProps, 'locale' | 'platformName'>): string {
  return createTranslator({ ...emailIntl(locale), namespace: 'newSignIn' })('subject', { platformName });
}

export default function NewSignInEmail(props: NewSignInProps) {
  const { locale, platformName, browser, os, network, signedInAt, link, expiresAt } = props;
  const t = createTranslator({ ...emailIntl(locale), namespace: 'newSignIn' });
  const when = formatEmailDate(locale, signedInAt);
  const unknown = t('unknown');
  return (
    <EmailLayout
      common={props}
      subject={newSignInSubject(props)}
      preview={t('preview', { signedInAt: when })}
      heading={t('heading')}
    >
      <Paragraph>{t('intro', { platformName })}</Paragraph>
      <Paragraph>
        {t('browser', { browser: browser ?? unknown, os: os ?? unknown })}
        <br />
        {t('time', { signedInAt: when })}
        <br />
        {t('network', { network: network ?? unknown })}
      </Paragraph>
      <Paragraph>{t('wasYou')}</Paragraph>
      <Subheading>{t('notYouHeading')}</Subheading>
      <Paragraph>{t('notYouIntro')}</Paragraph>
      <ActionButton locale={locale} href={link} label={t('button')} />
      <Paragraph>{t('validity', { expiresAt: formatEmailDate(locale, expiresAt) })}</Paragraph>
    </EmailLayout>
  );
}

NewSignInEmail.PreviewProps = {
  ...previewCommon,
  helpdeskContact: 'helpdesk@care.example.org',
  browser: 'Firefox 133',
  os: 'Windows 10',
  network: '203.0.113.x',
  signedInAt: '2026-03-05T21:40:00.000Z',
  link: 'https://care.example.org/secure-account?token=preview',
  expiresAt: '2026-03-12T21:40:00.000Z',
} satisfies NewSignInProps;
