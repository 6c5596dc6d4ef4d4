import { useCallback, useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import type { TraceTree } from '../api/types';
import { useApi } from '../auth/ProjectContext';
import { InferredMark, ScoreChips, StatusBadge, Tags } from '../components/Badges';
import { Facts } from '../components/KeyValues';
import { AddToDataset } from '../components/AddToDataset';
import { SpanDetail, TraceDetail } from '../components/SpanDetail';
import { SpanTree } from '../components/SpanTree';
import { Async, Empty } from '../components/Status';
import { formatCost, formatDuration, formatTime, formatTokens } from '../lib/format';
import { maskedSummary } from '../lib/masking';
import { allNodes, ancestorsOf, initiallyCollapsed, timeAxis } from '../lib/tree';
import { useAsync } from '../lib/useAsync';

export function TracePage() {
  const { traceId = '' } = useParams();
  const api = useApi();
  // Spans' payloads are loaded one at a time, when a span is selected.
  const state = useAsync(() => api.trace(traceId, { payloads: false }), [api, traceId]);
  return (
    <div className="page page-fill">
      <Async state={state} loading="Loading trace">{(tree) => <TraceView tree={tree} />}</Async>
    </div>
  );
}

function TraceView({ tree }: { tree: TraceTree }) {
  const { trace, totals } = tree;
  const nodes = useMemo(() => allNodes(tree.spans), [tree]);
  const byId = useMemo(() => new Map(nodes.map((n) => [n.spanId, n])), [nodes]);
  const axis = useMemo(() => timeAxis(nodes, trace.startTime, trace.endTime), [nodes, trace]);
  const [collapsed, setCollapsed] = useState(() => initiallyCollapsed(tree.spans, nodes.length));
  const [search, setSearch] = useSearchParams();
  const selectedId = search.get('span');
  const selected = selectedId ? byId.get(selectedId) ?? null : null;

  const toggle = useCallback((spanId: string) => setCollapsed((c) => {
    const next = new Set(c);
    if (!next.delete(spanId)) {
      next.add(spanId);
    }
    return next;
  }), []);
  const select = useCallback((spanId: string) => {
    setCollapsed((c) => {
      const hidden = (ancestorsOf(tree.spans, spanId) ?? []).filter((id) => c.has(id));
      return hidden.length === 0 ? c : new Set([...c].filter((id) => !hidden.includes(id)));
    });
    setSearch((s) => {
      const next = new URLSearchParams(s);
      next.set('span', spanId);
      return next;
    }, { replace: true });
  }, [tree, setSearch]);

  const name = trace.name ?? trace.feature ?? trace.traceId;
  return (
    <>
      <div className="page-head trace-head-bar">
        <Link to="/traces" className="muted">← Traces</Link>
        <h1 title={name}>{name}</h1>
        <StatusBadge status={trace.status} errors={trace.errorCount} />
        <Tags tags={trace.tags} />
        <ScoreChips scores={tree.scores} />
        <AddToDataset traceId={trace.traceId} />
        {tree.masked ? (
          <Link to="/settings" className="badge masked" data-testid="masked-notice"
            title="Values replaced at ingestion by this project's masking settings; DROPPED counts fields removed whole">
            Masked: {maskedSummary(tree.masked)}
          </Link>
        ) : null}
      </div>
      <Facts rows={[
        ['Started', formatTime(trace.startTime)],
        ['Duration', formatDuration(trace.duration)],
        ['Spans', totals.spanCount.toLocaleString('en-US')],
        ['Tokens', totals.totalTokens !== undefined
          ? `${formatTokens(totals.totalTokens)} (${formatTokens(totals.inputTokens)} in / ${formatTokens(totals.outputTokens)} out)` : undefined],
        ['Cost', totals.cost !== undefined ? <>{formatCost(totals.cost)}{trace.inferredSpans
          ? <> <InferredMark what={`Tokens or cost of ${trace.inferredSpans} span${trace.inferredSpans === 1 ? '' : 's'}`} /></>
          : null}</> : undefined],
        ['Feature', trace.feature],
        ['User', trace.user?.id ? <Link to={`/users/${encodeURIComponent(trace.user.id)}`}>{trace.user.name ?? trace.user.id}</Link> : undefined],
        ['Session', trace.sessionId ? <Link to={`/sessions/${encodeURIComponent(trace.sessionId)}`}>{trace.sessionId}</Link> : undefined],
        ['Environment', [trace.environment, trace.release].filter(Boolean).join(' · ') || undefined],
        ['Trace id', <span className="mono">{trace.traceId}</span>],
        ['Reference', trace.referenceId],
      ]} />
      <div className="trace-split">
        <div className="trace-tree-pane">
          <div className="pane-tools">
            <button type="button" onClick={() => setCollapsed(new Set())}>Expand all</button>
            <button type="button" onClick={() => setCollapsed(new Set(nodes.filter((n) => n.children.length > 0).map((n) => n.spanId)))}>
              Collapse all
            </button>
          </div>
          {nodes.length === 0 ? <Empty>This trace has no spans.</Empty> : (
            <SpanTree roots={tree.spans} axis={axis} collapsed={collapsed} onToggle={toggle}
              selected={selected?.spanId ?? null} onSelect={select} />
          )}
        </div>
        <div className="trace-detail-pane">
          {selected ? <SpanDetail key={selected.spanId} span={selected} traceStart={axis.start} />
            : <TraceDetail trace={trace} scores={tree.scores} />}
        </div>
      </div>
    </>
  );
}
