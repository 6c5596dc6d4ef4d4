import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useApi } from '../auth/ProjectContext';
import { AnomalyList } from '../components/AnomalyList';
import { RankingChart, TimeSeriesChart } from '../components/Charts';
import { ScoreCharts } from '../components/ScoreCharts';
import { Async, Empty } from '../components/Status';
import { TimeRangePicker } from '../components/TimeRangePicker';
import { COST, COUNT, DURATION, TOKEN_COUNT } from '../lib/axis';
import { formatCost, formatCount, formatDuration, formatTokens } from '../lib/format';
import { download } from '../lib/download';
import { fillSeries, percent, rank, summary, wholeRangeBucket, type SeriesRow } from '../lib/metrics';
import { bucketFor, rangeToSearch } from '../lib/timeRange';
import { useAsync } from '../lib/useAsync';
import { useRange } from '../lib/useRange';

/**
 * Traces, errors, success rate, latency, time to first token (of spans), tokens and cost over the
 * chosen range, the anomalies of the last 24 hours, the top features and models, the scores, and the
 * series as a CSV download.
 */
export function OverviewPage() {
  const api = useApi();
  const navigate = useNavigate();
  const { range, from, to, setRange } = useRange();
  const bucket = bucketFor(to - from);
  const state = useAsync(async () => {
    const whole = wholeRangeBucket(to);
    const [series, totals, spanTotals, features, models] = await Promise.all([
      api.metrics({ from, to, bucket: bucket.param }),
      api.metrics({ from, to, bucket: whole }),
      api.metrics({ from, to, bucket: whole, entity: 'spans' }),
      api.metrics({ from, to, bucket: whole, groupBy: 'feature' }),
      api.metrics({ from, to, bucket: whole, groupBy: 'model', entity: 'spans' }),
    ]);
    return {
      series: fillSeries(series.points, from, to, bucket.micros),
      totals: summary(totals.points),
      ttftP95: spanTotals.points[0]?.ttftP95 ?? null,
      features: features.points,
      models: models.points,
    };
  }, [api, from, to]);
  const [csvError, setCsvError] = useState<string | null>(null);
  const downloadCsv = async () => {
    try {
      download(await api.metricsCsv({ from, to, bucket: bucket.param }), 'sightline-metrics.csv');
      setCsvError(null);
    } catch (error) {
      setCsvError(error instanceof Error ? error.message : String(error));
    }
  };

  const openTraces = (filter: 'feature' | 'model') => (group: string) => {
    const search = new URLSearchParams({ [filter]: group });
    rangeToSearch(range, search);
    navigate(`/traces?${search}`);
  };

  return (
    <div className="page">
      <div className="page-head">
        <h1>Overview</h1>
        <TimeRangePicker range={range} onChange={setRange} />
        <button type="button" data-testid="metrics-csv" onClick={() => void downloadCsv()}
          title="The traces of each bucket of this range as CSV: counts, successes, latency, tokens and cost">Download CSV</button>
        {csvError && <span role="alert" className="muted small">{csvError}</span>}
      </div>
      <Async state={state} loading="Loading metrics">
        {(m) => m.totals.count === 0 ? (
          <Empty>No traces in this time range. Send some with the SDK or <code>POST /api/ingest</code>, or pick a longer range.</Empty>
        ) : (
          <>
            <div className="stat-cards">
              <Stat label="Traces" value={formatCount(m.totals.count)} />
              <Stat label="Errors" value={`${formatCount(m.totals.errors)} (${percent(m.totals.errors, m.totals.count)})`}
                alert={m.totals.errors > 0} />
              <Stat label="Success rate" testId="stat-success-rate" value={percent(m.totals.successes, m.totals.count)} />
              <Stat label="Latency p50 / p95" value={`${formatDuration(m.totals.p50)} / ${formatDuration(m.totals.p95)}`} />
              <Stat label="Time to first token p95" testId="stat-ttft" value={formatDuration(m.ttftP95)} />
              <Stat label="Tokens" value={formatTokens(m.totals.totalTokens)} />
              <Stat label="Cost" value={formatCost(m.totals.cost)} />
            </div>
            <AnomalyList />
            <div className="chart-grid">
              <TimeSeriesChart<SeriesRow> title={`Traces and errors per ${bucket.param}`} testId="chart-traces" data={m.series} measure={COUNT}
                series={[{ key: 'count', label: 'traces', color: 'var(--accent)', kind: 'bar' },
                  { key: 'errors', label: 'errors', color: 'var(--error)', kind: 'bar' }]} />
              <TimeSeriesChart<SeriesRow> title="Latency" testId="chart-latency" data={m.series} measure={DURATION}
                series={[{ key: 'p50', label: 'p50', color: '#2f9e44', kind: 'line' },
                  { key: 'p95', label: 'p95', color: '#f08c00', kind: 'line' },
                  { key: 'p99', label: 'p99', color: '#e03131', kind: 'line', dashed: true }]} />
              <TimeSeriesChart<SeriesRow> title="Tokens" testId="chart-tokens" data={m.series} measure={TOKEN_COUNT}
                series={[{ key: 'inputTokens', label: 'input', color: '#4c6ef5', kind: 'line' },
                  { key: 'outputTokens', label: 'output', color: '#ae3ec9', kind: 'line' }]} />
              <TimeSeriesChart<SeriesRow> title="Cost" testId="chart-cost" data={m.series} measure={COST}
                series={[{ key: 'cost', label: 'cost (USD)', color: '#0c8599', kind: 'area' }]} />
              <RankingChart title="Top features by cost" testId="chart-features-cost" data={rank(m.features, 'cost')}
                valueKey="cost" measure={COST} onSelect={openTraces('feature')} />
              <RankingChart title="Top features by p95 latency" testId="chart-features-latency" data={rank(m.features, 'p95')}
                valueKey="p95" measure={DURATION} onSelect={openTraces('feature')} />
              <RankingChart title="Top models by cost" testId="chart-models-cost" data={rank(m.models, 'cost')}
                valueKey="cost" measure={COST} onSelect={openTraces('model')} />
              <RankingChart title="Top models by p95 latency" testId="chart-models-latency" data={rank(m.models, 'p95')}
                valueKey="p95" measure={DURATION} onSelect={openTraces('model')} />
            </div>
            <ScoreCharts from={from} to={to} bucket={bucket} />
          </>
        )}
      </Async>
    </div>
  );
}

function Stat({ label, value, alert = false, testId }: { label: string; value: string; alert?: boolean; testId?: string }) {
  return (
    <div className={`card stat${alert ? ' stat-alert' : ''}`} data-testid={testId}>
      <div className="muted small">{label}</div>
      <div className="stat-value">{value}</div>
    </div>
  );
}
