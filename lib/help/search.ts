/**
 * Full-text search over the help catalog of one locale. Pure and synchronous: the catalog
 * is a few kilobytes, so a linear scan per request is cheaper than any index.
 *
 * Matching ignores case and accents ("clienten" finds "cliënten"), every query word must
 * occur somewhere in the topic (title, summary, headings or bodies, after placeholders are
 * filled in), and topics whose title contains query words come first.
 */
import {
  helpTopicKeys,
  helpTopics,
  topicSections,
  type HelpCatalog,
  type HelpTopic,
  type HelpTopicMessages,
  type HelpValues,
} from './topics';

export type { HelpCatalog, HelpValues } from './topics';

export interface HelpSearchResult {
  topic: HelpTopic;
  /** The topic's title, placeholders filled in. */
  title: string;
  /** A short piece of text around the first match (from the summary or a section). */
  snippet: string;
}

/** Longer queries are cut here; nobody types a paragraph into a help search. */
export const MAX_QUERY_LENGTH = 200;
const MAX_WORDS = 8;
const SNIPPET_BEFORE = 60;
const SNIPPET_AFTER = 120;
/** A snippet shorter than this takes in the next sentence too. */
const SNIPPET_MIN = 30;

/** Fills {platform}, {url} and {helpdesk}; unknown placeholders are left as they are. */
export function fillPlaceholders(text: string, values: HelpValues): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(values, name) ? values[name as keyof HelpValues] : whole,
  );
}

interface Folded {
  /** Lower case, accents removed. */
  text: string;
  /** For each code unit of `text` (and one past its end), the index in the original string. */
  map: number[];
}

/** Case- and accent-insensitive form of a string, with a map back to the original positions. */
function fold(original: string): Folded {
  let text = '';
  const map: number[] = [];
  let index = 0;
  for (const ch of original) {
    const folded = ch
      .normalize('NFD')
      .toLowerCase()
      .replace(/\p{M}/gu, '')
      .replace(/[\u2018\u2019]/g, "'");
    for (let k = 0; k < folded.length; k++) map.push(index);
    text += folded;
    index += ch.length;
  }
  map.push(index);
  return { text, map };
}

/** The words of a query, folded; very short words (one letter) are ignored unless they are digits. */
export function queryWords(query: string): string[] {
  const words = fold(query.slice(0, MAX_QUERY_LENGTH))
    .text.split(/\s+/)
    .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter((w) => w.length >= 2 || /^\p{N}$/u.test(w));
  return [...new Set(words)].slice(0, MAX_WORDS);
}

type FieldKind = 'title' | 'summary' | 'heading' | 'body';

interface Field {
  kind: FieldKind;
  original: string;
  folded: Folded;
  /** For a heading: the body of the same section, used for the snippet. */
  body?: Field;
}

const WEIGHT: Record<FieldKind, number> = { title: 8, summary: 4, heading: 3, body: 1 };

function fieldsOf(topic: HelpTopicMessages, values: HelpValues): Field[] {
  const make = (kind: FieldKind, raw: string): Field => {
    const original = fillPlaceholders(raw, values);
    return { kind, original, folded: fold(original) };
  };
  const fields = [make('title', topic.title), make('summary', topic.summary)];
  for (const s of topicSections(topic)) {
    const section = topic.sections[s]!;
    const body = make('body', section.body);
    fields.push({ ...make('heading', section.heading), body }, body);
  }
  return fields;
}

/** Position of the word in the folded text, preferring an occurrence at the start of a word. */
function findWord(text: string, word: string): { at: number; wordStart: boolean } | null {
  let at = text.indexOf(word);
  const first = at;
  while (at !== -1) {
    if (at === 0 || !/[\p{L}\p{N}]/u.test(text[at - 1]!)) return { at, wordStart: true };
    at = text.indexOf(word, at + 1);
  }
  return first === -1 ? null : { at: first, wordStart: false };
}

/** A piece of `field` around its earliest match, cut at word boundaries, with ellipses. */
function snippetAround(field: Field, words: string[]): string {
  const { original, folded } = field;
  let best: { at: number; length: number } | null = null;
  for (const word of words) {
    const at = folded.text.indexOf(word);
    if (at !== -1 && (!best || at < best.at)) best = { at, length: word.length };
  }
  return cut(original, best ? folded.map[best.at]! : 0, best ? folded.map[best.at + best.length]! : 0);
}

