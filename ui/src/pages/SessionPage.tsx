import { Link, useParams } from 'react-router';
import type { Trace } from '../api/types';
import { useApi } from '../auth/ProjectContext';
import { StatusBadge } from '../components/Badges';
import { Facts } from '../components/KeyValues';
import { LongText } from '../components/LongText';
import { Async, Empty } from '../components/Status';
import { formatCost, formatDuration, formatTime, formatTokens } from '../lib/format';
import { turnText } from '../lib/payload';
import { useAsync } from '../lib/useAsync';

/** A session's traces, oldest first, read as a conversation: each trace's input, then its output. */
export function SessionPage() {
  const { sessionId = '' } = useParams();
  const api = useApi();
  const state = useAsync(() => api.session(sessionId), [api, sessionId]);
  return (
    <div className="page">
      <div className="page-head">
        <Link to="/sessions" className="muted">← Sessions</Link>
        <h1>Session <span className="mono">{sessionId}</span></h1>
      </div>
      <Async state={state} loading="Loading session">
        {(session) => session.traces.items.length === 0
          ? <Empty>No traces in this session.</Empty>
          : <SessionConversation traces={session.traces.items} more={session.traces.nextCursor !== null} />}
      </Async>
    </div>
  );
}

function SessionConversation({ traces, more }: { traces: Trace[]; more: boolean }) {
  const sum = (f: (t: Trace) => number | undefined) => traces.reduce((a, t) => a + (f(t) ?? 0), 0);
  const first = traces[0];
  const last = traces[traces.length - 1];
  const users = [...new Set(traces.map((t) => t.user?.id).filter((u): u is string => !!u))];
  return (
    <>
      <Facts rows={[
        ['Traces', `${traces.length}${more ? '+ (first 1,000 shown)' : ''}`],
        ['Errors', String(traces.filter((t) => t.status === 'failure' || (t.errorCount ?? 0) > 0).length)],
        ['From', formatTime(first.startTime)],
        ['To', formatTime(last.endTime ?? last.startTime)],
        ['Tokens', formatTokens(sum((t) => t.totalTokens))],
        ['Cost', formatCost(sum((t) => t.cost))],
        ['User', users.length ? users.map((u) => <Link key={u} to={`/users/${encodeURIComponent(u)}`}>{u} </Link>) : undefined],
      ]} />
      <ol className="session-turns">
        {traces.map((trace) => <Turn key={trace.traceId} trace={trace} />)}
      </ol>
    </>
  );
}

function Turn({ trace }: { trace: Trace }) {
  const input = turnText(trace.input);
  const output = turnText(trace.output);
  return (
    <li className="turn" data-testid="session-turn">
      <div className="turn-meta">
        <Link to={`/traces/${trace.traceId}`}>{trace.name ?? trace.feature ?? trace.traceId}</Link>
        <span className="muted">{formatTime(trace.startTime)} · {formatDuration(trace.duration)} · {formatTokens(trace.totalTokens)} tokens · {formatCost(trace.cost)}</span>
        <StatusBadge status={trace.status} errors={trace.errorCount} />
      </div>
      {input !== null ? <div className="message role-user"><div className="message-role">{trace.user?.name ?? trace.user?.id ?? 'input'}</div><LongText text={input} limit={800} /></div> : null}
      {output !== null ? <div className="message role-assistant"><div className="message-role">output</div><LongText text={output} limit={800} /></div>
        : <div className="muted small">No output recorded.</div>}
    </li>
  );
}
