import type { InputHTMLAttributes } from 'react';
import { FieldFrame, fieldDescription } from './field-frame';

interface TextFieldProps extends InputHTMLAttributes<HTMLInputElement> {
  name: string;
  label: string;
  error?: string;
  hint?: string;
}

/** A labelled input whose error and hint are tied to it for screen readers. */
export function TextField({ name, label, error, hint, id = name, ...input }: TextFieldProps) {
  return (
    <FieldFrame id={id} label={label} error={error} hint={hint}>
      <input
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={fieldDescription(id, error, hint).describedBy}
        {...input}
      />
    </FieldFrame>
  );
}
