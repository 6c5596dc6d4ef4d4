import { describe, expect, it } from 'vitest';
import { parseHidden, parseStored } from './hiddenColumns';

describe('parseHidden', () => {
  const known = ['tokens', 'cost', 'tags'] as const;

  it('keeps the stored columns the list still has', () => {
    expect([...parseHidden('["cost","gone","tags"]', known)]).toEqual(['cost', 'tags']);
    expect(parseHidden(null, known).size).toBe(0);
  });

  it('hides nothing when the entry is damaged', () => {
    expect(parseHidden('{"cost":true}', known).size).toBe(0);
    expect(parseHidden('not json', known).size).toBe(0);
  });
});

describe('parseStored', () => {
  it('keeps every stored name, known or not, and drops what is not a name', () => {
    expect(parseStored('["helpfulness",3,"thumbs"]')).toEqual(['helpfulness', 'thumbs']);
    expect(parseStored('nope')).toEqual([]);
  });
});
