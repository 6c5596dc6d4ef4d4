import { Link } from 'react-router';
import { useApi } from '../auth/ProjectContext';
import { anomalyTracesSearch, formatMetric, METRIC_LABELS } from '../lib/analysis';
import { formatShortTime } from '../lib/format';
import { nowMicros } from '../lib/timeRange';
import { useAsync } from '../lib/useAsync';
import { Async } from './Status';

const DAY = 24 * 3_600_000_000;

/** The anomalies of the last 24 hours, newest first, each linking to its traces. */
export function AnomalyList() {
  const api = useApi();
  const state = useAsync(() => {
    const to = nowMicros();
    return api.anomalies({ from: Math.floor(to - DAY), to: Math.ceil(to) });
  }, [api]);
  return (
    <section className="card anomalies" data-testid="anomalies">
      <h2>Anomalies in the last 24 hours</h2>
      <Async state={state} loading="Looking for anomalies">
        {(found) => found.anomalies.length === 0 ? (
          <p className="muted">None: every feature and model is within its usual range for the hour.</p>
        ) : (
          <table className="data-table">
            <thead>
              <tr><th>Hour</th><th>Feature / model</th><th>Metric</th><th>Value</th><th>Usual</th><th>Score</th><th /></tr>
            </thead>
            <tbody>
              {found.anomalies.map((a) => (
                <tr key={`${a.feature}|${a.model}|${a.metric}|${a.bucketStart}`} data-testid="anomaly">
                  <td>{formatShortTime(a.bucketStart)}</td>
                  <td>{[a.feature, a.model].filter((x) => x !== null).join(' / ') || '(no feature)'}</td>
                  <td>{METRIC_LABELS[a.metric]} {a.direction === 'up' ? '↑' : '↓'}</td>
                  <td className={a.direction === 'up' ? 'alert-value' : undefined}>{formatMetric(a.metric, a.value)}</td>
                  <td className="muted">{formatMetric(a.metric, a.baseline)}</td>
                  <td>{a.score.toFixed(1)}</td>
                  <td><Link to={`/traces?${anomalyTracesSearch(a, found.bucket)}`}>Traces</Link></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Async>
    </section>
  );
}
