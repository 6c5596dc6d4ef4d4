import type { Score, ScoreMetricPoint, Trace } from '../api/types';

/** Score columns of the trace list: which names to offer, and what a trace's cell shows. */

/** A trace's score of one name, as its cell shows it. */
export type TraceScore =
  | { kind: 'value'; mean: number; count: number }
  /** Scores of the name exist but none has a value: failed evaluations (label `error`) or labels only. */
  | { kind: 'error'; message: string }
  | { kind: 'label'; labels: string[] }
  | { kind: 'none' };

/**
 * The mean of the valued scores of `name` on the trace or its spans: the rule of the server's
 * `scoreName` filter and `sort=score`, so that the column agrees with the order it sorts by.
 */
export function traceScore(scores: Score[] | undefined, name: string): TraceScore {
  const of = (scores ?? []).filter((s) => s.name === name);
  const valued = of.filter((s) => typeof s.value === 'number');
  if (valued.length > 0) {
    return { kind: 'value', mean: valued.reduce((sum, s) => sum + (s.value as number), 0) / valued.length, count: valued.length };
  }
  const errors = of.filter((s) => s.label === 'error');
  if (errors.length > 0) {
    return { kind: 'error', message: errors.map((s) => s.comment ?? 'error').join('\n') };
  }
  const labels = [...new Set(of.map((s) => s.label).filter((l): l is string => !!l))];
  return labels.length > 0 ? { kind: 'label', labels } : { kind: 'none' };
}

/** The score names seen on the traces and in a score metrics answer grouped by name, sorted. */
export function scoreNames(traces: Trace[], points: ScoreMetricPoint[] = []): string[] {
  const names = new Set<string>();
  for (const t of traces) {
    for (const s of t.scores ?? []) {
      names.add(s.name);
    }
  }
  for (const p of points) {
    if (typeof p.group === 'string') {
      names.add(p.group);
    }
  }
  return [...names].sort((a, b) => a.localeCompare(b));
}

/** The key of a score column among the list's columns (which are plain words). */
export function scoreColumnKey(name: string): string {
  return `score:${name}`;
}
