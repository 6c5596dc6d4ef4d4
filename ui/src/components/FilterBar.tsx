import { useState, type FormEvent } from 'react';
import { FIELD_FILTERS, SORTS, activeFilterCount, type FieldFilter, type KeyValue, type TraceFilters } from '../lib/filters';
import { TimeRangePicker } from './TimeRangePicker';

const LABELS: Record<FieldFilter, { label: string; placeholder?: string }> = {
  feature: { label: 'Feature' },
  name: { label: 'Name' },
  status: { label: 'Status' },
  userId: { label: 'User id' },
  sessionId: { label: 'Session id' },
  organizationId: { label: 'Organization id' },
  environment: { label: 'Environment', placeholder: 'e.g. production' },
  release: { label: 'Release' },
  tag: { label: 'Tag' },
  model: { label: 'Model', placeholder: 'e.g. gpt-4o-mini' },
  referenceId: { label: 'Reference id' },
  minDuration: { label: 'Min duration', placeholder: 'e.g. 2s, 250ms' },
  maxDuration: { label: 'Max duration', placeholder: 'e.g. 10s' },
  minCost: { label: 'Min cost (USD)', placeholder: 'e.g. 0.01' },
  hasError: { label: 'Errors' },
  scoreName: { label: 'Score name', placeholder: 'e.g. helpfulness' },
  minScore: { label: 'Min score', placeholder: 'needs a score name' },
  maxScore: { label: 'Max score', placeholder: 'needs a score name' },
};

const CHOICES: Partial<Record<FieldFilter, [string, string][]>> = {
  status: [['', 'Any'], ...['success', 'failure', 'aborted', 'cancelled', 'pending', 'unknown'].map((s): [string, string] => [s, s])],
  hasError: [['', 'Any'], ['true', 'With errors'], ['false', 'Without errors']],
};

const SORT_LABELS: Record<(typeof SORTS)[number], string> = {
  startTime: 'Start time', duration: 'Duration', cost: 'Cost', totalTokens: 'Tokens', score: 'Score',
};

/** Every filter of `/api/traces`: search, time range and sort always shown, the rest in a panel. */
export function FilterBar({ filters, onChange }: { filters: TraceFilters; onChange(filters: TraceFilters): void }) {
  const [draft, setDraft] = useState(filters);
  const [open, setOpen] = useState(activeFilterCount(filters) > (filters.q ? 1 : 0));
  const apply = (next: TraceFilters) => {
    setDraft(next);
    onChange(next);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    apply(draft);
  };
  const setField = (name: FieldFilter, value: string) => {
    const fields = { ...draft.fields, [name]: value };
    if (!value) {
      delete fields[name];
    }
    return { ...draft, fields };
  };
  const count = activeFilterCount(filters);

  return (
    <form className="filter-bar" onSubmit={submit} role="search">
      <div className="filter-main">
        <input type="search" className="search" aria-label="Search inputs and outputs" placeholder="Search inputs and outputs…"
          value={draft.q} onChange={(e) => setDraft({ ...draft, q: e.target.value })} />
        <TimeRangePicker range={filters.range} onChange={(range) => apply({ ...draft, range })} />
        <select aria-label="Sort by" value={filters.sort}
          onChange={(e) => apply({ ...draft, sort: e.target.value as TraceFilters['sort'] })}>
          {SORTS.filter((s) => s !== 'score' || filters.fields.scoreName).map((s) => (
            <option key={s} value={s}>Sort: {s === 'score' ? `Score ${filters.fields.scoreName}` : SORT_LABELS[s]}</option>
          ))}
        </select>
        <button type="button" aria-label="Sort order" title="Sort order"
          onClick={() => apply({ ...draft, order: filters.order === 'desc' ? 'asc' : 'desc' })}>
          {filters.order === 'desc' ? '↓ desc' : '↑ asc'}
        </button>
        <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
          Filters{count > 0 ? ` (${count})` : ''}
        </button>
        <button type="submit" className="primary">Apply</button>
        {count > 0 ? (
          <button type="button" className="link" onClick={() => apply({ ...filters, q: '', fields: {}, attributes: [], metadata: [] })}>
            Clear
          </button>
        ) : null}
      </div>
      {open ? (
        <div className="filter-panel">
          {FIELD_FILTERS.map((name) => (
            <label key={name} className="filter-field">
              <span>{LABELS[name].label}</span>
              {CHOICES[name] ? (
                <select name={name} value={draft.fields[name] ?? ''} onChange={(e) => setDraft(setField(name, e.target.value))}>
                  {CHOICES[name]!.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
                </select>
              ) : (
                <input name={name} value={draft.fields[name] ?? ''} placeholder={LABELS[name].placeholder}
                  onChange={(e) => setDraft(setField(name, e.target.value))} />
              )}
            </label>
          ))}
          <PairsEditor title="Attributes" prefix="attr" pairs={draft.attributes}
            onChange={(attributes) => setDraft({ ...draft, attributes })} />
          <PairsEditor title="Metadata" prefix="meta" pairs={draft.metadata}
            onChange={(metadata) => setDraft({ ...draft, metadata })} />
        </div>
      ) : null}
    </form>
  );
}

/** `attr.KEY=VALUE` or `meta.KEY=VALUE` filters: rows of key and value. */
function PairsEditor({ title, prefix, pairs, onChange }: {
  title: string; prefix: string; pairs: KeyValue[]; onChange(pairs: KeyValue[]): void;
}) {
  const update = (i: number, pair: KeyValue) => onChange(pairs.map((p, j) => (j === i ? pair : p)));
  return (
    <fieldset className="pairs">
      <legend>{title} equal to</legend>
      {pairs.map((pair, i) => (
        <div key={i} className="pair">
          <input aria-label={`${title} key`} placeholder="key" value={pair.key} onChange={(e) => update(i, { ...pair, key: e.target.value })} />
          <span>=</span>
          <input aria-label={`${title} value`} placeholder="value" value={pair.value} onChange={(e) => update(i, { ...pair, value: e.target.value })} />
          <button type="button" className="link" aria-label="Remove" onClick={() => onChange(pairs.filter((_, j) => j !== i))}>×</button>
        </div>
      ))}
      <button type="button" className="link" onClick={() => onChange([...pairs, { key: '', value: '' }])}>+ {prefix}.key = value</button>
    </fieldset>
  );
}
