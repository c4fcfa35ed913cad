/**
 * "Did you mean …?" as a question the submit answers with, never a hint that appears on
 * blur and moves the button being clicked (issue 16: the first click was lost).
 *
 * A form action wrapped with `withEmailTypoQuestion` looks at the posted `email` first: a
 * likely typo (gmial.com) is not saved but answered with the question, which the form
 * shows with two submit buttons (components/email-typo-question.tsx). Their answer
 * travels as plain form fields, so it works without JavaScript too:
 *   typoChecked = the address the question was about, typoChoice = "use" | "keep".
 * The address to save is taken from typoChecked (never from the email input, which the
 * browser may have reset or the person edited since), and the suggestion is computed again
 * on the server rather than trusted from the form.
 */
import { suggestEmailCorrection } from './email-typo';
import { normaliseEmail } from './fields';
import { formDataOf, type FormActionFn, type FormState } from './form-action';

export const TYPO_CHECKED = 'typoChecked';
export const TYPO_CHOICE = 'typoChoice';

/**
 * Applies an answer to the question, if the post carries one: sets `email` to the chosen
 * address. True when the person has answered (so nothing is asked again).
 */
export function applyTypoAnswer(formData: FormData): boolean {
  const choice = formData.get(TYPO_CHOICE);
  const checked = formData.get(TYPO_CHECKED);
  if ((choice !== 'use' && choice !== 'keep') || typeof checked !== 'string' || !checked.trim()) return false;
  formData.set('email', choice === 'keep' ? checked : (suggestEmailCorrection(checked) ?? checked));
  return true;
}

/** The question to answer with when the posted email looks like a typo, else null. */
export function typoQuestion(
  formData: FormData,
  echo: readonly string[] = [],
): Omit<FormState, 'attempt'> | null {
  const email = formData.get('email');
  if (typeof email !== 'string') return null;
  const suggestion = suggestEmailCorrection(email);
  if (!suggestion) return null;
  const data: Record<string, string> = { typoTyped: normaliseEmail(email), typoSuggestion: suggestion };
  // Without JavaScript the page is drawn anew: the other fields come back as typed.
  for (const name of echo) {
    const value = formData.get(name);
    if (typeof value === 'string') data[name] = value.slice(0, 500);
  }
  return { ok: false, data };
}

/** Wraps a form action so that a likely email typo is asked about instead of saved. */
export function withEmailTypoQuestion<F extends string>(
  action: FormActionFn<F>,
  options: { echo?: readonly string[] } = {},
): FormActionFn<F> {
  return async (previous, posted) => {
    const formData = formDataOf(posted);
    if (!applyTypoAnswer(formData)) {
      const question = typoQuestion(formData, options.echo);
      if (question) return { attempt: (previous?.attempt ?? 0) + 1, ...question };
    }
    return action(previous, formData);
  };
}
