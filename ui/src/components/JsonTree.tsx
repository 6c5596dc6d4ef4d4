import { useState } from 'react';
import type { Json } from '../api/types';
import { isObject } from '../lib/payload';
import { LongText } from './LongText';

const CHILD_PAGE = 100;

/** JSON pretty-printed as a tree whose objects and arrays fold; open to `openDepth` levels. */
export function JsonTree({ value, openDepth = 2 }: { value: Json; openDepth?: number }) {
  return <div className="json"><JsonValue value={value} depth={0} openDepth={openDepth} /></div>;
}

function JsonValue({ value, depth, openDepth }: { value: Json; depth: number; openDepth: number }) {
  if (Array.isArray(value) || isObject(value)) {
    return <JsonContainer value={value} depth={depth} openDepth={openDepth} />;
  }
  if (typeof value === 'string') {
    return <span className="json-string"><LongText text={JSON.stringify(value)} limit={400} className="inline-text" /></span>;
  }
  return <span className={`json-${value === null ? 'null' : typeof value}`}>{String(value)}</span>;
}

function JsonContainer({ value, depth, openDepth }: { value: Json[] | { [key: string]: Json }; depth: number; openDepth: number }) {
  const entries: [string, Json][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  const [open, setOpen] = useState(depth < openDepth);
  const [shown, setShown] = useState(CHILD_PAGE);
  const [opening, closing] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0) {
    return <span className="json-punct">{opening}{closing}</span>;
  }
  const summary = Array.isArray(value) ? `${entries.length} items` : `${entries.length} keys`;
  return (
    <span>
      <button type="button" className="json-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? '▾' : '▸'} {opening}{open ? '' : ` ${summary} ${closing}`}
      </button>
      {open ? (
        <>
          <div className="json-children">
            {entries.slice(0, shown).map(([key, child]) => (
              <div key={key} className="json-entry">
                {Array.isArray(value) ? null : <span className="json-key">{JSON.stringify(key)}: </span>}
                <JsonValue value={child} depth={depth + 1} openDepth={openDepth} />
              </div>
            ))}
            {entries.length > shown ? (
              <button type="button" className="link" onClick={() => setShown(shown + CHILD_PAGE * 10)}>
                Show {Math.min(entries.length - shown, CHILD_PAGE * 10)} more of {entries.length - shown}
              </button>
            ) : null}
          </div>
          <span className="json-punct">{closing}</span>
        </>
      ) : null}
    </span>
  );
}
