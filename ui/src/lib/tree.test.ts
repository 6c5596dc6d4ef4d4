import { describe, expect, it } from 'vitest';
import type { SpanNode } from '../api/types';
import { allNodes, ancestorsOf, barPosition, initiallyCollapsed, timeAxis, visibleRows } from './tree';

function node(spanId: string, startTime: number, endTime: number, children: SpanNode[] = []): SpanNode {
  return {
    traceId: 't', spanId, startTime, endTime, duration: endTime - startTime, children, scores: [],
    totals: { spanCount: 1 + children.reduce((n, c) => n + c.totals.spanCount, 0) },
  };
}

// agent ─┬─ retrieval
//        └─ generation ── tool
const tree = [node('agent', 0, 100, [node('retrieval', 10, 30), node('generation', 30, 90, [node('tool', 40, 50)])]), node('event', 95, 95)];

describe('visibleRows', () => {
  it('flattens depth-first with depths', () => {
    expect(visibleRows(tree, new Set()).map((r) => `${r.depth}:${r.node.spanId}`))
      .toEqual(['0:agent', '1:retrieval', '1:generation', '2:tool', '0:event']);
  });

  it('hides the descendants of collapsed nodes', () => {
    const rows = visibleRows(tree, new Set(['generation']));
    expect(rows.map((r) => r.node.spanId)).toEqual(['agent', 'retrieval', 'generation', 'event']);
    expect(rows.find((r) => r.node.spanId === 'generation')!.expanded).toBe(false);
    expect(visibleRows(tree, new Set(['agent'])).map((r) => r.node.spanId)).toEqual(['agent', 'event']);
  });

  it('copes with a 10,000-deep chain without recursion', () => {
    let chain = node('s0', 0, 1);
    for (let i = 1; i < 10_000; i++) {
      chain = node(`s${i}`, 0, 1, [chain]);
    }
    const rows = visibleRows([chain], new Set());
    expect(rows).toHaveLength(10_000);
    expect(rows[9_999].depth).toBe(9_999);
  });
});

describe('initiallyCollapsed', () => {
  it('opens small trees fully and folds large ones below the second level', () => {
    expect(initiallyCollapsed(tree, 5).size).toBe(0);
    expect([...initiallyCollapsed(tree, 5, 2, 3)]).toEqual(['generation']);
  });
});

describe('ancestorsOf', () => {
  it('lists the path from the root', () => {
    expect(ancestorsOf(tree, 'tool')).toEqual(['agent', 'generation']);
    expect(ancestorsOf(tree, 'event')).toEqual([]);
    expect(ancestorsOf(tree, 'missing')).toBeNull();
  });
});

describe('time axis', () => {
  it('spans the trace and all its spans', () => {
    expect(timeAxis(allNodes(tree))).toEqual({ start: 0, end: 100 });
    expect(timeAxis(allNodes(tree), -50, 120)).toEqual({ start: -50, end: 120 });
    expect(timeAxis([])).toEqual({ start: 0, end: 1 });
  });

  it('places bars in percent of the axis', () => {
    const axis = { start: 0, end: 200 };
    expect(barPosition(axis, 50, 150)).toEqual({ left: 25, width: 50 });
    expect(barPosition(axis, 150, 400)).toEqual({ left: 75, width: 25 });
    expect(barPosition(axis, 100, undefined)).toEqual({ left: 50, width: 0 });
    expect(barPosition(axis, undefined, 10)).toBeNull();
  });
});
