import { describe, expect, it } from 'vitest';
import { activeFilterCount, filtersFromSearch, filtersToApiQuery, filtersToSearch, sortedByScore } from './filters';

describe('trace filters in the URL', () => {
  it('round-trip every kind of filter', () => {
    const url = 'range=7d&q=parcel+late&feature=support-chat&status=failure&hasError=true&minDuration=2s'
      + '&minCost=0.01&attr.tier=2&meta.channel=web&sort=cost&order=asc';
    const filters = filtersFromSearch(new URLSearchParams(url));
    expect(filters).toEqual({
      range: { kind: 'relative', key: '7d' },
      q: 'parcel late',
      fields: { feature: 'support-chat', status: 'failure', hasError: 'true', minDuration: '2s', minCost: '0.01' },
      attributes: [{ key: 'tier', value: '2' }],
      metadata: [{ key: 'channel', value: 'web' }],
      sort: 'cost',
      order: 'asc',
    });
    expect(filtersFromSearch(filtersToSearch(filters))).toEqual(filters);
    expect(activeFilterCount(filters)).toBe(8);
  });

  it('leave defaults and blanks out of the URL', () => {
    const filters = filtersFromSearch(new URLSearchParams('feature=&sort=bogus&range=nope'));
    expect(filters.range).toEqual({ kind: 'relative', key: '24h' });
    expect(filters.sort).toBe('startTime');
    expect(filtersToSearch(filters).toString()).toBe('');
  });

  it('keep a custom range as ISO times', () => {
    const search = new URLSearchParams('from=2026-11-20T00:00:00.000Z&to=2026-11-21T00:00:00.000Z');
    const filters = filtersFromSearch(search);
    expect(filters.range).toEqual({ kind: 'custom', from: Date.UTC(2026, 10, 20) * 1000, to: Date.UTC(2026, 10, 21) * 1000 });
    expect(filtersToSearch(filters).toString()).toBe(search.toString().replace(/:/g, '%3A'));
  });

  it('become an API query with the range resolved to microseconds', () => {
    const now = 1_795_342_530_000_000;
    const query = filtersToApiQuery(filtersFromSearch(new URLSearchParams('range=1h&tag=vip&attr.region=eu')), now);
    expect(Object.fromEntries(query)).toEqual({
      from: String(now - 3_600_000_000), to: String(now), tag: 'vip', 'attr.region': 'eu',
    });
  });

  it('sort by a score only with its name, and flip the order on a second click', () => {
    const plain = filtersFromSearch(new URLSearchParams('sort=score'));
    expect(filtersToSearch(plain).has('sort')).toBe(false);
    const byScore = sortedByScore(plain, 'helpfulness');
    expect(filtersToSearch(byScore).toString()).toBe('scoreName=helpfulness&sort=score');
    expect(sortedByScore(byScore, 'helpfulness').order).toBe('asc');
    expect(sortedByScore(sortedByScore(byScore, 'helpfulness'), 'helpfulness').order).toBe('desc');
    expect(sortedByScore({ ...byScore, order: 'asc' }, 'thumbs')).toMatchObject({ order: 'desc', fields: { scoreName: 'thumbs' } });
    const url = 'scoreName=thumbs&minScore=0.5&maxScore=1&sort=score';
    expect(filtersToSearch(filtersFromSearch(new URLSearchParams(url))).toString()).toBe(url);
  });
});
