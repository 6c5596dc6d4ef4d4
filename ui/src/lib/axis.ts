import { formatCost, formatCount, formatDuration, formatTokens, scoreNumber } from './format';

/**
 * Chart axes: ticks from 0 to a round number at or above the data's maximum, every tick labelled
 * in the one unit that the axis's top calls for, so an axis never reads "0 µs … 2.5 s".
 */

export interface Axis {
  ticks: number[];
  label(value: number): string;
}

/** What a chart plots: how one value reads (tooltips) and how an axis over such values reads. */
export interface Measure {
  format(value: number): string;
  axis(max: number): Axis;
}

interface Unit {
  /** How many base units (µs, tokens, dollars) one of this unit is. */
  size: number;
  label(amount: string): string;
}

const MICROSECONDS: Unit[] = [
  { size: 1, label: (a) => `${a} µs` },
  { size: 1e3, label: (a) => `${a} ms` },
  { size: 1e6, label: (a) => `${a} s` },
];
const TOKENS: Unit[] = [
  { size: 1, label: (a) => a },
  { size: 1e3, label: (a) => `${a}k` },
  { size: 1e6, label: (a) => `${a}M` },
];
const PLAIN: Unit[] = [{ size: 1, label: (a) => a }];
const DOLLARS: Unit[] = [{ size: 1, label: (a) => `$${a}` }];

/** Durations in µs; whole µs, since finer is noise. */
export const DURATION: Measure = { format: formatDuration, axis: (max) => axis(max, MICROSECONDS, true) };
/** Things counted one by one: traces, errors. */
export const COUNT: Measure = { format: formatCount, axis: (max) => axis(max, PLAIN, true) };
export const TOKEN_COUNT: Measure = { format: formatTokens, axis: (max) => axis(max, TOKENS, true) };
export const COST: Measure = { format: formatCost, axis: (max) => axis(max, DOLLARS, false) };
/** Score values: plain numbers on whatever scale the scores use (the axis starts at 0). */
export const SCORE: Measure = { format: scoreNumber, axis: (max) => axis(max, PLAIN, false) };

function axis(max: number, units: Unit[], integer: boolean): Axis {
  const ticks = niceTicks(max, integer);
  const top = ticks[ticks.length - 1];
  const unit = units.filter((u) => u.size <= top).pop() ?? units[0];
  // As many decimals as the step needs, the same on every tick: 0.5, 1.0, 1.5 rather than 0.5, 1, 1.5.
  const decimals = decimalsOf((ticks[1] - ticks[0]) / unit.size);
  const number = new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  return { ticks, label: (value) => unit.label(value === 0 ? '0' : number.format(value / unit.size)) };
}

/**
 * About `intervals` equal steps from 0 past `max`, each step 1, 2, 2.5 or 5 times a power of ten;
 * with `integer` only whole steps, so a maximum of 1 gives 0 and 1, not 0, 0.25 … 1.
 */
export function niceTicks(max: number, integer: boolean, intervals = 4): number[] {
  if (!(max > 0)) {
    return [0, 1];
  }
  const rough = max / intervals;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power)
    .find((s) => s >= rough && (!integer || Number.isInteger(s))) ?? 10 * power;
  const whole = integer ? Math.max(1, step) : step;
  const count = Math.ceil(max / whole - 1e-9);
  return Array.from({ length: count + 1 }, (_, i) => round(i * whole));
}

function decimalsOf(n: number): number {
  let d = 0;
  while (d < 12 && Math.abs(round(n) - Number(n.toFixed(d))) > 1e-9 * Math.max(1, Math.abs(n))) {
    d++;
  }
  return d;
}

/** Drops binary noise such as 0.30000000000000004. */
function round(n: number): number {
  return Number(n.toPrecision(12));
}
