import { Link } from 'react-router';
import { useApi } from '../auth/ProjectContext';
import { Async, Empty } from '../components/Status';
import { formatShortTime } from '../lib/format';
import { useAsync } from '../lib/useAsync';

/** The project's managed prompts with their latest version and labels. */
export function PromptsPage() {
  const api = useApi();
  const state = useAsync(() => api.prompts(), [api]);
  return (
    <div className="page">
      <div className="page-head"><h1>Prompts</h1></div>
      <Async state={state} loading="Loading prompts">
        {({ items }) => items.length === 0 ? (
          <Empty>No prompts yet. Create one with <code>POST /api/prompts</code> (see docs/prompts.md).</Empty>
        ) : (
          <div className="card">
            <table className="data-table" data-testid="prompt-list">
              <thead><tr><th>Name</th><th>Type</th><th>Latest version</th><th>Labels</th><th>Updated</th></tr></thead>
              <tbody>
                {items.map((p) => (
                  <tr key={p.name} data-testid="prompt-row">
                    <td><Link to={`/prompts/${encodeURIComponent(p.name)}`}>{p.name}</Link></td>
                    <td>{p.type}</td>
                    <td>v{p.latestVersion}</td>
                    <td><LabelTags labels={p.labels} /></td>
                    <td>{formatShortTime(p.updatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Async>
    </div>
  );
}

/** Labels with the version each is on, e.g. `production v3`. */
export function LabelTags({ labels }: { labels: Record<string, number> }) {
  const entries = Object.entries(labels);
  return entries.length === 0 ? <span className="muted">none</span> : (
    <span className="tags">{entries.map(([l, v]) => <span key={l} className="tag">{l} v{v}</span>)}</span>
  );
}
