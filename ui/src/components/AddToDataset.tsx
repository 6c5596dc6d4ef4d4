import { useState } from 'react';
import { Link } from 'react-router';
import { useApi } from '../auth/ProjectContext';
import { useAsync } from '../lib/useAsync';
import { ErrorNotice } from './Status';

/** "Add to dataset": copies a stored span (or, without `spanId`, the trace) into a dataset the user picks. */
export function AddToDataset({ traceId, spanId }: { traceId: string; spanId?: string }) {
  const [open, setOpen] = useState(false);
  if (!open) {
    return <button type="button" onClick={() => setOpen(true)}>Add to dataset</button>;
  }
  return <AddForm traceId={traceId} spanId={spanId} onClose={() => setOpen(false)} />;
}

function AddForm({ traceId, spanId, onClose }: { traceId: string; spanId?: string; onClose: () => void }) {
  const api = useApi();
  const datasets = useAsync(() => api.datasets(), [api]);
  const [chosen, setChosen] = useState('');
  const [added, setAdded] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  if (datasets.status === 'loading') {
    return <span className="muted">Loading datasets…</span>;
  }
  if (datasets.status === 'error') {
    return <ErrorNotice error={datasets.error} />;
  }
  const names = datasets.data.items.map((d) => d.name);
  if (names.length === 0) {
    return <span className="muted">No dataset yet: create one with <code>POST /api/datasets</code>.</span>;
  }
  const target = chosen || names[0];
  const add = async () => {
    setError(null);
    try {
      await api.addFromSpan(target, traceId, spanId);
      setAdded(target);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <span className="add-to-dataset" data-testid="add-to-dataset">
      <select aria-label="Dataset" value={target} onChange={(e) => { setChosen(e.target.value); setAdded(null); }}>
        {names.map((n) => <option key={n} value={n}>{n}</option>)}
      </select>
      <button type="button" onClick={add}>Add</button>
      <button type="button" onClick={onClose}>Cancel</button>
      {added ? <span role="status">Added to <Link to={`/datasets/${encodeURIComponent(added)}`}>{added}</Link>.</span> : null}
      {error ? <ErrorNotice error={error} /> : null}
    </span>
  );
}
