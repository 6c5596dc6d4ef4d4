import { useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { FilterBar } from '../components/FilterBar';
import { TraceTable } from '../components/TraceTable';
import { filtersFromSearch, filtersToApiQuery, filtersToSearch, sortedByScore, type TraceFilters } from '../lib/filters';
import { nowMicros } from '../lib/timeRange';

/** The trace list; its filters live in the URL, so a view can be shared and reloaded. */
export function TracesPage() {
  const [search, setSearch] = useSearchParams();
  const urlKey = search.toString();
  const filters = useMemo(() => filtersFromSearch(search), [urlKey]);
  // A relative range ends "now" as of the last Apply, which also reloads unchanged filters.
  const [applied, setApplied] = useState(0);
  const query = useMemo(() => filtersToApiQuery(filters, nowMicros()), [filters, applied]);
  const apply = useCallback((next: TraceFilters) => {
    setSearch(filtersToSearch(next));
    setApplied((n) => n + 1);
  }, [setSearch]);
  const sortByScore = useCallback((name: string) => apply(sortedByScore(filters, name)), [apply, filters]);
  return (
    <div className="page page-fill">
      <div className="page-head"><h1>Traces</h1></div>
      <FilterBar key={urlKey} filters={filters} onChange={apply} />
      <TraceTable query={query} empty="No traces match these filters in this time range." onSortByScore={sortByScore} />
    </div>
  );
}
