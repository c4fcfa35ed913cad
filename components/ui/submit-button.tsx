'use client';

import { useFormStatus } from 'react-dom';

/** A submit button that says it is working and cannot be pressed twice meanwhile. */
export function SubmitButton({ label, pendingLabel }: { label: string; pendingLabel: string }) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" aria-disabled={pending} onClick={(e) => pending && e.preventDefault()}>
      {pending ? pendingLabel : label}
    </button>
  );
}
