/**
 * The frame every email shares: language, preview line, greeting, sign-off and footer.
 * Kept to plain text, one column and no images, so it reads well in any email program,
 * with a screen reader, and as plain text.
 */
import {
  Body,
  Button,
  Container,
  Head,
  Heading,
  Hr,
  Html,
  Link,
  Preview,
  Section,
  Text,
} from '@react-email/components';
import type { CSSProperties, ReactNode } from 'react';
import { createTranslator } from 'use-intl/core';
import { emailIntl, type EmailLocale } from './i18n';

/** What every template receives. */
export interface CommonEmailProps {
  locale: EmailLocale;
  /** Shown in every email so people can tell where it comes from. */
  platformName: string;
  /** The public address of the platform, e.g. https://care.example.org. */
  appUrl: string;
  recipientName: string;
  /** How to reach the helpdesk (an email address or phone number); optional. */
  helpdeskContact?: string;
}

// Colours: body text #1f2937 and footer text #4b5563 on white, and white on the button's
// #1d4ed8, all well above the 4.5:1 contrast WCAG AA asks for.
const text = '#1f2937';
const muted = '#4b5563';
const accent = '#1d4ed8';

export const styles = {
  body: {
    backgroundColor: '#f3f4f6',
    margin: 0,
    padding: '24px 0',
    fontFamily: 'Arial, Helvetica, sans-serif',
    color: text,
  },
  container: {
    backgroundColor: '#ffffff',
    maxWidth: '560px',
    margin: '0 auto',
    padding: '32px 28px',
    borderRadius: '8px',
  },
  heading: { fontSize: '24px', lineHeight: '32px', fontWeight: 700, margin: '0 0 24px', color: text },
  subheading: { fontSize: '18px', lineHeight: '26px', fontWeight: 700, margin: '28px 0 8px', color: text },
  paragraph: { fontSize: '16px', lineHeight: '24px', margin: '0 0 16px', color: text },
  strong: { fontSize: '16px', lineHeight: '24px', margin: '0 0 16px', color: text, fontWeight: 700 },
  button: {
    backgroundColor: accent,
    color: '#ffffff',
    fontSize: '16px',
    fontWeight: 700,
    lineHeight: '24px',
    textDecoration: 'none',
    borderRadius: '6px',
    padding: '12px 24px',
    display: 'inline-block',
  },
  buttonSection: { margin: '8px 0 24px' },
  link: { color: accent, textDecoration: 'underline', wordBreak: 'break-all' },
  list: { margin: '0 0 16px', paddingLeft: '24px' },
  listItem: { fontSize: '16px', lineHeight: '24px', margin: '0 0 12px', color: text },
  small: { fontSize: '14px', lineHeight: '22px', margin: '0 0 12px', color: muted },
  hr: { borderColor: '#d1d5db', margin: '32px 0 20px' },
  footer: { fontSize: '14px', lineHeight: '22px', margin: '0 0 8px', color: muted },
} satisfies Record<string, CSSProperties>;

export function Paragraph({ children, strong = false }: { children: ReactNode; strong?: boolean }) {
  return <Text style={strong ? styles.strong : styles.paragraph}>{children}</Text>;
}

export function Subheading({ children }: { children: ReactNode }) {
  return (
    <Heading as="h2" style={styles.subheading}>
      {children}
    </Heading>
  );
}

/** The one action of an email, followed by the same link as text to copy and paste. */
export function ActionButton({ locale, href, label }: { locale: EmailLocale; href: string; label: string }) {
  const t = createTranslator({ ...emailIntl(locale), namespace: 'common' });
  return (
    <>
      <Section style={styles.buttonSection}>
        <Button href={href} style={styles.button}>
          {label}
        </Button>
      </Section>
      <Text style={styles.small}>{t('plainLinkLabel')}</Text>
      <Text style={styles.small}>
        <Link href={href} style={styles.link}>
          {href}
        </Link>
      </Text>
      <Text style={styles.small}>{t('personalLink')}</Text>
    </>
  );
}

export function EmailLayout({
  common,
  subject,
  preview,
  heading,
  children,
}: {
  common: CommonEmailProps;
  subject: string;
  preview: string;
  heading: string;
  children: ReactNode;
}) {
  const { locale, platformName, appUrl, recipientName, helpdeskContact } = common;
  const t = createTranslator({ ...emailIntl(locale), namespace: 'common' });
  const name = recipientName.trim();
  return (
    <Html lang={locale} dir="ltr">
      <Head>
        <title>{subject}</title>
      </Head>
      <Preview>{preview}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Heading as="h1" style={styles.heading}>
            {heading}
          </Heading>
          <Paragraph>{name ? t('greeting', { recipientName: name }) : t('greetingNoName')}</Paragraph>
          {children}
          <Text style={{ ...styles.paragraph, margin: '24px 0 0' }}>{t('signOff')}</Text>
          <Text style={styles.paragraph}>{t('signature', { platformName })}</Text>
          <Hr style={styles.hr} />
          <Text style={styles.footer}>{t('footerPlatform', { platformName, appUrl })}</Text>
          <Text style={styles.footer}>
            {helpdeskContact?.trim()
              ? t('footerHelpWithContact', { helpdeskContact: helpdeskContact.trim() })
              : t('footerHelpWithoutContact', { platformName })}
          </Text>
          <Text style={styles.footer}>{t('footerReason', { platformName })}</Text>
        </Container>
      </Body>
    </Html>
  );
}
