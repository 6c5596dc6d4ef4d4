import { useState } from 'react';

/** Untrusted text shown as text; beyond `limit` characters cut, with "Show all". */
export function LongText({ text, limit = 1500, className = 'text-block' }: { text: string; limit?: number; className?: string }) {
  const [all, setAll] = useState(false);
  const cut = !all && text.length > limit;
  return (
    <div className={className}>
      {cut ? `${text.slice(0, limit)}…` : text}
      {text.length > limit ? (
        <button type="button" className="link show-all" onClick={() => setAll(!all)}>
          {all ? 'Show less' : `Show all (${text.length.toLocaleString('en-US')} characters)`}
        </button>
      ) : null}
    </div>
  );
}
