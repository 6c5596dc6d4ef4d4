import { useEffect, useState } from 'react';
import type { EvaluatorRun } from '../api/types';
import { useApi } from '../auth/ProjectContext';
import { runFinished } from '../lib/evaluators';
import { formatTime } from '../lib/format';
import { DEFAULT_RANGE, nowMicros, resolveRange, type TimeRange } from '../lib/timeRange';
import { useAsync } from '../lib/useAsync';
import { ErrorNotice } from './Status';
import { TimeRangePicker } from './TimeRangePicker';

const POLL_MS = 1000;

/**
 * Runs an evaluator over the traces of a time range and follows the run until it is done or
 * failed; `onFinished` then lets the results be read again. Lists the evaluator's earlier runs.
 */
export function BackfillPanel({ name, onFinished }: { name: string; onFinished(): void }) {
  const api = useApi();
  const [range, setRange] = useState<TimeRange>(DEFAULT_RANGE);
  const [run, setRun] = useState<EvaluatorRun | null>(null);
  const [error, setError] = useState<unknown>(null);
  const runs = useAsync(() => api.evaluatorRuns(name), [api, name, run?.status]);

  useEffect(() => {
    if (!run || runFinished(run.status)) {
      return undefined;
    }
    const timer = setTimeout(() => {
      api.evaluatorRun(name, run.runId).then((next) => {
        setRun(next);
        if (runFinished(next.status)) {
          onFinished();
        }
      }, setError);
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [api, name, run]);

  const start = async () => {
    setError(null);
    const { from, to } = resolveRange(range, nowMicros());
    try {
      setRun(await api.runEvaluator(name, Math.floor(from), Math.ceil(to)));
    } catch (e) {
      setError(e);
    }
  };
  const running = run !== null && !runFinished(run.status);

  return (
    <div className="backfill" data-testid="backfill">
      <div className="row">
        <span>Run over past traces:</span>
        <TimeRangePicker range={range} onChange={setRange} />
        <button type="button" className="primary" disabled={running} onClick={() => void start()}>
          {running ? 'Running…' : 'Start backfill'}
        </button>
      </div>
      {run ? <RunProgress run={run} /> : null}
      {error ? <ErrorNotice error={error} /> : null}
      {runs.status === 'done' && runs.data.items.length > 0 ? (
        <details className="small">
          <summary>Earlier runs ({runs.data.items.length})</summary>
          <ul className="plain-list">
            {runs.data.items.slice(0, 10).map((r) => (
              <li key={r.runId}>{formatTime(r.startedAt)}: {r.status}, {r.judged} judged of {r.scanned}, {r.errors} errors (v{r.version})</li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}

function RunProgress({ run }: { run: EvaluatorRun }) {
  return (
    <div className={`run-progress run-${run.status}`} role="status" data-testid="run-progress">
      <strong>{run.status === 'running' ? 'Running' : run.status === 'done' ? 'Done' : 'Failed'}</strong>
      {`: ${run.scanned.toLocaleString('en-US')} scanned, ${run.judged.toLocaleString('en-US')} judged, `
        + `${run.errors.toLocaleString('en-US')} errors (version ${run.version}, ${formatTime(run.from)} to ${formatTime(run.to)})`}
      {run.error ? <div className="error-text">{run.error}</div> : null}
    </div>
  );
}
