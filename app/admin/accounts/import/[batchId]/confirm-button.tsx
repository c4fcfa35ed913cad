'use client';

import { useFormStatus } from 'react-dom';

/**
 * The preview's submit buttons (check again, create): they say the form is working and
 * cannot be pressed twice meanwhile (creating thousands of accounts takes seconds). Their
 * name and value tell the action which was pressed, with or without JavaScript.
 */
export function IntentButton({
  intent,
  label,
  pendingLabel,
  secondary,
}: {
  intent: 'check' | 'confirm';
  label: string;
  pendingLabel: string;
  secondary?: boolean;
}) {
  const { pending, data } = useFormStatus();
  const mine = pending && data?.get('intent') === intent;
  return (
    <button
      type="submit"
      name="intent"
      value={intent}
      className={secondary ? 'secondary' : undefined}
      aria-disabled={pending}
      onClick={(e) => pending && e.preventDefault()}
    >
      {mine ? pendingLabel : label}
    </button>
  );
}
