import { useState, type ReactNode } from 'react';
import type { ScoreMetricPoint } from '../api/types';
import { useApi } from '../auth/ProjectContext';
import { COUNT, SCORE } from '../lib/axis';
import { wholeRangeBucket } from '../lib/metrics';
import { PALETTE, labelCounts, scoreSeries, seriesKey, type ScoreRow, type ScoreSeries } from '../lib/scoreMetrics';
import { useAsync } from '../lib/useAsync';
import { RankingChart, TimeSeriesChart } from './Charts';
import { Async, Empty } from './Status';

/** What a chosen score can be broken down by (`groupBy` of the score metrics). */
const BREAKDOWNS = [['model', 'Model'], ['promptVersion', 'Prompt version'], ['feature', 'Feature']] as const;
type Breakdown = (typeof BREAKDOWNS)[number][0];

/**
 * Scores over the range (feedback, evaluator results, annotations): each name's average per bucket,
 * and for a chosen name its labels and its average broken down by model, prompt version or feature.
 */
export function ScoreCharts({ from, to, bucket }: { from: number; to: number; bucket: { micros: number; param: string } }) {
  const api = useApi();
  const state = useAsync(async () => {
    const [series, whole] = await Promise.all([
      api.scoreMetrics({ from, to, bucket: bucket.param, groupBy: 'name' }),
      api.scoreMetrics({ from, to, bucket: wholeRangeBucket(to), groupBy: 'name' }),
    ]);
    return { series: scoreSeries(series.points, from, to, bucket.micros), whole: whole.points };
  }, [api, from, to]);
  return (
    <section className="score-charts" data-testid="score-charts">
      <h2>Scores</h2>
      <Async state={state} loading="Loading scores">
        {({ series, whole }) => series.groups.length === 0 ? (
          <Empty>No scores in this time range. Annotate a trace on its page, send feedback with the SDK, or add an evaluator.</Empty>
        ) : (
          <ChosenScore names={series.groups} whole={whole} from={from} to={to} bucket={bucket}>
            <TimeSeriesChart<ScoreRow> title="Average score per name" testId="chart-score-averages" data={series.rows}
              measure={SCORE} series={lines(series)} />
          </ChosenScore>
        )}
      </Async>
    </section>
  );
}

/** The controls that choose a score and its breakdown, above `children` and that score's charts. */
function ChosenScore({ names, whole, from, to, bucket, children }: {
  names: string[]; whole: ScoreMetricPoint[]; from: number; to: number; bucket: { micros: number; param: string }; children: ReactNode;
}) {
  const api = useApi();
  const [name, setName] = useState(names[0]);
  const [by, setBy] = useState<Breakdown | ''>('');
  const breakdown = useAsync(async () => (by === '' ? null
    : scoreSeries((await api.scoreMetrics({ from, to, bucket: bucket.param, name, groupBy: by })).points, from, to, bucket.micros)),
  [api, from, to, name, by]);
  const labels = labelCounts(whole, name);
  return (
    <div className="chart-grid">
      <div className="card score-choice">
        <label>Score <select aria-label="Score" value={name} onChange={(e) => setName(e.target.value)}>
          {names.map((n) => <option key={n} value={n}>{n}</option>)}
        </select></label>
        <label>Break down by <select aria-label="Break down by" value={by} onChange={(e) => setBy(e.target.value as Breakdown | '')}>
          <option value="">nothing</option>
          {BREAKDOWNS.map(([key, label]) => <option key={key} value={key}>{label}</option>)}
        </select></label>
      </div>
      {children}
      <RankingChart title={`Labels of ${name}`} testId="chart-score-labels" data={labels} valueKey="count" measure={COUNT} />
      {by === '' ? null : (
        <Async state={breakdown} loading="Loading the breakdown">
          {(s) => s === null ? null : (
            <TimeSeriesChart<ScoreRow> title={`Average ${name} by ${BREAKDOWNS.find(([k]) => k === by)![1].toLowerCase()}`}
              testId="chart-score-breakdown" data={s.rows} measure={SCORE} series={lines(s)} />
          )}
        </Async>
      )}
    </div>
  );
}

function lines(series: ScoreSeries) {
  return series.groups.map((g, i) => ({ key: seriesKey(g), label: g, color: PALETTE[i % PALETTE.length], kind: 'line' as const }));
}
