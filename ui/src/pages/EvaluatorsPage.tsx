import { useState } from 'react';
import { Link } from 'react-router';
import type { Evaluator } from '../api/types';
import { useApi } from '../auth/ProjectContext';
import { ScoreChips } from '../components/Badges';
import { EvaluatorEditor } from '../components/EvaluatorEditor';
import { BackfillPanel } from '../components/BackfillPanel';
import { Async, Empty, ErrorNotice } from '../components/Status';
import { draftFrom } from '../lib/evaluators';
import { formatTime, scoreNumber } from '../lib/format';
import { wholeRangeBucket } from '../lib/metrics';
import { nowMicros } from '../lib/timeRange';
import { useAsync } from '../lib/useAsync';
import { useCanWrite } from '../lib/useCanWrite';

const DAY = 86_400_000_000;

/**
 * The project's evaluators: each with its last day's average and errors; create, edit, switch on
 * or off, delete; an evaluator's recent results and errors, and backfills over a time range.
 */
export function EvaluatorsPage() {
  const api = useApi();
  const canWrite = useCanWrite();
  const [reloads, setReloads] = useState(0);
  const state = useAsync(async () => {
    const [evaluators, kinds] = await Promise.all([api.evaluators(), api.evaluatorKinds()]);
    return { evaluators: evaluators.items, kinds: kinds.items };
  }, [api, reloads]);
  const [editing, setEditing] = useState<Evaluator | 'new' | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const reload = () => setReloads((n) => n + 1);
  const act = async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
      reload();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <div className="page evaluators">
      <div className="page-head">
        <h1>Evaluators</h1>
        {canWrite && editing === null ? <button type="button" className="primary" onClick={() => setEditing('new')}>New evaluator</button> : null}
      </div>
      <p className="muted">
        Evaluators judge traces or spans as they are stored, and over past data on demand; each result is a score named after
        the evaluator (source <code>evaluator</code>). See docs/evaluation.md for the kinds and their settings.
      </p>
      <Async state={state} loading="Loading evaluators">
        {({ evaluators, kinds }) => (
          <>
            {editing !== null ? (
              <EvaluatorEditor key={editing === 'new' ? '' : editing.name} evaluator={editing === 'new' ? null : editing} kinds={kinds}
                onCancel={() => setEditing(null)}
                onSaved={(saved) => {
                  setEditing(null);
                  setSelected(saved.name);
                  reload();
                }} />
            ) : null}
            {error ? <ErrorNotice error={error} /> : null}
            {evaluators.length === 0 ? <Empty>No evaluators yet.{canWrite ? ' Create one with “New evaluator”.' : ''}</Empty> : (
              <table className="evaluator-table" data-testid="evaluator-table">
                <thead>
                  <tr><th>Name</th><th>Kind</th><th>Target</th><th className="num">Sample</th><th>Enabled</th>
                    <th className="num">Version</th><th className="num">Avg (24 h)</th><th className="num">Errors (24 h)</th><th /></tr>
                </thead>
                <tbody>
                  {evaluators.map((e) => (
                    <tr key={e.name} data-testid="evaluator-row" className={selected === e.name ? 'selected' : undefined}>
                      <td><button type="button" className="link" onClick={() => setSelected(e.name)}>{e.name}</button></td>
                      <td>{e.kind}</td>
                      <td>{e.target}</td>
                      <td className="num">{e.sampleRate}</td>
                      <td>
                        <input type="checkbox" role="switch" aria-label={`${e.name} enabled`} checked={e.enabled} disabled={!canWrite}
                          onChange={() => void act(() => api.updateEvaluator(e.name, draftFrom(e, !e.enabled)))} />
                      </td>
                      <td className="num">{e.version}</td>
                      <RecentStats name={e.name} />
                      <td className="actions">
                        {canWrite ? <>
                          <button type="button" onClick={() => setEditing(e)}>Edit</button>
                          <DeleteButton name={e.name} onDelete={() => act(async () => {
                            await api.deleteEvaluator(e.name);
                            setSelected((s) => (s === e.name ? null : s));
                          })} />
                        </> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {selected && evaluators.some((e) => e.name === selected)
              ? <EvaluatorResults key={selected} name={selected} canWrite={canWrite} /> : null}
          </>
        )}
      </Async>
    </div>
  );
}

/** The last 24 hours' average value and error count of an evaluator's scores. */
function RecentStats({ name }: { name: string }) {
  const api = useApi();
  const state = useAsync(() => {
    const to = nowMicros();
    return api.scoreMetrics({ name, source: 'evaluator', from: to - DAY, to, bucket: wholeRangeBucket(to) });
  }, [api, name]);
  const point = state.status === 'done' ? state.data.points[0] : undefined;
  const errors = point?.labels.error ?? 0;
  return (
    <>
      <td className="num" data-testid="evaluator-avg">{point?.avg !== undefined && point.avg !== null ? scoreNumber(point.avg) : '–'}</td>
      <td className={`num${errors > 0 ? ' error-text' : ''}`}>{state.status === 'done' ? errors : '–'}</td>
    </>
  );
}

/** Delete, asked twice in place (no browser dialog). */
function DeleteButton({ name, onDelete }: { name: string; onDelete(): void }) {
  const [asking, setAsking] = useState(false);
  return asking ? (
    <span className="row">
      <button type="button" className="danger" aria-label={`Really delete ${name}`} onClick={onDelete}>Delete {name}</button>
      <button type="button" onClick={() => setAsking(false)}>Keep</button>
    </span>
  ) : <button type="button" onClick={() => setAsking(true)}>Delete</button>;
}

/** An evaluator's latest results (errors in red with their message) and its backfills. */
function EvaluatorResults({ name, canWrite }: { name: string; canWrite: boolean }) {
  const api = useApi();
  const [reloads, setReloads] = useState(0);
  const results = useAsync(() => api.scores({ name, source: 'evaluator', limit: 50 }), [api, name, reloads]);
  return (
    <section className="card evaluator-results" data-testid="evaluator-results">
      <h2>{name}</h2>
      {canWrite ? <BackfillPanel name={name} onFinished={() => setReloads((n) => n + 1)} /> : null}
      <h3>Latest results</h3>
      <Async state={results} loading="Loading results">
        {(page) => page.items.length === 0 ? <Empty>No results yet.</Empty> : (
          <ul className="score-list">
            {page.items.map((s) => (
              <li key={s.scoreId} data-testid="evaluator-result" className={s.label === 'error' && s.value === undefined ? 'result-error' : undefined}>
                <span className="muted small">{s.time ? formatTime(s.time) : ''} </span>
                {s.traceId ? <Link to={`/traces/${s.traceId}${s.spanId ? `?span=${s.spanId}` : ''}`} className="mono small">{s.traceId.slice(0, 12)}…</Link> : null}{' '}
                <ScoreChips scores={[s]} />
                {s.comment ? <div className="score-comment">{s.comment}</div> : null}
              </li>
            ))}
          </ul>
        )}
      </Async>
    </section>
  );
}
