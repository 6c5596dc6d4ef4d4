import { useMemo, type CSSProperties, type ReactNode } from 'react';
import { Link } from 'react-router';
import { useApi } from '../auth/ProjectContext';
import type { Trace } from '../api/types';
import { formatCost, formatDuration, formatScore, formatShortTime, formatTokens, scoreNumber } from '../lib/format';
import { useHiddenColumns, useShownColumns } from '../lib/hiddenColumns';
import { wholeRangeBucket } from '../lib/metrics';
import { scoreColumnKey, scoreNames, traceScore } from '../lib/scoreColumns';
import { useAsync } from '../lib/useAsync';
import { previewText } from '../lib/payload';
import { NARROW, useMediaQuery } from '../lib/useMediaQuery';
import { usePaged } from '../lib/usePaged';
import { ScoreChips, StatusBadge, Tags } from './Badges';
import { ColumnChooser } from './ColumnChooser';
import { PagedList, pageQuery } from './PagedList';

const PAGE = 100;

interface Column {
  key: string;
  label: string;
  /** Its track in the row's CSS grid. */
  track: string;
  numeric?: boolean;
  /** Whether the viewer may hide it. */
  optional?: boolean;
  /** The whole text of a cell that may be cut off, shown on hover. */
  title?(trace: Trace): string | undefined;
  cell(trace: Trace): ReactNode;
  /** A header other than the plain label (a score column's sort button). */
  header?: ReactNode;
}

const COLUMNS: Column[] = [
  { key: 'time', label: 'Time', track: '130px', cell: (t) => formatShortTime(t.startTime) },
  { key: 'name', label: 'Name · feature', track: 'minmax(140px, 2fr)', title: (t) => nameAndFeature(t).join(' · '), cell: nameCell },
  {
    key: 'preview', label: 'Input → output', track: 'minmax(140px, 3fr)', optional: true,
    title: (t) => previewLines(t).join('\n') || undefined,
    cell: (t) => previewLines(t).map((line) => <span key={line[0]}>{line}</span>),
  },
  { key: 'status', label: 'Status', track: '96px', cell: (t) => <StatusBadge status={t.status} errors={t.errorCount} /> },
  { key: 'duration', label: 'Duration', track: '74px', numeric: true, cell: (t) => formatDuration(t.duration) },
  { key: 'tokens', label: 'Tokens', track: '64px', numeric: true, optional: true, cell: (t) => formatTokens(t.totalTokens) },
  { key: 'cost', label: 'Cost', track: '76px', numeric: true, optional: true, cell: costCell },
  {
    key: 'user', label: 'User', track: 'minmax(70px, 1fr)', optional: true,
    title: (t) => (t.user?.name && t.user.id ? `${t.user.name} (${t.user.id})` : t.user?.name ?? t.user?.id),
    cell: (t) => t.user?.name ?? t.user?.id,
  },
  { key: 'session', label: 'Session', track: 'minmax(70px, 1fr)', optional: true, title: (t) => t.sessionId, cell: (t) => t.sessionId },
  { key: 'tags', label: 'Tags', track: 'minmax(60px, 1fr)', optional: true, title: (t) => t.tags?.join(', '), cell: (t) => <Tags tags={t.tags} /> },
  {
    key: 'scores', label: 'Scores', track: 'minmax(80px, 1fr)', optional: true,
    title: (t) => t.scores?.map(formatScore).join(', '), cell: (t) => <ScoreChips scores={t.scores} />,
  },
];
const OPTIONAL = COLUMNS.filter((c) => c.optional);
const OPTIONAL_KEYS = OPTIONAL.map((c) => c.key);
/** The header's last track holds the column chooser; rows leave it empty so that columns line up. */
const CHOOSER_TRACK = '28px';

/**
 * Traces matching an `/api/traces` query, newest first by default: a virtualised list that loads
 * the next page as the viewer scrolls near its end. Optional columns can be hidden (not in the
 * narrow layout, which shows a fixed few). The chooser also offers a column per score name seen in
 * the range (hidden until chosen); with `onSortByScore`, clicking its header sorts by it.
 */
