/**
 * The parts of a security notice (password changed, two-step on, a passkey added, …): a
 * sentence with its link on the next line, and the "was it not you?" section. Written once
 * so every notice tells a person what to do in the same shape.
 */
import { Link } from '@react-email/components';
import { Paragraph, Subheading, styles } from './layout';

/** A sentence, then its link as text on the next line (to copy, or to read before clicking). */
export function LinkedText({ text, href }: { text: string; href: string }) {
  return (
    <>
      {text}
      <br />
      <Link href={href} style={styles.link}>
        {href}
      </Link>
    </>
  );
}

export interface NoticeStep {
  text: string;
  /** Its link, shown on the next line. */
  href?: string;
}

/**
 * "Was it not you?": a heading, what to do, and the steps in order (one step is a
 * paragraph, several a numbered list).
 */
export function NotYou({
  heading,
  intro,
  steps = [],
}: {
  heading: string;
  intro: string;
  steps?: NoticeStep[];
}) {
  const content = (step: NoticeStep) =>
    step.href ? <LinkedText text={step.text} href={step.href} /> : step.text;
  return (
    <>
      <Subheading>{heading}</Subheading>
      <Paragraph>{intro}</Paragraph>
      {steps.length === 1 && <Paragraph>{content(steps[0]!)}</Paragraph>}
      {steps.length > 1 && (
        <ol style={styles.list}>
          {steps.map((step) => (
            <li key={step.text} style={styles.listItem}>
              {content(step)}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
