import { useState } from 'react';
import { Link } from 'react-router';
import type { RunDetail, RunSummary } from '../api/types';
import { useApi } from '../auth/ProjectContext';
import { better, jsonText, pairItems, scoreOf } from '../lib/experiments';
import { formatCost, formatDuration } from '../lib/format';
import { useAsync } from '../lib/useAsync';
import { Async, Empty } from './Status';

/** Two runs of a dataset side by side: their aggregates, then item by item, the better score of each pair marked. */
export function ExperimentsView({ name, evaluators }: { name: string; evaluators: string[] }) {
  const api = useApi();
  const runs = useAsync(() => api.runs(name), [api, name]);
  return (
    <Async state={runs} loading="Loading runs">{({ items }) => items.length === 0
      ? <Empty>No run yet: run the dataset with the SDK's <code>datasets().run(…)</code>.</Empty>
      : <Compare name={name} runs={items} evaluators={evaluators} />}
    </Async>
  );
}

function Compare({ name, runs, evaluators }: { name: string; runs: RunSummary[]; evaluators: string[] }) {
  const api = useApi();
  const [a, setA] = useState(runs[runs.length > 1 ? runs.length - 2 : 0].name);
  const [b, setB] = useState(runs[runs.length - 1].name);
  const details = useAsync(() => Promise.all([api.run(name, a), api.run(name, b)]), [api, name, a, b]);
  const summary = (run: string) => runs.find((r) => r.name === run)!;
  const pick = (label: string, value: string, set: (v: string) => void) => (
    <label>{label} <select aria-label={label} value={value} onChange={(e) => set(e.target.value)}>
      {runs.map((r) => <option key={r.name} value={r.name}>{r.name}</option>)}
    </select></label>
  );
  const mark = (side: 'a' | 'b', winner: 'a' | 'b' | null) => (winner === side ? 'better' : undefined);
  return (
    <div data-testid="experiments">
      <div className="pane-tools">{pick('Run A', a, setA)} {pick('Run B', b, setB)}</div>
      <table className="table" data-testid="run-summary">
        <thead><tr><th /><th>{a}</th><th>{b}</th></tr></thead>
        <tbody>
          {evaluators.map((e) => {
            const va = summary(a).scores[e]?.avg;
            const vb = summary(b).scores[e]?.avg;
            const w = better(va, vb);
            return (
              <tr key={e}><th>{e} (mean)</th>
                <td className={mark('a', w)}>{va?.toFixed(3) ?? '–'}</td><td className={mark('b', w)}>{vb?.toFixed(3) ?? '–'}</td></tr>
            );
          })}
          <tr><th>Items (failed)</th><td>{summary(a).items} ({summary(a).errors})</td><td>{summary(b).items} ({summary(b).errors})</td></tr>
          <tr><th>Mean latency</th><td>{formatDuration(summary(a).avgLatency)}</td><td>{formatDuration(summary(b).avgLatency)}</td></tr>
          <tr><th>Total cost</th><td>{formatCost(summary(a).totalCost)}</td><td>{formatCost(summary(b).totalCost)}</td></tr>
        </tbody>
      </table>
      <Async state={details} loading="Loading the runs' items">{([ra, rb]) => <Items a={ra} b={rb} evaluators={evaluators} />}</Async>
    </div>
  );
}

function Items({ a, b, evaluators }: { a: RunDetail; b: RunDetail; evaluators: string[] }) {
  const rows = pairItems(a.items, b.items);
  return (
    <table className="table" data-testid="run-items">
      <thead>
        <tr><th>Input</th><th>Expected</th><th>{a.name}</th><th>{b.name}</th>
          {evaluators.map((e) => <th key={e} colSpan={2}>{e}</th>)}</tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const item = r.a ?? r.b!;
          return (
            <tr key={r.itemId} data-testid="run-item">
              <td className="clip">{jsonText(item.input)}</td>
              <td className="clip">{jsonText(item.expectedOutput)}</td>
              <td className="clip">{r.a ? <Link to={`/traces/${r.a.traceId}`}>{r.a.error ?? jsonText(r.a.output)}</Link> : '–'}</td>
              <td className="clip">{r.b ? <Link to={`/traces/${r.b.traceId}`}>{r.b.error ?? jsonText(r.b.output)}</Link> : '–'}</td>
              {evaluators.map((e) => {
                const sa = scoreOf(r.a, e);
                const sb = scoreOf(r.b, e);
                const w = better(sa?.value, sb?.value);
                return [
                  <td key={`${e}-a`} className={w === 'a' ? 'better' : undefined} title={sa?.comment}>{sa?.value ?? sa?.label ?? '–'}</td>,
                  <td key={`${e}-b`} className={w === 'b' ? 'better' : undefined} title={sb?.comment}>{sb?.value ?? sb?.label ?? '–'}</td>,
                ];
              })}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