export function TraceTable({ query, empty, onSortByScore }: {
  query: URLSearchParams; empty: string; onSortByScore?(name: string): void;
}) {
  const api = useApi();
  const narrow = useMediaQuery(NARROW);
  const list = usePaged((cursor) => api.traces(pageQuery(query, PAGE, cursor)), [api, query.toString()]);
  const [hidden, toggle] = useHiddenColumns('traces', OPTIONAL_KEYS);
  const [shownScores, toggleScore] = useShownColumns('traces.scores');
  const from = query.get('from') ?? undefined;
  const to = query.get('to') ?? undefined;
  const named = useAsync(() => api.scoreMetrics({ from, to, bucket: wholeRangeBucket(Number(to ?? Date.now() * 1000)), groupBy: 'name' }),
    [api, from, to]);
  const names = useMemo(() => scoreNames(list.items, named.status === 'done' ? named.data.points : []), [list.items, named]);
  const sorted = query.get('sort') === 'score' ? { name: query.get('scoreName'), order: query.get('order') ?? 'desc' } : null;
  const scoreColumns = useMemo(() => names.map((name) => scoreColumn(name, sorted?.name === name ? sorted.order : null, onSortByScore)),
    [names, sorted?.name, sorted?.order, onSortByScore]);
  const visible = useMemo(() => [...COLUMNS.filter((c) => !hidden.has(c.key)), ...scoreColumns.filter((c) => shownScores.has(c.label))],
    [hidden, scoreColumns, shownScores]);
  const chooser = useMemo(() => [...OPTIONAL, ...scoreColumns.map((c) => ({ key: c.key, label: `Score: ${c.label}` }))], [scoreColumns]);
  const hiddenAll = useMemo(() => new Set<string>([...hidden, ...scoreColumns.filter((c) => !shownScores.has(c.label)).map((c) => c.key)]),
    [hidden, scoreColumns, shownScores]);
  const toggleAny = (key: string) => {
    const score = scoreColumns.find((c) => c.key === key);
    if (score) {
      toggleScore(score.label);
    } else {
      toggle(key as (typeof OPTIONAL_KEYS)[number]);
    }
  };
  // A custom property rather than grid-template-columns itself, so the narrow layout's CSS still wins.
  const grid = useMemo(() => ({ '--trace-columns': [...visible.map((c) => c.track), CHOOSER_TRACK].join(' ') }) as CSSProperties,
    [visible]);

  return (
    <PagedList
      list={list}
      noun={['trace', 'traces']}
      empty={empty}
      className="trace-table"
      rowHeight={narrow ? 62 : 40}
      header={narrow ? null : (
        <div className="trace-row trace-head" role="row" style={grid}>
          {visible.map((c) => <span key={c.key} className={c.numeric ? 'num' : undefined}>{c.header ?? c.label}</span>)}
          <ColumnChooser columns={chooser} hidden={hiddenAll} onToggle={toggleAny} />
        </div>
      )}
      renderRow={(trace) => (
        <Link to={`/traces/${trace.traceId}`} className="trace-row" data-testid="trace-row" style={grid}>
          {visible.map((c) => (
            <span key={c.key} className={c.header ? `cell-score${c.numeric ? ' num' : ''}` : `cell-${c.key}${c.numeric ? ' num' : ''}`}
              title={c.title?.(trace)}>{c.cell(trace)}</span>
          ))}
        </Link>
      )}
    />
  );
}

/** The column of one score name: the trace's mean, or a mark for evaluations that failed. */
function scoreColumn(name: string, order: string | null, onSort?: (name: string) => void): Column {
  const arrow = order === null ? '' : order === 'asc' ? ' ↑' : ' ↓';
  return {
    key: scoreColumnKey(name),
    label: name,
    track: 'minmax(70px, 1fr)',
    numeric: true,
    header: onSort ? (
      <button type="button" className="link sort-header" data-testid="score-sort" aria-sort={order === null ? undefined : order === 'asc' ? 'ascending' : 'descending'}
        title={`Sort by ${name} (lists only traces with a valued ${name} score)`} onClick={() => onSort(name)}>{name}{arrow}</button>
    ) : name,
    title: (t) => {
      const score = traceScore(t.scores, name);
      return score.kind === 'value' ? `${name}: mean of ${score.count} score${score.count === 1 ? '' : 's'}`
        : score.kind === 'error' ? score.message : score.kind === 'label' ? score.labels.join(', ') : undefined;
    },
    cell: (t) => {
      const score = traceScore(t.scores, name);
      switch (score.kind) {
        case 'value': return scoreNumber(score.mean);
        case 'error': return <span className="score-error" data-testid="score-error">⚠ error</span>;
        case 'label': return score.labels.join(', ');
        default: return '';
      }
    },
  };
}

/** The cost, with a mark when some of it (or of the tokens) was inferred by the server. */
function costCell(trace: Trace) {
  if (!trace.inferredSpans) {
    return formatCost(trace.cost);
  }
  return <span className="inferred-cost" title="Includes tokens or cost inferred by the server">≈{formatCost(trace.cost)}</span>;
}

function nameCell(trace: Trace) {
  const [name, feature] = nameAndFeature(trace);
  return <><strong>{name}</strong>{feature ? <span className="muted"> · {feature}</span> : null}</>;
}

/** The name to show, and the feature when it says more than the name. */
function nameAndFeature(trace: Trace): string[] {
  const name = trace.name ?? trace.feature ?? trace.traceId;
  return trace.feature && trace.feature !== name ? [name, trace.feature] : [name];
}

/** "→ input" and "← output", each when recorded; plain text, never markup. */
function previewLines(trace: Trace): string[] {
  const input = previewText(trace.input);
  const output = previewText(trace.output);
  return [input === null ? null : `→ ${input}`, output === null ? null : `← ${output}`].filter((l): l is string => l !== null);
}
