/**
 * A labelled email input. It used to show "Did you mean …?" on blur, which moved the
 * button below it just as it was clicked (issue 16); a likely typo is now asked about by
 * the submit itself (lib/validation/email-typo-question.ts, components/email-typo-question.tsx).
 */
export function EmailInputWithHint({
  id,
  name,
  label,
  defaultValue,
}: {
  id: string;
  name: string;
  label: string;
  defaultValue?: string;
}) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input id={id} name={name} type="email" autoComplete="off" required defaultValue={defaultValue} />
    </>
  );
}
