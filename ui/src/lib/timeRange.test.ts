import { describe, expect, it } from 'vitest';
import { bucketFor, rangeFromSearch, rangeToSearch, resolveRange } from './timeRange';

describe('time ranges', () => {
  it('resolve relative ranges against now', () => {
    expect(resolveRange({ kind: 'relative', key: '15m' }, 1e12)).toEqual({ from: 1e12 - 15 * 60e6, to: 1e12 });
    expect(resolveRange({ kind: 'custom', from: 5, to: 9 }, 1e12)).toEqual({ from: 5, to: 9 });
  });

  it('ignore a custom range that ends before it starts', () => {
    expect(rangeFromSearch(new URLSearchParams('from=2026-11-21T00:00:00Z&to=2026-11-20T00:00:00Z&range=6h')))
      .toEqual({ kind: 'relative', key: '6h' });
  });

  it('write only what differs from the default', () => {
    const search = new URLSearchParams('range=7d&q=x');
    rangeToSearch({ kind: 'relative', key: '24h' }, search);
    expect(search.toString()).toBe('q=x');
  });

  it('pick buckets that keep charts under 100 points', () => {
    expect(bucketFor(15 * 60e6).param).toBe('1m');
    expect(bucketFor(24 * 3600e6).param).toBe('15m');
    expect(bucketFor(30 * 24 * 3600e6).param).toBe('12h');
  });
});
