import { env } from '@/lib/env';
import type { FormActionFn } from '@/lib/validation/form-action';
import { NewPasswordForm } from '@/components/new-password-form';

/** A link page's form to choose a password (welcome, reset): heading, intro and the form, with this deployment's policy. */
export function ChoosePassword(props: {
  title: string;
  intro: string;
  token: string;
  email: string;
  name: string;
  action: FormActionFn;
  texts: 'welcome' | 'resetPassword';
}) {
  return (
    <>
      <h1>{props.title}</h1>
      <p>{props.intro}</p>
      <NewPasswordForm
        token={props.token}
        email={props.email}
        name={props.name}
        platformName={env.PLATFORM_NAME}
        minLength={env.PASSWORD_MIN_LENGTH}
        action={props.action}
        texts={props.texts}
      />
    </>
  );
}
