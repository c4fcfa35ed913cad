/**
 * Turns a queued email message into subject, HTML and plain text.
 *
 * Used by the delivery worker, tests and the CLI, so it stays free of `server-only` and of
 * anything Next-specific. Messages usually arrive from JSON (the outbox payload), so dates
 * may be ISO strings; the templates accept both.
 *
 * Subjects are built from the platform name only: never from a link or anything else that
 * would be secret, because subjects are stored and shown in logs and mail overviews.
 */
import { plainTextSelectors, render } from '@react-email/components';
import { compile } from 'html-to-text';
import { createElement, type ReactElement } from 'react';
import { emailTemplateDefinition, type EmailMessage } from './templates';

export type { EmailMessage, EmailTemplate, EmailTemplateProps } from './templates';

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/** The subject and the React element of a message (exported for render.test.ts). */
export function build(message: EmailMessage): { subject: string; element: ReactElement } {
  // Payloads come from the database: fail loudly on a template this code does not know.
  const definition = emailTemplateDefinition(message.template);
  if (!definition) throw new Error(`Unknown email template: ${String(message.template)}`);
  return {
    subject: definition.subject(message.props),
    element: createElement(definition.component, message.props),
  };
}

/**
 * The plain-text part, made from the rendered HTML: what `render(element, { plainText: true })`
 * does (react-email's selectors, no word wrap), but with the converter compiled once instead
 * of per email and without rendering the element a second time. Headings keep their case
 * (html-to-text shouts them by default). render.test.ts checks the two give the same text.
 */
const toText = compile({
  wordwrap: false,
  selectors: [
    ...plainTextSelectors,
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
  ],
});

export async function renderEmail(message: EmailMessage): Promise<RenderedEmail> {
  const { subject, element } = build(message);
  const html = await render(element);
  return { subject, html, text: toText(html) };
}
