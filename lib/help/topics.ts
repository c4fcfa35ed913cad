/**
 * The topics of the help center at /help: their URL slugs, where their text lives in the
 * `help` message namespace, and the shape of that namespace. Pure: no Next.js, no env, so
 * tests and other pages (an error that links to "/help/no-email#s2") can import it.
 */

export const helpTopics = [
  'cant-sign-in',
  'forgot-password',
  'no-email',
  'choosing-a-password',
  'deactivated',
  'client-sign-in',
  'right-platform',
  'lost-phone',
  'passkeys',
] as const;

/** URL slug of a help topic, as in /help/<slug>. */
export type HelpTopic = (typeof helpTopics)[number];

export function isHelpTopic(x: unknown): x is HelpTopic {
  return typeof x === 'string' && (helpTopics as readonly string[]).includes(x);
}

/** Slug → key under `help.topics` in the message catalogs. */
export const helpTopicKeys = {
  'cant-sign-in': 'cantSignIn',
  'forgot-password': 'forgotPassword',
  'no-email': 'noEmail',
  'choosing-a-password': 'choosingAPassword',
  deactivated: 'deactivated',
  'client-sign-in': 'clientSignIn',
  'right-platform': 'rightPlatform',
  'lost-phone': 'lostPhone',
  passkeys: 'passkeys',
} as const satisfies Record<HelpTopic, string>;

export type HelpTopicKey = (typeof helpTopicKeys)[HelpTopic];

/** Section keys under `help.topics.<key>.sections`; also the id of each section's h2. */
export const helpSections = ['s1', 's2', 's3', 's4', 's5'] as const;
export type HelpSection = (typeof helpSections)[number];

/** Link to a topic page, or straight to one of its sections. */
export function helpHref(topic: HelpTopic, section?: HelpSection): string {
  return section ? `/help/${topic}#${section}` : `/help/${topic}`;
}

/** Values for the placeholders every help string may use. */
export type HelpValues = {
  /** PLATFORM_NAME */
  platform: string;
  /** APP_URL */
  url: string;
  /** "the helpdesk (contact)" or "the helpdesk": see helpdeskPhrase. */
  helpdesk: string;
};

/**
 * The phrase for {helpdesk}: with the contact details when HELPDESK_CONTACT is set.
 * `translate` is a translator for the `help` namespace (getTranslations('help')).
 */
export type HelpdeskTranslator = (
  key: 'common.helpdeskWithContact' | 'common.helpdeskWithoutContact',
  values?: { contact: string },
) => string;

export function helpdeskPhrase(translate: HelpdeskTranslator, contact: string | undefined): string {
  return contact
    ? translate('common.helpdeskWithContact', { contact })
    : translate('common.helpdeskWithoutContact');
}

export interface HelpSectionMessages {
  heading: string;
  body: string;
}

export interface HelpTopicMessages {
  title: string;
  summary: string;
  sections: Partial<Record<HelpSection, HelpSectionMessages>>;
}

/** The `help` namespace of a message catalog (lib/i18n/messages/help/<locale>.json → .help). */
export interface HelpCatalog {
  title: string;
  intro: string;
  searchLabel: string;
  searchButton: string;
  searchNoResults: string;
  searchResultsFor: string;
  backToHelp: string;
  backToSignIn: string;
  common: Record<string, string>;
  topics: Record<HelpTopicKey, HelpTopicMessages>;
}

/** Sections a topic actually has, in order. */
export function topicSections(topic: HelpTopicMessages): HelpSection[] {
  return helpSections.filter((s) => topic.sections[s] !== undefined);
}

/** Loose runtime check for a catalog that arrives untyped (getMessages()). */
export function isHelpCatalog(x: unknown): x is HelpCatalog {
  if (!x || typeof x !== 'object') return false;
  const topics = (x as { topics?: unknown }).topics;
  if (!topics || typeof topics !== 'object') return false;
  return helpTopics.every((slug) => {
    const t = (topics as Record<string, unknown>)[helpTopicKeys[slug]];
    return (
      !!t &&
      typeof t === 'object' &&
      typeof (t as HelpTopicMessages).title === 'string' &&
      typeof (t as HelpTopicMessages).sections === 'object'
    );
  });
}
