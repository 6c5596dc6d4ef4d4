import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import type { DatasetItem } from '../api/types';
import { useApi } from '../auth/ProjectContext';
import { Async, Empty, ErrorNotice } from '../components/Status';
import { ExperimentsView } from '../components/ExperimentsView';
import { jsonText } from '../lib/experiments';
import { formatTime } from '../lib/format';
import { useAsync } from '../lib/useAsync';

/** One dataset: its items (with an archive toggle) or, on the Experiments tab, its runs compared. */
export function DatasetPage() {
  const { name = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const tab = search.get('tab') === 'experiments' ? 'experiments' : 'items';
  const api = useApi();
  const dataset = useAsync(() => api.dataset(name), [api, name]);
  return (
    <div className="page">
      <div className="page-head">
        <Link to="/datasets" className="muted">← Datasets</Link>
        <h1>{name}</h1>
        {dataset.status === 'done' && dataset.data.description ? <span className="muted">{dataset.data.description}</span> : null}
      </div>
      <div className="tabs">
        <button type="button" aria-pressed={tab === 'items'} onClick={() => setSearch({})}>Items</button>
        <button type="button" aria-pressed={tab === 'experiments'} onClick={() => setSearch({ tab: 'experiments' })}>Experiments</button>
      </div>
      <Async state={dataset} loading="Loading the dataset">{(d) => tab === 'items'
        ? <Items name={d.name} />
        : <ExperimentsView name={d.name} evaluators={d.evaluators.map((e) => e.name)} />}
      </Async>
    </div>
  );
}

function Items({ name }: { name: string }) {
  const api = useApi();
  const [showArchived, setShowArchived] = useState(false);
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const [changed, setChanged] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const page = useAsync(() => api.datasetItems(name, { archived: showArchived ? 'all' : 'false', limit: 100, cursor }),
    [api, name, showArchived, cursor, changed]);
  const toggle = async (item: DatasetItem) => {
    setError(null);
    try {
      await api.archiveItem(name, item.id, !item.archived);
      setChanged((n) => n + 1);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <>
      <label className="muted"><input type="checkbox" checked={showArchived}
        onChange={(e) => { setShowArchived(e.target.checked); setCursor(undefined); }} /> Show archived items</label>
      {error ? <ErrorNotice error={error} /> : null}
      <Async state={page} loading="Loading items">{({ items, nextCursor }) => items.length === 0 ? <Empty>No items.</Empty> : (
        <>
          <table className="table" data-testid="dataset-items">
            <thead><tr><th>Input</th><th>Expected output</th><th>Source</th><th>Added</th><th /></tr></thead>
            <tbody>
              {items.map((i) => (
                <tr key={i.id} data-testid="dataset-item" className={i.archived ? 'archived' : undefined}>
                  <td className="clip">{jsonText(i.input)}</td>
                  <td className="clip">{jsonText(i.expectedOutput)}</td>
                  <td>{i.sourceTraceId
                    ? <Link to={`/traces/${i.sourceTraceId}${i.sourceSpanId ? `?span=${i.sourceSpanId}` : ''}`}>trace</Link> : null}</td>
                  <td>{formatTime(i.createdAt)}</td>
                  <td><button type="button" onClick={() => toggle(i)}>{i.archived ? 'Restore' : 'Archive'}</button></td>
                </tr>
              ))}
            </tbody>
          </table>
          {nextCursor ? <button type="button" onClick={() => setCursor(nextCursor)}>Next page</button> : null}
        </>
      )}
      </Async>
    </>
  );
}
