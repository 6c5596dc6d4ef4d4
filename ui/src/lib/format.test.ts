import { describe, expect, it } from 'vitest';
import { formatCost, formatDuration, formatScore, formatShortTime, formatTime, formatTokens } from './format';

describe('formatDuration', () => {
  it('picks a unit by size', () => {
    expect(formatDuration(250)).toBe('250 µs');
    expect(formatDuration(1500)).toBe('1.5 ms');
    expect(formatDuration(42_000)).toBe('42 ms');
    expect(formatDuration(2_500_000)).toBe('2.5 s');
    expect(formatDuration(12_340_000)).toBe('12.3 s');
    expect(formatDuration(125_000_000)).toBe('2m 5s');
    expect(formatDuration(3_720_000_000)).toBe('1h 2m');
  });

  it('shows a dash when unknown', () => {
    expect(formatDuration(undefined)).toBe('–');
    expect(formatDuration(null)).toBe('–');
  });
});

describe('formatCost', () => {
  it('keeps significant digits of small amounts and cents of large ones', () => {
    expect(formatCost(0)).toBe('$0');
    expect(formatCost(0.00123)).toBe('$0.00123');
    expect(formatCost(0.0000456)).toBe('$0.0000456');
    expect(formatCost(0.5)).toBe('$0.5');
    expect(formatCost(12.34567)).toBe('$12.3457');
    expect(formatCost(1234.5)).toBe('$1,234.50');
    expect(formatCost(undefined)).toBe('–');
  });
});

describe('formatTokens', () => {
  it('abbreviates thousands and millions', () => {
    expect(formatTokens(505)).toBe('505');
    expect(formatTokens(1234)).toBe('1.23k');
    expect(formatTokens(12_345)).toBe('12.3k');
    expect(formatTokens(4_500_000)).toBe('4.5M');
    expect(formatTokens(undefined)).toBe('–');
  });
});

describe('formatTime', () => {
  it('formats epoch microseconds in the given time zone', () => {
    const micros = Date.UTC(2026, 10, 22, 10, 15, 30) * 1000;
    expect(formatTime(micros, 'UTC')).toBe('22 Nov 2026, 10:15:30');
    expect(formatTime(micros, 'Asia/Tokyo')).toBe('22 Nov 2026, 19:15:30');
  });
});

describe('formatShortTime', () => {
  it('leaves out the current year', () => {
    const micros = Date.UTC(2026, 10, 22, 10, 15, 30) * 1000;
    expect(formatShortTime(micros, 'UTC', Date.UTC(2026, 11, 31))).toBe('22 Nov, 10:15:30');
    expect(formatShortTime(micros, 'UTC', Date.UTC(2027, 0, 1))).toBe('22 Nov 2026, 10:15:30');
  });
});

describe('formatScore', () => {
  it('shows name and value, and the label only when it adds something', () => {
    expect(formatScore({ name: 'helpfulness', value: 0.92 })).toBe('helpfulness: 0.92');
    expect(formatScore({ name: 'THUMBS_UP', value: 1, label: 'THUMBS_UP' })).toBe('THUMBS_UP: 1');
    expect(formatScore({ name: 'THUMBS_UP', value: 1, label: 'thumbs-up' })).toBe('THUMBS_UP: 1');
    expect(formatScore({ name: 'user-feedback', value: 1, label: 'thumbs-up' })).toBe('user-feedback: 1 (thumbs-up)');
    expect(formatScore({ name: 'grade', value: 3, label: '3' })).toBe('grade: 3');
    expect(formatScore({ name: 'latency-ok', value: 0.5, label: '0.50' })).toBe('latency-ok: 0.5');
  });

  it('reads categorical and boolean-like scores naturally', () => {
    expect(formatScore({ name: 'resolved', label: 'yes' })).toBe('resolved: yes');
    expect(formatScore({ name: 'correct', value: 0, label: 'false' })).toBe('correct: 0 (false)');
    expect(formatScore({ name: 'THUMBS_UP', label: 'thumbs up' })).toBe('THUMBS_UP');
    expect(formatScore({ name: 'toxicity', value: 0.00012 })).toBe('toxicity: 0.00012');
    expect(formatScore({ name: 'rating', value: 4.12345 })).toBe('rating: 4.123');
  });
});
