import type { ReactNode } from 'react';
import {
  Area, Bar, BarChart, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis,
  type DotItemDotProps,
} from 'recharts';
import type { Axis, Measure } from '../lib/axis';
import { formatAxisTime, formatTime } from '../lib/format';
import { seriesMax, standsAlone } from '../lib/metrics';

export interface SeriesSpec<Row> {
  key: keyof Row & string;
  label: string;
  color: string;
  kind: 'line' | 'bar' | 'area';
  dashed?: boolean;
}

/**
 * A chart over time: buckets on the x axis, one or more series as bars, lines or areas, each at its
 * own value (nothing stacked); an empty bucket of a line is a gap, not bridged.
 */
export function TimeSeriesChart<Row extends { t: number }>({ title, data, series, measure, testId }: {
  title: string;
  data: Row[];
  series: SeriesSpec<Row>[];
  measure: Measure;
  testId: string;
}) {
  const span = data.length > 1 ? data[data.length - 1].t - data[0].t : 0;
  const axis = measure.axis(seriesMax(data, series.map((s) => s.key)));
  return (
    <ChartCard title={title} testId={testId}>
      <ResponsiveContainer width="100%" height={220}>
        <ComposedChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 4 }} barGap={0} barCategoryGap="15%">
          <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" vertical={false} />
          <XAxis dataKey="t" tick={{ fontSize: 11 }}
            tickFormatter={(t: number) => formatAxisTime(t, span)} minTickGap={24} />
          <YAxis tick={{ fontSize: 11 }} width={64} {...axisProps(axis)} />
          <Tooltip labelFormatter={(t) => formatTime(Number(t))}
            formatter={(value) => (typeof value === 'number' ? measure.format(value) : String(value ?? '–'))} />
          <Legend iconSize={10} wrapperStyle={{ fontSize: 12 }} />
          {series.map((s) => s.kind === 'bar'
            ? <Bar key={s.key} dataKey={s.key as string} name={s.label} fill={s.color} isAnimationActive={false} />
            : s.kind === 'area'
              ? <Area key={s.key} dataKey={s.key as string} name={s.label} stroke={s.color} fill={s.color} fillOpacity={0.25}
                type="linear" dot={LoneDot} isAnimationActive={false} />
              : <Line key={s.key} dataKey={s.key as string} name={s.label} stroke={s.color} dot={LoneDot} strokeWidth={1.5}
                strokeDasharray={s.dashed ? '5 3' : undefined} type="linear" isAnimationActive={false} />)}
        </ComposedChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}

/** The top groups by one measure, as horizontal bars; clicking a bar opens that group's traces. */
export function RankingChart<Row extends { group: string }>({ title, data, valueKey, measure, onSelect, testId }: {
  title: string;
  data: Row[];
  valueKey: keyof Row & string;
  measure: Measure;
  onSelect?(group: string): void;
  testId: string;
}) {
  return (
    <ChartCard title={title} testId={testId}>
      {data.length === 0 ? <div className="state state-empty">Nothing recorded in this range.</div> : (
        <ResponsiveContainer width="100%" height={Math.max(120, data.length * 30 + 30)}>
          <BarChart data={data} layout="vertical" margin={{ top: 4, right: 28, bottom: 0, left: 4 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" horizontal={false} />
            <XAxis type="number" tick={{ fontSize: 11 }} {...axisProps(measure.axis(seriesMax(data, [valueKey])))} />
            <YAxis type="category" dataKey="group" width={130} tick={{ fontSize: 11 }}
              tickFormatter={(g: string) => (g.length > 20 ? `${g.slice(0, 19)}…` : g)} />
            <Tooltip formatter={(value) => (typeof value === 'number' ? measure.format(value) : String(value))} />
            <Bar dataKey={valueKey as string} name={title} fill="var(--accent)" isAnimationActive={false}
              cursor={onSelect ? 'pointer' : undefined}
              onClick={(entry: { payload?: Row }) => entry.payload && onSelect?.(entry.payload.group)} />
          </BarChart>
        </ResponsiveContainer>
      )}
    </ChartCard>
  );
}

/** Our ticks rather than recharts' own, so that their unit and integer steps hold. */
function axisProps(axis: Axis) {
  return { ticks: axis.ticks, domain: [0, axis.ticks[axis.ticks.length - 1]], interval: 0, tickFormatter: axis.label };
}

/** Lines are drawn without dots, except at a point with no neighbour to draw a line to. */
function LoneDot({ points, index, cx, cy, stroke }: DotItemDotProps) {
  return standsAlone(points, index)
    ? <circle className="recharts-dot lone-dot" cx={cx} cy={cy} r={3} fill={stroke} stroke="none" />
    : null;
}

function ChartCard({ title, children, testId }: { title: string; children: ReactNode; testId: string }) {
  return (
    <div className="card chart-card" data-testid={testId}>
      <h3>{title}</h3>
      {children}
    </div>
  );
}
