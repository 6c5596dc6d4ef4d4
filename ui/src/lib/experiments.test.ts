import { describe, expect, it } from 'vitest';
import { better, jsonText, pairItems } from './experiments';

describe('experiments', () => {
  it('marks the higher value, a lone value, and no tie', () => {
    expect(better(0.8, 0.5)).toBe('a');
    expect(better(0, 1)).toBe('b');
    expect(better(1, 1)).toBeNull();
    expect(better(undefined, 0)).toBe('b');
    expect(better(null, undefined)).toBeNull();
  });

  it('pairs two runs item by item, keeping items only one run has', () => {
    const item = (itemId: string) => ({ itemId, traceId: 't', scores: [], time: 0 });
    const rows = pairItems([item('x'), item('y')], [item('y'), item('z')]);
    expect(rows.map((r) => [r.itemId, !!r.a, !!r.b])).toEqual([['x', true, false], ['y', true, true], ['z', false, true]]);
  });

  it('shows strings as themselves and other JSON compactly', () => {
    expect(jsonText('Paris')).toBe('Paris');
    expect(jsonText({ q: 1 })).toBe('{"q":1}');
    expect(jsonText(undefined)).toBe('');
  });
});
