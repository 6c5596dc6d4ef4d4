import { describe, expect, it } from 'vitest';
import type { Score, Trace } from '../api/types';
import { scoreNames, traceScore } from './scoreColumns';

const score = (name: string, fields: Partial<Score>): Score => ({ scoreId: `${name}-${JSON.stringify(fields)}`, name, ...fields });

describe('traceScore', () => {
  it('is the mean of the valued scores of the name, on the trace and its spans alike', () => {
    const scores = [score('q', { value: 1 }), score('q', { value: 0, spanId: 'a' }), score('q', { label: 'good' }), score('other', { value: 9 })];
    expect(traceScore(scores, 'q')).toEqual({ kind: 'value', mean: 0.5, count: 2 });
  });

  it('marks evaluations that only failed, with their messages', () => {
    const scores = [score('judge', { label: 'error', comment: 'judge failed 4 times' }), score('judge', { label: 'error' })];
    expect(traceScore(scores, 'judge')).toEqual({ kind: 'error', message: 'judge failed 4 times\nerror' });
  });

  it('shows labels without values, and nothing without a score of the name', () => {
    expect(traceScore([score('mood', { label: 'calm' }), score('mood', { label: 'calm', spanId: 'b' })], 'mood'))
      .toEqual({ kind: 'label', labels: ['calm'] });
    expect(traceScore(undefined, 'mood')).toEqual({ kind: 'none' });
  });
});

describe('scoreNames', () => {
  it('joins the names on the traces and in the metrics, sorted, each once', () => {
    const traces = [{ traceId: 't', scores: [score('thumbs', { value: 1 })] }] as Trace[];
    const points = [{ bucketStart: 0, group: 'helpfulness', count: 1, valued: 1, avg: 1, min: 1, max: 1, p50: 1, p90: 1, labels: {} },
      { bucketStart: 0, group: 'thumbs', count: 1, valued: 1, avg: 1, min: 1, max: 1, p50: 1, p90: 1, labels: {} }];
    expect(scoreNames(traces, points)).toEqual(['helpfulness', 'thumbs']);
  });
});
