import type { SpanNode } from '../api/types';

/** One visible row of the span tree. */
export interface TreeRow {
  node: SpanNode;
  depth: number;
  expanded: boolean;
}

/**
 * The rows shown for a tree: depth-first in the server's order (start time), children only under
 * expanded nodes. Iterative, so a 10,000-deep chain cannot overflow the stack.
 */
export function visibleRows(roots: SpanNode[], collapsed: ReadonlySet<string>): TreeRow[] {
  const rows: TreeRow[] = [];
  const stack: { node: SpanNode; depth: number }[] = [];
  for (let i = roots.length - 1; i >= 0; i--) {
    stack.push({ node: roots[i], depth: 0 });
  }
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    const expanded = !collapsed.has(node.spanId);
    rows.push({ node, depth, expanded });
    if (expanded) {
      for (let i = node.children.length - 1; i >= 0; i--) {
        stack.push({ node: node.children[i], depth: depth + 1 });
      }
    }
  }
  return rows;
}

/** Every node of the tree, depth-first. */
export function allNodes(roots: SpanNode[]): SpanNode[] {
  return visibleRows(roots, new Set()).map((row) => row.node);
}

/**
 * Which nodes start collapsed: none in a small tree; in a large one, everything below
 * {@link depth} that has children, so the first screen stays readable.
 */
export function initiallyCollapsed(roots: SpanNode[], spanCount: number, depth = 2, small = 200): Set<string> {
  const collapsed = new Set<string>();
  if (spanCount <= small) {
    return collapsed;
  }
  for (const row of visibleRows(roots, new Set())) {
    if (row.depth >= depth - 1 && row.node.children.length > 0) {
      collapsed.add(row.node.spanId);
    }
  }
  return collapsed;
}

/** The ids of a node's ancestors, root first (to reveal a node that is collapsed away). */
export function ancestorsOf(roots: SpanNode[], spanId: string): string[] | null {
  const path: SpanNode[] = [];
  const stack: { node: SpanNode; depth: number }[] = roots.map((node) => ({ node, depth: 0 })).reverse();
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    path.length = depth;
    if (node.spanId === spanId) {
      return path.map((n) => n.spanId);
    }
    path.push(node);
    for (let i = node.children.length - 1; i >= 0; i--) {
      stack.push({ node: node.children[i], depth: depth + 1 });
    }
  }
  return null;
}

/** The common time axis of a trace: the earliest start and latest end of the trace and its spans. */
export interface TimeAxis {
  start: number;
  end: number;
}

export function timeAxis(nodes: SpanNode[], traceStart?: number, traceEnd?: number): TimeAxis {
  let start = traceStart ?? Number.POSITIVE_INFINITY;
  let end = traceEnd ?? Number.NEGATIVE_INFINITY;
  for (const node of nodes) {
    if (node.startTime !== undefined) {
      start = Math.min(start, node.startTime);
      end = Math.max(end, node.startTime);
    }
    if (node.endTime !== undefined) {
      end = Math.max(end, node.endTime);
    }
  }
  if (!Number.isFinite(start)) {
    return { start: 0, end: 1 };
  }
  return { start, end: Math.max(end, start + 1) };
}

/** Where a span's bar sits on the axis, in percent of its width; null without a start time. */
export function barPosition(axis: TimeAxis, startTime?: number, endTime?: number): { left: number; width: number } | null {
  if (startTime === undefined) {
    return null;
  }
  const total = axis.end - axis.start;
  const left = ((startTime - axis.start) / total) * 100;
  const width = (((endTime ?? startTime) - startTime) / total) * 100;
  return { left: clamp(left), width: Math.min(Math.max(width, 0), 100 - clamp(left)) };
}

function clamp(percent: number): number {
  return Math.min(Math.max(percent, 0), 100);
}
