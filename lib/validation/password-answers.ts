/** How the choose-a-password forms answer the domain's refusals, the same on every page. */
import type { LinkProblemState } from '@/lib/links/link-problem';
import { mainProblem, type PasswordProblem } from '@/lib/password/policy';
import type { FieldErrors } from './field-errors';
import type { FormAnswer } from './form-action';

type PasswordFields = 'current' | 'password' | 'confirm';

/** The one message for a password the policy refused: its main problem. */
export function passwordRefused(problems: PasswordProblem[]): FormAnswer<PasswordFields> {
  return { fieldErrors: { password: `validation.password.${mainProblem(problems)}` } };
}

export function linkPasswordAnswer(
  refusal: { code: 'link'; linkState: LinkProblemState } | { code: 'password'; problems: PasswordProblem[] },
): FormAnswer<PasswordFields> {
  return refusal.code === 'password' ? passwordRefused(refusal.problems) : { linkState: refusal.linkState };
}

/** A form posted without its token cannot be from a link page: the link is unknown. */
export function linkPasswordInvalid(fieldErrors: FieldErrors<string>): FormAnswer<PasswordFields> {
  return fieldErrors.token ? { linkState: 'unknown' } : { fieldErrors };
}
