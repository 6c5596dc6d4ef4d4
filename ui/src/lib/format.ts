import type { Score } from '../api/types';

/** Display formats. Times are epoch microseconds; shown in the viewer's own time zone. */

const MICROS_PER_MS = 1000;

export function formatDuration(micros: number | null | undefined): string {
  if (micros === null || micros === undefined) {
    return '–';
  }
  if (micros < 1000) {
    return `${Math.round(micros)} µs`;
  }
  const ms = micros / MICROS_PER_MS;
  if (ms < 10) {
    return `${trim(ms.toFixed(2))} ms`;
  }
  if (ms < 1000) {
    return `${Math.round(ms)} ms`;
  }
  const s = ms / 1000;
  if (s < 60) {
    return `${trim(s.toFixed(s < 10 ? 2 : 1))} s`;
  }
  const m = Math.floor(s / 60);
  if (m < 60) {
    return `${m}m ${Math.round(s - m * 60)}s`;
  }
  const h = Math.floor(m / 60);
  return `${h}h ${m - h * 60}m`;
}

/** US dollars: small amounts keep their significant digits ($0.00123), large ones have cents. */
export function formatCost(usd: number | null | undefined): string {
  if (usd === null || usd === undefined) {
    return '–';
  }
  if (usd === 0) {
    return '$0';
  }
  if (usd < 0.01) {
    return `$${trim(usd.toPrecision(3))}`;
  }
  if (usd < 100) {
    return `$${trim(usd.toFixed(4))}`;
  }
  return `$${usd.toLocaleString('en-US', { maximumFractionDigits: 2, minimumFractionDigits: 2 })}`;
}

/** Token counts: 950, 12.3k, 4.5M. */
export function formatTokens(n: number | null | undefined): string {
  if (n === null || n === undefined) {
    return '–';
  }
  if (n < 1000) {
    return String(n);
  }
  if (n < 1_000_000) {
    return `${trim((n / 1000).toFixed(n < 10_000 ? 2 : 1))}k`;
  }
  return `${trim((n / 1_000_000).toFixed(2))}M`;
}

/**
 * A score as "name: value", with its label in brackets only when the label says something the name
 * and value do not: "user-feedback: 1 (thumbs-up)", "THUMBS_UP: 1" (label THUMBS_UP), "resolved: yes".
 */
export function formatScore({ name, value, label }: Pick<Score, 'name' | 'value' | 'label'>): string {
  const number = value === undefined ? undefined : scoreNumber(value);
  const news = label !== undefined && label.trim() !== '' && !sameWords(label, name) && Number(label) !== value;
  if (number === undefined) {
    return news ? `${name}: ${label}` : name;
  }
  return news ? `${name}: ${number} (${label})` : `${name}: ${number}`;
}

/** Alike but for case and separators: THUMBS_UP, thumbs-up and "Thumbs up" are one word. */
function sameWords(a: string, b: string): boolean {
  const words = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
  return words(a) === words(b);
}

/** Three decimals at most, but a tiny value keeps two significant digits rather than reading 0. */
export function scoreNumber(n: number): string {
  return String(Number(Math.abs(n) < 0.001 ? n.toPrecision(2) : n.toFixed(3)));
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** Date and time to the second, e.g. "22 Nov 2026, 10:15:30". */
export function formatTime(micros: number | undefined, timeZone?: string): string {
  if (micros === undefined) {
    return '–';
  }
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit',
    second: '2-digit', hour12: false, timeZone,
  }).format(new Date(micros / MICROS_PER_MS));
}

/** For lists: "22 Nov, 10:15:30", the year only when it is not this year's. */
export function formatShortTime(micros: number | undefined, timeZone?: string, now = Date.now()): string {
  if (micros === undefined) {
    return '–';
  }
  const date = new Date(micros / MICROS_PER_MS);
  const year = (d: Date) => new Intl.DateTimeFormat('en-GB', { year: 'numeric', timeZone }).format(d);
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false, timeZone,
    ...(year(date) !== year(new Date(now)) ? { year: 'numeric' } : {}),
  }).format(date);
}

/** A short axis label: time of day within a day, else day and month. */
export function formatAxisTime(micros: number, spanMicros: number, timeZone?: string): string {
  const day = 24 * 3600 * 1e6;
  const options: Intl.DateTimeFormatOptions = spanMicros <= day
    ? { hour: '2-digit', minute: '2-digit', hour12: false }
    : { day: 'numeric', month: 'short', ...(spanMicros <= 3 * day ? { hour: '2-digit', hour12: false } : {}) };
  return new Intl.DateTimeFormat('en-GB', { ...options, timeZone }).format(new Date(micros / MICROS_PER_MS));
}

export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

function trim(decimal: string): string {
  return decimal.includes('.') && !decimal.includes('e') ? decimal.replace(/\.?0+$/, '') : decimal;
}
