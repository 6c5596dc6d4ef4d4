import { describe, expect, it } from 'vitest';
import type { ScoreConfig } from '../api/types';
import { EMPTY_DRAFT, draftScore, scoresOf, storedScore, thumbsScore } from './annotation';

const span = { traceId: 't'.repeat(32), spanId: 's'.repeat(16) };
const draft = (changes: Partial<typeof EMPTY_DRAFT>) => ({ ...EMPTY_DRAFT, ...changes });

describe('thumbsScore', () => {
  it('is value 1 or 0 with label up or down, as an annotation', () => {
    expect(thumbsScore(span, true, undefined, ' ada ')).toEqual({ ...span, name: 'thumbs', source: 'annotation', value: 1, label: 'up', author: 'ada' });
    expect(thumbsScore({ traceId: span.traceId }, false, undefined, '')).toEqual(
      { traceId: span.traceId, name: 'thumbs', source: 'annotation', value: 0, label: 'down' });
  });

  it('sends what the config of the name takes', () => {
    const bool: ScoreConfig = { name: 'thumbs', dataType: 'boolean' };
    expect(thumbsScore(span, true, bool, '')).not.toHaveProperty('label');
    const categories: ScoreConfig = { name: 'thumbs', dataType: 'categorical', categories: [{ label: 'up', value: 1 }, { label: 'down', value: -1 }] };
    expect(thumbsScore(span, false, categories, '')).toMatchObject({ label: 'down' });
    expect(thumbsScore(span, false, categories, '')).not.toHaveProperty('value');
  });
});

describe('draftScore', () => {
  const helpfulness: ScoreConfig = { name: 'helpfulness', dataType: 'numeric', min: 1, max: 5 };

  it('holds a numeric score to its range', () => {
    expect(draftScore(span, draft({ name: 'helpfulness', value: '9' }), helpfulness)).toBe('The value must be from 1 to 5.');
    expect(draftScore(span, draft({ name: 'helpfulness' }), helpfulness)).toBe('Give a value from 1 to 5.');
    expect(draftScore(span, draft({ name: 'helpfulness', value: '4', comment: ' clear ' }), helpfulness))
      .toEqual({ ...span, name: 'helpfulness', source: 'annotation', value: 4, comment: 'clear' });
  });

  it('takes a category or a yes/no from their configs', () => {
    const tone: ScoreConfig = { name: 'tone', dataType: 'categorical', categories: [{ label: 'warm', value: 1 }] };
    expect(draftScore(span, draft({ name: 'tone', label: 'cold' }), tone)).toBe('Choose a category.');
    expect(draftScore(span, draft({ name: 'tone', label: 'warm' }), tone)).toMatchObject({ label: 'warm' });
    const ok: ScoreConfig = { name: 'ok', dataType: 'boolean' };
    expect(draftScore(span, draft({ name: 'ok', value: '0' }), ok)).toMatchObject({ value: 0 });
    expect(draftScore(span, draft({ name: 'ok', value: '2' }), ok)).toBe('Choose yes or no.');
  });

  it('needs a name, and a value or a label for a name without config', () => {
    expect(draftScore(span, draft({ value: '1' }), undefined)).toBe('Name the score.');
    expect(draftScore(span, draft({ name: 'x' }), undefined)).toBe('Give a value, a label, or both.');
    expect(draftScore(span, draft({ name: 'x', value: 'abc' }), undefined)).toBe('The value must be a number.');
    expect(draftScore(span, draft({ name: 'x', label: 'odd' }), undefined)).toEqual({ ...span, name: 'x', source: 'annotation', label: 'odd' });
  });
});

describe('scoresOf', () => {
  it('adds the scores sent from the page to their own target, once', () => {
    const read = [storedScore({ traceId: 't', name: 'a', value: 1, source: 'api' }, 'id1', 5)];
    const added = [storedScore({ traceId: 't', name: 'b', value: 1, source: 'annotation' }, 'id1', 6),
      storedScore({ traceId: 't', name: 'c', value: 1, source: 'annotation' }, 'id2', 7),
      storedScore({ traceId: 't', spanId: 's', name: 'd', value: 1, source: 'annotation' }, 'id3', 8)];
    expect(scoresOf(read, added, undefined).map((s) => s.scoreId)).toEqual(['id1', 'id2']);
    expect(scoresOf([], added, 's').map((s) => s.name)).toEqual(['d']);
  });
});
