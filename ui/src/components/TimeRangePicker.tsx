import { useState } from 'react';
import { RELATIVE_RANGES, type TimeRange } from '../lib/timeRange';

/** Last 15 minutes … 30 days, or a custom range entered in the viewer's local time. */
export function TimeRangePicker({ range, onChange }: { range: TimeRange; onChange(range: TimeRange): void }) {
  const [custom, setCustom] = useState(range.kind === 'custom');
  const [from, setFrom] = useState(range.kind === 'custom' ? toLocalInput(range.from) : '');
  const [to, setTo] = useState(range.kind === 'custom' ? toLocalInput(range.to) : '');
  const fromMicros = fromLocalInput(from);
  const toMicros = fromLocalInput(to);
  const valid = fromMicros !== null && toMicros !== null && fromMicros < toMicros;

  const select = (value: string) => {
    if (value === 'custom') {
      const now = Date.now() * 1000;
      setFrom(from || toLocalInput(now - 24 * 3600e6));
      setTo(to || toLocalInput(now));
      setCustom(true);
    } else {
      setCustom(false);
      onChange({ kind: 'relative', key: value as (typeof RELATIVE_RANGES)[number]['key'] });
    }
  };

  return (
    <div className="range-picker">
      <select aria-label="Time range" value={custom ? 'custom' : range.kind === 'relative' ? range.key : 'custom'}
        onChange={(e) => select(e.target.value)}>
        {RELATIVE_RANGES.map((r) => <option key={r.key} value={r.key}>{r.label}</option>)}
        <option value="custom">Custom range…</option>
      </select>
      {custom ? (
        <form className="custom-range" onSubmit={(e) => {
          e.preventDefault();
          if (valid) {
            onChange({ kind: 'custom', from: fromMicros, to: toMicros });
          }
        }}>
          <input type="datetime-local" aria-label="From" value={from} onChange={(e) => setFrom(e.target.value)} />
          <span>to</span>
          <input type="datetime-local" aria-label="To" value={to} onChange={(e) => setTo(e.target.value)} />
          <button type="submit" disabled={!valid}>Apply</button>
        </form>
      ) : null}
    </div>
  );
}

/** `datetime-local` values are the viewer's local time without a zone. */
function toLocalInput(micros: number): string {
  const d = new Date(micros / 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function fromLocalInput(value: string): number | null {
  const ms = new Date(value).getTime();
  return value && !Number.isNaN(ms) ? ms * 1000 : null;
}
