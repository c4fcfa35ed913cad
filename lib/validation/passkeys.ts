/** Schemas of the passkey forms on /account (rename, remove), used by their server actions. */
import { z } from 'zod';

/** Must match PASSKEY_NAME_MAX in lib/passkeys/device-name.ts (validation sits below passkeys). */
const NAME_MAX = 60;
const passkeyId = z.string().uuid('passkeys.errors.not_found');

export const renamePasskeySchema = z.object({
  passkeyId,
  name: z.string().trim().min(1, 'passkeys.errors.invalidName').max(NAME_MAX, 'passkeys.errors.invalidName'),
});

/** The password, or (from the "confirm with a passkey" button) the passkey's answer as JSON. */
export const removePasskeySchema = z
  .object({
    passkeyId,
    password: z.string().max(1024).optional(),
    passkey: z.string().max(32_768).optional(),
  })
  .refine((v) => Boolean(v.password || v.passkey), {
    message: 'validation.passwordRequired',
    path: ['password'],
  });
