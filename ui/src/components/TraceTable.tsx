import { Link } from 'react-router';
import { useApi } from '../auth/ProjectContext';
import type { Trace } from '../api/types';
import { formatCost, formatDuration, formatShortTime, formatTokens } from '../lib/format';
import { NARROW, useMediaQuery } from '../lib/useMediaQuery';
import { usePaged } from '../lib/usePaged';
import { ScoreChips, StatusBadge, Tags } from './Badges';
import { PagedList, pageQuery } from './PagedList';

const PAGE = 100;

/**
 * Traces matching an `/api/traces` query, newest first by default: a virtualised list that loads
 * the next page as the viewer scrolls near its end.
 */
export function TraceTable({ query, empty }: { query: URLSearchParams; empty: string }) {
  const api = useApi();
  const narrow = useMediaQuery(NARROW);
  const list = usePaged((cursor) => api.traces(pageQuery(query, PAGE, cursor)), [api, query.toString()]);

  return (
    <PagedList
      list={list}
      noun={['trace', 'traces']}
      empty={empty}
      className="trace-table"
      rowHeight={narrow ? 62 : 40}
      header={narrow ? null : (
        <div className="trace-row trace-head" role="row">
          <span>Time</span><span>Name · feature</span><span>Status</span><span className="num">Duration</span>
          <span className="num">Tokens</span><span className="num">Cost</span><span>User</span><span>Session</span>
          <span>Tags</span><span>Scores</span>
        </div>
      )}
      renderRow={(trace) => <TraceRow trace={trace} />}
    />
  );
}

function TraceRow({ trace }: { trace: Trace }) {
  const name = trace.name ?? trace.feature ?? trace.traceId;
  return (
    <Link to={`/traces/${trace.traceId}`} className="trace-row" data-testid="trace-row">
      <span className="cell-time">{formatShortTime(trace.startTime)}</span>
      <span className="cell-name" title={name}>
        <strong>{name}</strong>
        {trace.feature && trace.feature !== name ? <span className="muted"> · {trace.feature}</span> : null}
      </span>
      <span className="cell-status"><StatusBadge status={trace.status} errors={trace.errorCount} /></span>
      <span className="num cell-duration">{formatDuration(trace.duration)}</span>
      <span className="num cell-tokens">{formatTokens(trace.totalTokens)}</span>
      <span className="num cell-cost">{formatCost(trace.cost)}</span>
      <span className="cell-user" title={trace.user?.id}>{trace.user?.name ?? trace.user?.id ?? ''}</span>
      <span className="cell-session" title={trace.sessionId}>{trace.sessionId ?? ''}</span>
      <span className="cell-tags"><Tags tags={trace.tags} /></span>
      <span className="cell-scores"><ScoreChips scores={trace.scores} /></span>
    </Link>
  );
}
