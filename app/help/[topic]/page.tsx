import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getMessages, getTranslations } from 'next-intl/server';
import { env } from '@/lib/env';
import {
  helpdeskPhrase,
  helpSections,
  helpTopicKeys,
  isHelpCatalog,
  isHelpTopic,
  topicSections,
  type HelpdeskTranslator,
  type HelpSection,
  type HelpValues,
} from '@/lib/help/topics';

type Props = { params: Promise<{ topic: string }> };

function helpValues(t: HelpdeskTranslator): HelpValues {
  return { platform: env.PLATFORM_NAME, url: env.APP_URL, helpdesk: helpdeskPhrase(t, env.HELPDESK_CONTACT) };
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { topic } = await params;
  const t = await getTranslations('help');
  if (!isHelpTopic(topic)) return { title: t('title') };
  return { title: t(`topics.${helpTopicKeys[topic]}.title`, helpValues(t)) };
}

/** One help topic. Each section's h2 has the id s1..s5, so /help/no-email#s2 opens at it. */
export default async function HelpTopicPage({ params }: Props) {
  const { topic } = await params;
  if (!isHelpTopic(topic)) notFound();
  const t = await getTranslations('help');
  const values = helpValues(t);
  const key = helpTopicKeys[topic];

  // Which sections this topic has comes from the catalog itself (2 to 5 of s1..s5).
  const catalog = (await getMessages()).help;
  const sections: HelpSection[] = isHelpCatalog(catalog)
    ? topicSections(catalog.topics[key])
    : helpSections.filter((s) => t.has(`topics.${key}.sections.${s}`));

  return (
    <main id="main" className="card">
      <h1>{t(`topics.${key}.title`, values)}</h1>
      <p>{t(`topics.${key}.summary`, values)}</p>
      {sections.map((s) => (
        <section key={s} aria-labelledby={s}>
          <h2 id={s}>{t(`topics.${key}.sections.${s}.heading`, values)}</h2>
          <p>{t(`topics.${key}.sections.${s}.body`, values)}</p>
        </section>
      ))}
      {topic === 'choosing-a-password' && (
        <p>
          <Link href="/help/passwords">{t('common.passwordTipsLink')}</Link>
        </p>
      )}
      {topic === 'right-platform' && (
        <p>
          <Link href="/help/passkeys">{t('common.passkeysLink')}</Link>
        </p>
      )}
      <div className="form-links">
        <Link href="/help">{t('backToHelp')}</Link>
        <Link href="/login">{t('backToSignIn')}</Link>
      </div>
    </main>
  );
}
