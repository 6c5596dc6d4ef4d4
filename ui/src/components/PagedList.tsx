import type { ReactNode } from 'react';
import type { PagedState } from '../lib/usePaged';
import { Empty, ErrorNotice, Loading } from './Status';
import { VirtualList } from './VirtualList';

/** A cursor-paged list with its loading, empty and error states; scrolling near the end loads more. */
export function PagedList<T>({ list, noun, empty, rowHeight, header, renderRow, className }: {
  list: PagedState<T>;
  noun: [string, string];
  empty: string;
  rowHeight: number;
  header: ReactNode;
  renderRow(item: T): ReactNode;
  className: string;
}) {
  if (list.status === 'loading') {
    return <Loading what={`Loading ${noun[1]}`} />;
  }
  if (list.error && list.items.length === 0) {
    return <ErrorNotice error={list.error} />;
  }
  if (list.items.length === 0) {
    return <Empty>{empty}</Empty>;
  }
  const n = list.items.length;
  return (
    <VirtualList
      className={className}
      items={list.items}
      rowHeight={rowHeight}
      onNearEnd={list.hasMore ? list.loadMore : undefined}
      header={header}
      renderRow={renderRow}
      footer={
        <div className="list-footer muted">
          {list.error ? <ErrorNotice error={list.error} />
            : list.status === 'more' ? 'Loading more…'
              : `${n.toLocaleString('en-US')} ${n === 1 ? noun[0] : noun[1]}${list.hasMore ? ' loaded; scroll for more' : ''}`}
        </div>
      }
    />
  );
}

/** Adds `limit` and `cursor` to a query. */
export function pageQuery(query: URLSearchParams, limit: number, cursor?: string): URLSearchParams {
  const params = new URLSearchParams(query);
  params.set('limit', String(limit));
  if (cursor) {
    params.set('cursor', cursor);
  }
  return params;
}
