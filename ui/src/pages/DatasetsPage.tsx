import { Link } from 'react-router';
import { useApi } from '../auth/ProjectContext';
import { Async, Empty } from '../components/Status';
import { formatTime } from '../lib/format';
import { useAsync } from '../lib/useAsync';

/** The project's datasets with their counts. */
export function DatasetsPage() {
  const api = useApi();
  const state = useAsync(() => api.datasets(), [api]);
  return (
    <div className="page">
      <div className="page-head"><h1>Datasets</h1></div>
      <Async state={state} loading="Loading datasets">{({ items }) => items.length === 0
        ? <Empty>No dataset yet. Create one with <code>POST /api/datasets</code> (see docs/datasets.md).</Empty>
        : (
          <table className="table" data-testid="datasets">
            <thead><tr><th>Name</th><th>Description</th><th>Items</th><th>Archived</th><th>Runs</th><th>Evaluators</th><th>Created</th></tr></thead>
            <tbody>
              {items.map((d) => (
                <tr key={d.name} data-testid="dataset-row">
                  <td><Link to={`/datasets/${encodeURIComponent(d.name)}`}>{d.name}</Link></td>
                  <td>{d.description}</td>
                  <td>{d.items}</td>
                  <td>{d.archivedItems}</td>
                  <td>{d.runs}</td>
                  <td>{d.evaluators.map((e) => `${e.name} (${e.kind})`).join(', ')}</td>
                  <td>{formatTime(d.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Async>
    </div>
  );
}
