import { useMemo, type CSSProperties } from 'react';
import type { SpanNode } from '../api/types';
import { formatDuration } from '../lib/format';
import { barPosition, visibleRows, type TimeAxis, type TreeRow } from '../lib/tree';
import { SpanIcon } from './Badges';
import { VirtualList } from './VirtualList';

const ROW_HEIGHT = 30;
const INDENT = 14;

/**
 * The span tree beside its waterfall: one virtualised row per visible span, the left half the
 * collapsible tree, the right half the span's bar on the trace's common time axis.
 */
export function SpanTree({ roots, axis, collapsed, onToggle, selected, onSelect }: {
  roots: SpanNode[];
  axis: TimeAxis;
  collapsed: ReadonlySet<string>;
  onToggle(spanId: string): void;
  selected: string | null;
  onSelect(spanId: string): void;
}) {
  const rows = useMemo(() => visibleRows(roots, collapsed), [roots, collapsed]);
  const selectedIndex = useMemo(() => rows.findIndex((r) => r.node.spanId === selected), [rows, selected]);
  return (
    <VirtualList
      className="span-tree"
      items={rows}
      rowHeight={ROW_HEIGHT}
      scrollToIndex={selectedIndex}
      header={<AxisHeader axis={axis} />}
      renderRow={(row) => (
        <SpanRow row={row} axis={axis} selected={row.node.spanId === selected} onToggle={onToggle} onSelect={onSelect} />
      )}
    />
  );
}

function SpanRow({ row, axis, selected, onToggle, onSelect }: {
  row: TreeRow; axis: TimeAxis; selected: boolean; onToggle(id: string): void; onSelect(id: string): void;
}) {
  const { node, depth, expanded } = row;
  const bar = barPosition(axis, node.startTime, node.endTime);
  const failed = node.status === 'failure';
  const label = durationLabel(bar);
  return (
    <div className={`span-row${selected ? ' selected' : ''}${failed ? ' failed' : ''}`} role="treeitem"
      aria-selected={selected} aria-expanded={node.children.length > 0 ? expanded : undefined}
      aria-level={depth + 1} data-testid="span-row" data-span-id={node.spanId} onClick={() => onSelect(node.spanId)}>
      <div className="span-label" style={{ paddingLeft: depth * INDENT }}>
        {node.children.length > 0 ? (
          <button type="button" className="tree-toggle" aria-label={expanded ? 'Collapse' : 'Expand'}
            onClick={(e) => { e.stopPropagation(); onToggle(node.spanId); }}>
            {expanded ? '▾' : '▸'}
          </button>
        ) : <span className="tree-toggle-space" />}
        <SpanIcon type={node.type} />
        <span className="span-name" title={node.name}>{node.name ?? node.type ?? node.spanId}</span>
        {!expanded ? <span className="muted small">+{node.totals.spanCount - 1}</span> : null}
      </div>
      <div className="span-bar-cell">
        {bar ? (
          <div className={`span-bar type-${node.type ?? 'span'}`} style={{ left: `${bar.left}%`, width: `max(${bar.width}%, 2px)` }} />
        ) : null}
        <span className={`span-duration${label.inside ? ' inside' : ''}`} style={label.style}>
          {formatDuration(node.duration)}
        </span>
      </div>
    </div>
  );
}

/** The duration goes after the bar, or inside it (or before it) when the bar reaches the right edge. */
function durationLabel(bar: { left: number; width: number } | null): { inside: boolean; style: CSSProperties } {
  if (!bar) {
    return { inside: false, style: { left: 0 } };
  }
  const end = bar.left + bar.width;
  if (end <= 82) {
    return { inside: false, style: { left: `${end}%` } };
  }
  return bar.width >= 14
    ? { inside: true, style: { right: `${100 - end}%` } }
    : { inside: false, style: { right: `${100 - bar.left}%` } };
}

function AxisHeader({ axis }: { axis: TimeAxis }) {
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  return (
    <div className="span-row span-axis">
      <div className="span-label muted">Span</div>
      <div className="span-bar-cell">
        {ticks.map((t) => (
          <span key={t} className="axis-tick" style={{ left: `${t * 100}%` }}>
            {formatDuration((axis.end - axis.start) * t)}
          </span>
        ))}
      </div>
    </div>
  );
}
