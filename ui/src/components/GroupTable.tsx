import { Link } from 'react-router';
import type { Group, Page } from '../api/types';
import { formatCost, formatShortTime, formatTokens } from '../lib/format';
import { NARROW, useMediaQuery } from '../lib/useMediaQuery';
import { usePaged } from '../lib/usePaged';
import { PagedList, pageQuery } from './PagedList';

/** Sessions or users with their rollups, the most recently active first. */
export function GroupTable({ load, query, noun, linkTo, empty }: {
  load(params: URLSearchParams): Promise<Page<Group>>;
  query: URLSearchParams;
  noun: [string, string];
  linkTo(id: string): string;
  empty: string;
}) {
  const narrow = useMediaQuery(NARROW);
  const list = usePaged((cursor) => load(pageQuery(query, 100, cursor)), [load, query.toString()]);
  return (
    <PagedList
      list={list}
      noun={noun}
      empty={empty}
      className="group-table"
      rowHeight={narrow ? 62 : 40}
      header={narrow ? null : (
        <div className="group-row group-head" role="row">
          <span>{noun[0][0].toUpperCase() + noun[0].slice(1)}</span><span className="num">Traces</span>
          <span className="num">Errors</span><span>First</span><span>Last</span>
          <span className="num">Tokens</span><span className="num">Cost</span>
        </div>
      )}
      renderRow={(group) => (
        <Link to={linkTo(group.id)} className="group-row" data-testid="group-row">
          <span className="cell-name" title={group.id}>
            <strong>{group.name ?? group.id}</strong>
            {group.name ? <span className="muted"> · {group.id}</span> : null}
          </span>
          <span className="num cell-count">{group.traceCount.toLocaleString('en-US')}</span>
          <span className={`num cell-errors${group.errorCount > 0 ? ' error-text' : ''}`}>{group.errorCount}</span>
          <span className="cell-first">{formatShortTime(group.firstTime)}</span>
          <span className="cell-last">{formatShortTime(group.lastTime)}</span>
          <span className="num cell-tokens">{formatTokens(group.totalTokens)}</span>
          <span className="num cell-cost">{formatCost(group.cost)}</span>
        </Link>
      )}
    />
  );
}
