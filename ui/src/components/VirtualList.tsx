import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type ReactNode } from 'react';

/**
 * A scrolling list that renders only the rows in view, so 100,000 rows cost what 40 do.
 * `onNearEnd` fires when the last rendered row is within a page of the end (to load more).
 */
export function VirtualList<T>({ items, rowHeight, renderRow, header, onNearEnd, footer, className = '', scrollToIndex }: {
  items: T[];
  rowHeight: number;
  renderRow(item: T, index: number): ReactNode;
  header?: ReactNode;
  footer?: ReactNode;
  onNearEnd?(): void;
  className?: string;
  scrollToIndex?: number;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });
  const rows = virtualizer.getVirtualItems();
  const last = rows.length > 0 ? rows[rows.length - 1].index : -1;

  useEffect(() => {
    if (onNearEnd && last >= items.length - 20) {
      onNearEnd();
    }
  }, [last, items.length, onNearEnd]);

  useEffect(() => {
    if (scrollToIndex !== undefined && scrollToIndex >= 0) {
      virtualizer.scrollToIndex(scrollToIndex, { align: 'auto' });
    }
  }, [scrollToIndex, virtualizer]);

  return (
    <div ref={scroller} className={`virtual-list ${className}`}>
      {header}
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {rows.map((row) => (
          <div key={row.key} className="virtual-row"
            style={{ position: 'absolute', top: 0, left: 0, right: 0, height: rowHeight, transform: `translateY(${row.start}px)` }}>
            {renderRow(items[row.index], row.index)}
          </div>
        ))}
      </div>
      {footer}
    </div>
  );
}
