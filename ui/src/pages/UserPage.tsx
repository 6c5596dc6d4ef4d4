import { useMemo } from 'react';
import { Link, useParams } from 'react-router';
import { useApi } from '../auth/ProjectContext';
import { Facts } from '../components/KeyValues';
import { Async } from '../components/Status';
import { TimeRangePicker } from '../components/TimeRangePicker';
import { TraceTable } from '../components/TraceTable';
import { formatCost, formatCount, formatDuration, formatTokens } from '../lib/format';
import { summary, wholeRangeBucket } from '../lib/metrics';
import { useAsync } from '../lib/useAsync';
import { useRange } from '../lib/useRange';

/** One user: their totals over the range and their traces. */
export function UserPage() {
  const { userId = '' } = useParams();
  const api = useApi();
  const { range, from, to, setRange } = useRange();
  const totals = useAsync(async () => {
    const [metrics, latest] = await Promise.all([
      api.metrics({ from, to, bucket: wholeRangeBucket(to), userId }),
      api.traces({ userId, limit: 1 }),
    ]);
    return { ...summary(metrics.points), user: latest.items[0]?.user };
  }, [api, userId, from, to]);
  const query = useMemo(() => new URLSearchParams({ userId, from: String(from), to: String(to) }), [userId, from, to]);
  return (
    <div className="page page-fill">
      <div className="page-head">
        <Link to="/users" className="muted">← Users</Link>
        <h1>User <span className="mono">{userId}</span></h1>
        <TimeRangePicker range={range} onChange={setRange} />
      </div>
      <Async state={totals} loading="Loading totals">
        {(t) => (
          <Facts rows={[
            ['Name', t.user?.name],
            ['Email', t.user?.email],
            ['Traces', formatCount(t.count)],
            ['Errors', formatCount(t.errors)],
            ['Total tokens', formatTokens(t.totalTokens)],
            ['Total cost', formatCost(t.cost)],
            ['Latency p50 / p95', `${formatDuration(t.p50)} / ${formatDuration(t.p95)}`],
          ]} />
        )}
      </Async>
      <TraceTable query={query} empty="This user has no traces in this time range." />
    </div>
  );
}
