/** The policy on the server, with one estimator per process (its dictionaries load once). */
import 'server-only';
import { env } from '@/lib/env';
import { createEstimator } from './zxcvbn-options';
import { evaluatePassword, type PasswordProblem } from './policy';

let estimator: ReturnType<typeof createEstimator> | undefined;

export function passwordPolicyOptions() {
  return { minLength: env.PASSWORD_MIN_LENGTH };
}

/** Problems of a new password for this person; empty when it is accepted. */
export function checkNewPassword(
  password: string,
  person: { email: string; name?: string },
): PasswordProblem[] {
  estimator ??= createEstimator('en');
  return evaluatePassword(
    estimator,
    password,
    { ...person, platformName: env.PLATFORM_NAME },
    passwordPolicyOptions(),
  ).problems;
}
