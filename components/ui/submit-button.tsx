'use client';

import { useFormStatus } from 'react-dom';

/** A submit button that says it is working and cannot be pressed twice meanwhile. */
export function SubmitButton({
  label,
  pendingLabel,
  pending: pendingOverride,
}: {
  label: string;
  pendingLabel: string;
  /** For a form that submits by script rather than a React action (useFormStatus does not see it). */
  pending?: boolean;
}) {
  const status = useFormStatus();
  const pending = pendingOverride ?? status.pending;
  return (
    <button type="submit" aria-disabled={pending} onClick={(e) => pending && e.preventDefault()}>
      {pending ? pendingLabel : label}
    </button>
  );
}
