'use server';

import { redirect } from 'next/navigation';
import { getCurrentUser } from '@/lib/auth/current-user';
import { actorFrom } from '@/lib/accounts/actor';
import { addClient } from '@/lib/oidc/clients/add-client';
import { updateClient } from '@/lib/oidc/clients/update-client';
import { rotateClientSecret } from '@/lib/oidc/clients/rotate-client-secret';
import { removeClient } from '@/lib/oidc/clients/remove-client';
import type { ClientFailure } from '@/lib/oidc/clients/result';
import { secondLookWithPasskey } from '@/lib/passkeys/second-look-with-passkey';
import {
  CLIENT_FORM_FIELDS,
  clientChangesFrom,
  clientFormSchema,
  clientIdSchema,
  clientInputFrom,
} from '@/lib/oidc/clients/client-form';
import { formAction, type FormAnswer } from '@/lib/validation/form-action';

const NOT_ALLOWED: FormAnswer = { ok: false, message: 'clients.errors.forbidden' };

/** What was typed, to show again beside the errors (the form is drawn anew from the answer). */
function echo(raw: Record<string, FormDataEntryValue>): Record<string, string> {
  return {
    ...Object.fromEntries(
      CLIENT_FORM_FIELDS.filter((f) => typeof raw[f] === 'string').map((f) => [
        f,
        String(raw[f]).slice(0, 30_000),
      ]),
    ),
    // Checkboxes: posted when ticked, absent when not.
    public: raw.public ? '1' : '',
    firstParty: raw.firstParty ? '1' : '',
  };
}

/** An expected failure of a client operation as the form's answer: per field when it is about a field. */
function failureAnswer(result: ClientFailure, raw: Record<string, FormDataEntryValue>): FormAnswer {
  switch (result.code) {
    case 'invalid':
      return { ok: false, fieldErrors: result.fieldErrors, data: echo(raw) };
    case 'name_taken':
      return { ok: false, fieldErrors: { name: 'clients.errors.nameTaken' }, data: echo(raw) };
    case 'not_found':
      return { ok: false, message: 'clients.errors.notFound' };
    default:
      return NOT_ALLOWED;
  }
}

const badForm = () => ({ ok: false, message: 'clients.errors.invalid' });

/** Registers an application; on success data holds its id and, for a confidential one, its secret (shown once). */
export const addClientAction = formAction(
  clientFormSchema,
  async (form, raw) => {
    const user = await getCurrentUser();
    if (!user) return NOT_ALLOWED;
    const result = await addClient({ client: clientInputFrom(form), actor: actorFrom(user) });
    if (!result.ok) return failureAnswer(result, raw);
    return {
      ok: true,
      data: { clientId: result.clientId, name: form.name.trim(), clientSecret: result.clientSecret ?? '' },
    };
  },
  { invalid: badForm },
);

/** Saves an edited registration (everything but its kind). */
export const updateClientAction = formAction(
  clientFormSchema.extend(clientIdSchema.shape),
  async (form, raw) => {
    const user = await getCurrentUser();
    if (!user) return NOT_ALLOWED;
    const result = await updateClient({
      clientId: form.clientId,
      changes: clientChangesFrom(form),
      actor: actorFrom(user),
    });
    if (!result.ok) return failureAnswer(result, raw);
    return { ok: true, message: 'clients.saved', data: echo(raw) };
  },
  { invalid: badForm },
);

/**
 * A new secret, or removing the application, locks its administrators out until they act:
 * a dangerous action, so the second look (password, code or passkey) first.
 */
async function asSecondLooked(
  raw: Record<string, FormDataEntryValue>,
  act: (user: NonNullable<Awaited<ReturnType<typeof getCurrentUser>>>) => Promise<FormAnswer>,
): Promise<FormAnswer> {
  const user = await getCurrentUser();
  if (!user) return NOT_ALLOWED;
  if (user.role !== 'application_manager') return NOT_ALLOWED;
  const asked = await secondLookWithPasskey(user, raw);
  if (asked) return asked;
  return act(user);
}

export const rotateClientSecretAction = formAction(
  clientIdSchema,
  (input, raw) =>
    asSecondLooked(raw, async (user) => {
      const result = await rotateClientSecret({ clientId: input.clientId, actor: actorFrom(user) });
      if (result.ok) return { ok: true, message: 'clients.rotated', data: { secret: result.clientSecret } };
      if (result.code === 'public_client') return { ok: false, message: 'clients.errors.publicClient' };
      return failureAnswer(result, raw);
    }),
  { invalid: (fieldErrors) => ({ ok: false, message: Object.values(fieldErrors)[0] }) },
);

/** Removes the application and goes back to the list, which says so. */
export const removeClientAction = formAction(
  clientIdSchema,
  async (input, raw) => {
    const answer = await asSecondLooked(raw, async (user) => {
      const result = await removeClient({ clientId: input.clientId, actor: actorFrom(user) });
      return result.ok ? { ok: true, data: { name: result.name } } : failureAnswer(result, raw);
    });
    if (!answer.ok || !answer.data?.name) return answer;
    redirect(`/admin/clients?removed=${encodeURIComponent(String(answer.data.name))}`);
  },
  { invalid: (fieldErrors) => ({ ok: false, message: Object.values(fieldErrors)[0] }) },
);
