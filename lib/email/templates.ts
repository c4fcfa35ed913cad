/**
 * Every email the product sends, by name: the one list a new template is added to.
 *
 * To add an email: write `emails/<name>.tsx` (a default-exported react-email component taking
 * `CommonEmailProps` and its own props, a `<name>Subject(props)` function, and
 * `PreviewProps` with realistic values: a full link, a real-looking name and date), put its
 * texts in one block of `emails/messages/{en,nl}.json`, and add one line below. That is all:
 * the renderer, the outbox payload type (`EmailMessage`) and every test that goes over all
 * emails read this list, in every language of `emailLocales` (rendering and placeholders in
 * render.test.ts; the SpamAssassin score, the DKIM signature and the headers in
 * lib/email/*.int.test.ts). Where one template reads differently by its props (who receives
 * it, with or without a link), list the other cases in `moreExamples` so they are checked too.
 *
 * Free of `server-only` and of anything Next-specific, like render.ts, which uses it.
 */
import type { ReactElement } from 'react';
import type { CommonEmailProps } from '@/emails/_components/layout';
import { emailLocales, type EmailLocale } from '@/emails/_components/i18n';
import AccountDeactivatedEmail, { accountDeactivatedSubject } from '@/emails/account-deactivated';
import ConfirmEmailChangeEmail, { confirmEmailChangeSubject } from '@/emails/confirm-email-change';
import EmailChangeRequestedEmail, { emailChangeRequestedSubject } from '@/emails/email-change-requested';
import EmailChangedEmail, { emailChangedSubject } from '@/emails/email-changed';
import NewSignInEmail, { newSignInSubject } from '@/emails/new-sign-in';
import PasskeyAddedEmail, { passkeyAddedSubject } from '@/emails/passkey-added';
import PasskeyRemovedEmail, { passkeyRemovedSubject } from '@/emails/passkey-removed';
import PasswordChangedEmail, { passwordChangedSubject } from '@/emails/password-changed';
import RecoveryCodesRenewedEmail, { recoveryCodesRenewedSubject } from '@/emails/recovery-codes-renewed';
import ResetPasswordEmail, { resetPasswordSubject } from '@/emails/reset-password';
import TwoStepEnabledEmail, { twoStepEnabledSubject } from '@/emails/two-step-enabled';
import TwoStepDisabledEmail, { twoStepDisabledSubject } from '@/emails/two-step-disabled';
import TwoStepResetEmail, { twoStepResetSubject } from '@/emails/two-step-reset';
import UnblockEmail, { unblockSubject } from '@/emails/unblock';
import WelcomeEmail, { welcomeSubject } from '@/emails/welcome';

export interface EmailTemplateDefinition<P extends CommonEmailProps> {
  /** The react-email component. Its `PreviewProps` are the example every all-templates test sends. */
  component: ((props: P) => ReactElement) & { PreviewProps: NoInfer<P> };
  /** The subject line, from the platform name only (never a link: subjects are stored and logged). */
  subject: (props: NoInfer<P>) => string;
  /** Further cases beyond PreviewProps where the email reads differently (checked by the same tests). */
  moreExamples?: readonly NoInfer<P>[];
}

function template<P extends CommonEmailProps>(definition: EmailTemplateDefinition<P>) {
  return definition;
}

export const emailTemplates = {
  welcome: template({ component: WelcomeEmail, subject: welcomeSubject }),
  'reset-password': template({ component: ResetPasswordEmail, subject: resetPasswordSubject }),
  'password-changed': template({ component: PasswordChangedEmail, subject: passwordChangedSubject }),
  'account-deactivated': template({ component: AccountDeactivatedEmail, subject: accountDeactivatedSubject }),
  'email-changed': template({
    component: EmailChangedEmail,
    subject: emailChangedSubject,
    moreExamples: [{ ...EmailChangedEmail.PreviewProps, recipient: 'new' }],
  }),
  'two-step-enabled': template({ component: TwoStepEnabledEmail, subject: twoStepEnabledSubject }),
  'two-step-disabled': template({ component: TwoStepDisabledEmail, subject: twoStepDisabledSubject }),
  'two-step-reset': template({ component: TwoStepResetEmail, subject: twoStepResetSubject }),
  'recovery-codes-renewed': template({
    component: RecoveryCodesRenewedEmail,
    subject: recoveryCodesRenewedSubject,
  }),
  'confirm-email-change': template({
    component: ConfirmEmailChangeEmail,
    subject: confirmEmailChangeSubject,
  }),
  'email-change-requested': template({
    component: EmailChangeRequestedEmail,
    subject: emailChangeRequestedSubject,
  }),
  unblock: template({ component: UnblockEmail, subject: unblockSubject }),
  'new-sign-in': template({
    component: NewSignInEmail,
    subject: newSignInSubject,
    moreExamples: [{ ...NewSignInEmail.PreviewProps, browser: null, os: null, network: null }],
  }),
  'passkey-added': template({ component: PasskeyAddedEmail, subject: passkeyAddedSubject }),
  'passkey-removed': template({
    component: PasskeyRemovedEmail,
    subject: passkeyRemovedSubject,
    moreExamples: [
      { ...PasskeyRemovedEmail.PreviewProps, byHelpdesk: false },
      { ...PasskeyRemovedEmail.PreviewProps, passkeyNames: ['iPhone', 'Work laptop'] },
    ],
  }),
};

export type EmailTemplate = keyof typeof emailTemplates;

/** The props a template's component takes. */
export type EmailTemplateProps<T extends EmailTemplate> = Parameters<
  (typeof emailTemplates)[T]['component']
>[0];

/** A queued email: which template, with what props (stored sealed in the outbox as JSON). */
export type EmailMessage = {
  [T in EmailTemplate]: { template: T; props: EmailTemplateProps<T> };
}[EmailTemplate];

export const emailTemplateNames = Object.keys(emailTemplates) as EmailTemplate[];

/** The definition of a template name read from the database, or undefined for a name this code does not know. */
export function emailTemplateDefinition(name: string): EmailTemplateDefinition<CommonEmailProps> | undefined {
  if (!Object.hasOwn(emailTemplates, name)) return undefined;
  return emailTemplates[name as EmailTemplate] as unknown as EmailTemplateDefinition<CommonEmailProps>;
}

export interface EmailExample {
  /** "welcome (en)", "email-changed #2 (nl)": how tests name the case. */
  name: string;
  message: EmailMessage;
}

/**
 * Every template's examples (PreviewProps, then moreExamples) in every email language: what
 * the tests that must cover every email the product sends iterate over.
 */
export function emailExamples(locales: readonly EmailLocale[] = emailLocales): EmailExample[] {
  return locales.flatMap((locale) =>
    emailTemplateNames.flatMap((name) => {
      const definition = emailTemplateDefinition(name)!;
      const cases = [definition.component.PreviewProps, ...(definition.moreExamples ?? [])];
      return cases.map((props, i) => ({
        name: `${name}${i === 0 ? '' : ` #${i + 1}`} (${locale})`,
        message: { template: name, props: { ...props, locale } } as EmailMessage,
      }));
    }),
  );
}
