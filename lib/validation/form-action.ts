/**
 * One way to write a server action: parse the posted form with a zod schema at the
 * boundary, hand the typed input to the handler, and answer with one state shape. The
 * helper owns `attempt`, which changes on every submit so the form announces and focuses
 * its message again even when it is the same message.
 */
import type { z } from 'zod';
import type { LinkProblemState } from '@/lib/links/link-problem';
import { fieldErrorsOf, type FieldErrors } from './field-errors';

export type FormState<F extends string = string> = {
  attempt: number;
  /** One i18n key per field that needs fixing. */
  fieldErrors?: FieldErrors<F>;
  /** What to say above the form (an i18n key, or a code the form knows): a problem, or with `ok` what was done. */
  message?: string;
  ok?: boolean;
  /** Facts the answer shows: the address typed, minutes to wait, the account made. */
  data?: Record<string, string | number>;
  /** The emailed link the form came from does not work (the page then says why). */
  linkState?: LinkProblemState;
};

/** A state without its attempt: what handlers and the invalid-input hook return. */
export type FormAnswer<F extends string = string> = Omit<FormState<F>, 'attempt'>;

export type FormActionFn<F extends string = string> = (
  previous: FormState<F>,
  formData: FormData,
) => Promise<FormState<F>>;

export function formAction<S extends z.ZodType, F extends string = string>(
  schema: S,
  /** `raw` is the form as posted, for what is echoed back as typed (never a password). */
  handler: (input: z.output<S>, raw: Record<string, FormDataEntryValue>) => Promise<FormAnswer<F>>,
  options: {
    /** Shapes the answer to input the schema refused (default: its field errors). */
    invalid?: (fieldErrors: FieldErrors<F>, raw: Record<string, FormDataEntryValue>) => FormAnswer<F>;
  } = {},
): FormActionFn<F> {
  return async (previous, posted) => {
    const attempt = (previous?.attempt ?? 0) + 1;
    const raw = Object.fromEntries(formDataOf(posted));
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const fieldErrors = fieldErrorsOf<F>(parsed.error);
      return { attempt, ...(options.invalid ? options.invalid(fieldErrors, raw) : { fieldErrors }) };
    }
    return { attempt, ...(await handler(parsed.data, raw)) };
  };
}

/**
 * The posted form, or an empty one. Our pages always post a form; a hand-made request can
 * call a server action with no argument or another value (Next decodes whatever the body
 * says), which must be refused as an unfilled form (4xx-like answer), never a TypeError (500).
 */
export function formDataOf(posted: unknown): FormData {
  return posted instanceof FormData ? posted : new FormData();
}
