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
import UnblockEmail, { unblockSubject, type UnblockProps } from '@/emails/unblock';
import EmailChangedEmail, { emailChangedSubject, type EmailChangedProps } from '@/emails/email-changed';
import AccountDeactivatedEmail, {
  accountDeactivatedSubject,
  type AccountDeactivatedProps,
} from '@/emails/account-deactivated';
import PasswordChangedEmail, {
  passwordChangedSubject,
  type PasswordChangedProps,
} from '@/emails/password-changed';
import ResetPasswordEmail, { resetPasswordSubject, type ResetPasswordProps } from '@/emails/reset-password';
import WelcomeEmail, { welcomeSubject, type WelcomeProps } from '@/emails/welcome';
import TwoStepResetEmail, { twoStepResetSubject, type TwoStepResetProps } from '@/emails/two-step-reset';
import ConfirmEmailChangeEmail, {
  confirmEmailChangeSubject,
  type ConfirmEmailChangeProps,
} from '@/emails/confirm-email-change';
import PasskeyAddedEmail, { passkeyAddedSubject, type PasskeyAddedProps } from '@/emails/passkey-added';
import PasskeyRemovedEmail, {
  passkeyRemovedSubject,
  type PasskeyRemovedProps,
} from '@/emails/passkey-removed';
import EmailChangeRequestedEmail, {
  emailChangeRequestedSubject,
  type EmailChangeRequestedProps,
} from '@/emails/email-change-requested';

export type { AccountDeactivatedProps, PasswordChangedProps, ResetPasswordProps, WelcomeProps };
export type { CommonEmailProps } from '@/emails/_components/layout';
export { emailLocales, type EmailLocale, type EmailDate } from '@/emails/_components/i18n';

export type EmailMessage =
  | { template: 'welcome'; props: WelcomeProps }
  | { template: 'reset-password'; props: ResetPasswordProps }
  | { template: 'password-changed'; props: PasswordChangedProps }
  | { template: 'account-deactivated'; props: AccountDeactivatedProps }
  | { template: 'email-changed'; props: EmailChangedProps }
  | { template: 'two-step-reset'; props: TwoStepResetProps }
  | { template: 'confirm-email-change'; props: ConfirmEmailChangeProps }
  | { template: 'email-change-requested'; props: EmailChangeRequestedProps }
  | { template: 'unblock'; props: UnblockProps }
  | { template: 'passkey-added'; props: PasskeyAddedProps }
  | { template: 'passkey-removed'; props: PasskeyRemovedProps };

export type EmailTemplate = EmailMessage['template'];

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/** The subject and the React element of a message (exported for render.test.ts). */
export function build(message: EmailMessage): { subject: string; element: ReactElement } {
  switch (message.template) {
    case 'welcome':
      return { subject: welcomeSubject(message.props), element: createElement(WelcomeEmail, message.props) };
    case 'reset-password':
      return {
        subject: resetPasswordSubject(message.props),
        element: createElement(ResetPasswordEmail, message.props),
      };
    case 'password-changed':
      return {
        subject: passwordChangedSubject(message.props),
        element: createElement(PasswordChangedEmail, message.props),
      };
    case 'account-deactivated':
      return {
        subject: accountDeactivatedSubject(message.props),
        element: createElement(AccountDeactivatedEmail, message.props),
      };
    case 'unblock':
      return { subject: unblockSubject(message.props), element: createElement(UnblockEmail, message.props) };
    case 'email-changed':
      return {
        subject: emailChangedSubject(message.props),
        element: createElement(EmailChangedEmail, message.props),
      };
    case 'two-step-reset':
      return {
        subject: twoStepResetSubject(message.props),
        element: createElement(TwoStepResetEmail, message.props),
      };
    case 'confirm-email-change':
      return {
        subject: confirmEmailChangeSubject(message.props),
        element: createElement(ConfirmEmailChangeEmail, message.props),
      };
    case 'email-change-requested':
      return {
        subject: emailChangeRequestedSubject(message.props),
        element: createElement(EmailChangeRequestedEmail, message.props),
      };
    case 'passkey-added':
      return {
        subject: passkeyAddedSubject(message.props),
        element: createElement(PasskeyAddedEmail, message.props),
      };
    case 'passkey-removed':
      return {
        subject: passkeyRemovedSubject(message.props),
        element: createElement(PasskeyRemovedEmail, message.props),
      };
    default: {
      // Payloads come from the database: fail loudly on a template this code does not know.
      const unknown: never = message;
      throw new Error(`Unknown email template: ${String((unknown as { template?: unknown }).template)}`);
    }
  }
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
