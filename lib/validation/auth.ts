import { z } from 'zod';
import { currentPasswordField, emailField } from './fields';

export const signInSchema = z.object({
  email: emailField,
  password: currentPasswordField,
});
export type SignInInput = z.infer<typeof signInSchema>;
