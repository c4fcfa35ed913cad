import type { Metadata } from 'next';
import Link from 'next/link';
import { getMessages, getTranslations } from 'next-intl/server';
import { env } from '@/lib/env';
import {
  helpdeskPhrase,
  helpHref,
  helpTopicKeys,
  helpTopics,
  isHelpCatalog,
  type HelpValues,
} from '@/lib/help/topics';
import { MAX_QUERY_LENGTH, searchHelp, type HelpSearchResult } from '@/lib/help/search';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('help');
  return { title: t('title') };
}

/** The query from ?q=: the first value, trimmed and cut to a sane length. */
function queryFrom(q: string | string[] | undefined): string {
  const first = Array.isArray(q) ? q[0] : q;
  return (first ?? '').trim().slice(0, MAX_QUERY_LENGTH);
}

/**
 * The help center: reachable without signing in. Searching is a plain GET form, so it
 * works without JavaScript and a search can be bookmarked or shared as /help?q=...
 */
export default async function HelpPage({
  searchParams,
}: {
  searchParams: Promise<{ q?: string | string[] }>;
}) {
  const query = queryFrom((await searchParams).q);
  const t = await getTranslations('help');
  const values: HelpValues = {
    platform: env.PLATFORM_NAME,
    url: env.APP_URL,
    helpdesk: helpdeskPhrase(t, env.HELPDESK_CONTACT),
  };

  let results: HelpSearchResult[] | null = null;
  if (query) {
    const catalog = (await getMessages()).help;
    results = isHelpCatalog(catalog) ? searchHelp(catalog, query, values) : [];
  }

  return (
    <main id="main" className="card">
      <h1>{t('title')}</h1>
      <p>{t('intro', values)}</p>

      <form role="search" action="/help" method="get" className="search-form">
        <div className="field">
          <label htmlFor="help-search">{t('searchLabel')}</label>
          <input
            id="help-search"
            name="q"
            type="search"
            defaultValue={query}
            maxLength={MAX_QUERY_LENGTH}
            autoComplete="off"
          />
        </div>
        <button type="submit">{t('searchButton')}</button>
      </form>

      {results && (
        <section aria-labelledby="help-results">
          <h2 id="help-results">{t('searchResultsFor', { query })}</h2>
          <p role="status">
            {results.length > 0
              ? t('common.searchResultCount', { count: results.length })
              : t('searchNoResults')}
          </p>
          {results.length > 0 && (
            <ul>
              {results.map((r) => (
                <li key={r.topic}>
                  <Link href={helpHref(r.topic)}>{r.title}</Link>
                  <p className="hint">{r.snippet}</p>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}

      <section aria-labelledby="help-topics">
        <h2 id="help-topics">{t('common.topicsHeading')}</h2>
        <ul>
          {helpTopics.map((topic) => (
            <li key={topic}>
              <Link href={helpHref(topic)}>{t(`topics.${helpTopicKeys[topic]}.title`, values)}</Link>
              <p className="hint">{t(`topics.${helpTopicKeys[topic]}.summary`, values)}</p>
            </li>
          ))}
        </ul>
      </section>

      <p>
        <Link href="/login">{t('backToSignIn')}</Link>
      </p>
    </main>
  );
}
