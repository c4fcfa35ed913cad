'use client';

import { useState } from 'react';

/** Copies a text to the clipboard: the one part of two-step setup that needs JavaScript (without it, the text is there to select). */
export function CopyButton({ text, label, doneLabel }: { text: string; label: string; doneLabel: string }) {
  const [done, setDone] = useState(false);
  return (
    <>
      <button
        type="button"
        className="secondary"
        onClick={() =>
          navigator.clipboard?.writeText(text).then(
            () => setDone(true),
            () => setDone(false),
          )
        }
      >
        {label}
      </button>
      <span role="status" className="hint">
        {done ? doneLabel : ''}
      </span>
    </>
  );
}
