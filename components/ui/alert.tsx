'use client';

import { useEffect, useId, useRef, type ReactNode } from 'react';

/**
 * A message after a failed submit. It takes focus when it appears so keyboard and
 * screen-reader users land on what went wrong (role="alert" also announces it).
 */
export function Alert({
  title,
  children,
  tone = 'error',
}: {
  title: string;
  children?: ReactNode;
  tone?: 'error' | 'info';
}) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <div
      ref={ref}
      className={`alert alert-${tone}`}
      role={tone === 'error' ? 'alert' : 'status'}
      tabIndex={-1}
      aria-labelledby={titleId}
    >
      <h2 id={titleId} className="alert-title">
        {title}
      </h2>
      {children}
    </div>
  );
}