/**
 * Text of `original` around [matchStart, matchEnd): from the start of the sentence with the
 * match (or a word boundary at most SNIPPET_BEFORE back) to the end of that sentence, or of
 * the next one when the first is very short (or a word boundary at most SNIPPET_AFTER on),
 * with "…" where a sentence was cut.
 */
function cut(original: string, matchStart: number, matchEnd: number): string {
  let start = Math.max(0, matchStart - SNIPPET_BEFORE);
  let clippedStart = false;
  const before = original.slice(start, matchStart);
  let sentenceStart = -1;
  for (const m of before.matchAll(/[.?!:]\s+/g)) sentenceStart = m.index + m[0].length;
  if (sentenceStart !== -1) start += sentenceStart;
  else if (start > 0) {
    clippedStart = true;
    const space = before.indexOf(' ');
    if (space !== -1) start += space + 1;
  }

  const windowEnd = Math.min(original.length, Math.max(matchEnd, start) + SNIPPET_AFTER);
  let end = windowEnd;
  let clippedEnd = false;
  const sentenceEnds = [...original.slice(matchEnd, windowEnd).matchAll(/[.?!](?=\s|$)/g)].map(
    (m) => matchEnd + m.index + 1,
  );
  if (sentenceEnds.length > 0)
    end = sentenceEnds.find((e) => e - start >= SNIPPET_MIN) ?? sentenceEnds[sentenceEnds.length - 1]!;
  else if (windowEnd < original.length) {
    clippedEnd = true;
    const space = original.lastIndexOf(' ', windowEnd);
    if (space > matchEnd) end = space;
  }
  const text = original.slice(start, end).replace(/\s+/g, ' ').trim();
  return `${clippedStart ? '…' : ''}${text}${clippedEnd ? '…' : ''}`;
}

/**
 * Topics matching every word of `query`, best first: topics with more query words in their
 * title, then by where the words occur (summary and headings count more than bodies), then
 * in catalog order. An empty query, or one with no usable words, returns [].
 */
export function searchHelp(catalog: HelpCatalog, query: string, values: HelpValues): HelpSearchResult[] {
  const words = queryWords(query);
  if (words.length === 0) return [];
  const scored: { result: HelpSearchResult; titleHits: number; score: number; order: number }[] = [];
  helpTopics.forEach((slug, order) => {
    const topic = catalog.topics[helpTopicKeys[slug]];
    if (!topic) return;
    const fields = fieldsOf(topic, values);
    let titleHits = 0;
    let score = 0;
    for (const word of words) {
      let found = false;
      for (const field of fields) {
        const hit = findWord(field.folded.text, word);
        if (!hit) continue;
        found = true;
        if (field.kind === 'title') titleHits++;
        score += WEIGHT[field.kind] * (hit.wordStart ? 2 : 1);
      }
      if (!found) return;
    }
    const title = fields[0]!.original;
    scored.push({
      result: { topic: slug, title, snippet: snippetFor(fields, words) },
      titleHits,
      score,
      order,
    });
  });
  scored.sort((a, b) => b.titleHits - a.titleHits || b.score - a.score || a.order - b.order);
  return scored.map((s) => s.result);
}

/**
 * Snippet from the summary or body with the most query words (the first of those in
 * reading order). A match only in a heading shows the start of its section's body; a
 * match only in the title shows the summary.
 */
function snippetFor(fields: Field[], words: string[]): string {
  const count = (f: Field) => words.filter((w) => f.folded.text.includes(w)).length;
  let best: { field: Field; count: number; fromStart: boolean } | null = null;
  for (const field of fields) {
    if (field.kind === 'title') continue;
    const n = count(field);
    if (n === 0 || (best && n <= best.count)) continue;
    // A heading stands for its body, shown from the start.
    best =
      field.kind === 'heading' && field.body
        ? { field: field.body, count: n, fromStart: true }
        : { field, count: n, fromStart: false };
  }
  if (best) return best.fromStart ? cut(best.field.original, 0, 0) : snippetAround(best.field, words);
  const summary = fields.find((f) => f.kind === 'summary');
  return summary ? cut(summary.original, 0, 0) : '';
}
