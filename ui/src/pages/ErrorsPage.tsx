import { Link } from 'react-router';
import { useApi } from '../auth/ProjectContext';
import { Async, Empty } from '../components/Status';
import { TimeRangePicker } from '../components/TimeRangePicker';
import { failuresSearch } from '../lib/analysis';
import { formatCount, formatShortTime } from '../lib/format';
import { useAsync } from '../lib/useAsync';
import { useRange } from '../lib/useRange';

/**
 * Failed traces and spans of the chosen range grouped by their message with ids, numbers and values
 * made generic, most frequent first. Messages are shown as text, never interpreted.
 */
export function ErrorsPage() {
  const api = useApi();
  const { range, from, to, setRange } = useRange();
  const state = useAsync(() => api.errorPatterns({ from: Math.floor(from), to: Math.ceil(to) }), [api, from, to]);
  return (
    <div className="page">
      <div className="page-head">
        <h1>Errors</h1>
        <TimeRangePicker range={range} onChange={setRange} />
      </div>
      <Async state={state} loading="Grouping failures">
        {(found) => found.patterns.length === 0 ? (
          <Empty>No failed traces or spans in this time range.</Empty>
        ) : (
          <div className="card">
            <table className="data-table" data-testid="error-patterns">
              <thead>
                <tr><th>Pattern</th><th>Count</th><th>First seen</th><th>Last seen</th><th>Features</th><th>Example traces</th></tr>
              </thead>
              <tbody>
                {found.patterns.map((p) => (
                  <tr key={p.pattern} data-testid="error-pattern">
                    <td className="pattern" title={`Latest: ${p.example}`}>{p.pattern}</td>
                    <td>{formatCount(p.count)}</td>
                    <td>{formatShortTime(p.firstTime)}</td>
                    <td>{formatShortTime(p.lastTime)}</td>
                    <td>
                      <span className="link-list">
                        {p.features.map((f) => (
                          <Link key={f} to={`/traces?${failuresSearch(f, range)}`} title={`Failed traces of ${f}`}>{f}</Link>
                        ))}
                      </span>
                    </td>
                    <td>
                      <span className="link-list mono">
                        {p.exampleTraceIds.map((id) => <Link key={id} to={`/traces/${encodeURIComponent(id)}`}>{id.slice(0, 8)}</Link>)}
                      </span>
                    </td>
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
