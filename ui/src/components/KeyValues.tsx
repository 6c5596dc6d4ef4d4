import type { ReactNode } from 'react';
import type { Json } from '../api/types';
import { JsonTree } from './JsonTree';

/** A two-column list of facts; rows whose value is absent are left out. */
export function Facts({ rows }: { rows: [string, ReactNode | undefined | null][] }) {
  const shown = rows.filter(([, v]) => v !== undefined && v !== null && v !== '');
  if (shown.length === 0) {
    return null;
  }
  return (
    <dl className="facts">
      {shown.map(([k, v]) => (
        <div key={k} className="fact"><dt>{k}</dt><dd>{v}</dd></div>
      ))}
    </dl>
  );
}

/** Metadata or attributes: scalar values as text, nested ones as a JSON tree. */
export function KeyValues({ values }: { values?: Record<string, Json> }) {
  if (!values || Object.keys(values).length === 0) {
    return <div className="muted">None.</div>;
  }
  return (
    <Facts rows={Object.entries(values).map(([k, v]) => [k,
      typeof v === 'object' && v !== null ? <JsonTree value={v} openDepth={1} /> : <span className="mono">{String(v)}</span>])} />
  );
}

export function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <section className="section" data-testid={testId}>
      <h3>{title}</h3>
      {children}
    </section>
  );
}
