import { describe, expect, it } from 'vitest';
import type { Evaluator } from '../api/types';
import { NEW_FORM, draftOf, formOf } from './evaluators';

const stored: Evaluator = {
  name: 'answer-length', kind: 'length', target: 'generation', sampleRate: 0.5, filter: { feature: 'chat' },
  config: { min: 1, max: 2000 }, enabled: true, version: 3, createdAt: 1, updatedAt: 2,
};

describe('the evaluator form', () => {
  it('round-trips a known kind through its fields', () => {
    const form = formOf(stored);
    expect(form.fields).toEqual({ min: '1', max: '2000' });
    expect(draftOf(form)).toEqual({
      name: 'answer-length', kind: 'length', target: 'generation', sampleRate: 0.5, filter: { feature: 'chat' },
      config: { min: 1, max: 2000 }, enabled: true,
    });
  });

  it('turns lists, choices and yes/no into their JSON', () => {
    const form = { ...NEW_FORM, name: 'polite', kind: 'contains', fields: { values: 'thanks\n\n please ', mode: 'all', caseSensitive: 'true' } };
    expect(draftOf(form)).toMatchObject({ config: { values: ['thanks', 'please'], mode: 'all', caseSensitive: true } });
    const schema = { ...NEW_FORM, kind: 'json-schema', fields: { schema: '{"type": "object"}' } };
    expect(draftOf(schema)).toMatchObject({ config: { schema: { type: 'object' } } });
  });

  it('names the field at fault', () => {
    expect(draftOf({ ...NEW_FORM, kind: 'regex' })).toBe('config.pattern: required');
    expect(draftOf({ ...NEW_FORM, fields: { min: '1.5' } })).toBe('config.min: must be a whole number');
    expect(draftOf({ ...NEW_FORM, kind: 'json-schema', fields: { schema: '{' } })).toBe('config.schema: not valid JSON');
    expect(draftOf({ ...NEW_FORM, sampleRate: '2' })).toBe('sampleRate: must be a number from 0 to 1');
    expect(draftOf({ ...NEW_FORM, filter: '[1]' })).toMatch(/^filter: /);
  });

  it('keeps the config of an unknown kind as raw JSON', () => {
    const form = formOf({ ...stored, kind: 'sentiment', config: { language: 'en' } });
    expect(JSON.parse(form.rawConfig)).toEqual({ language: 'en' });
    expect(draftOf(form)).toMatchObject({ kind: 'sentiment', config: { language: 'en' } });
    expect(draftOf({ ...form, rawConfig: 'nope' })).toBe('config: must be a JSON object');
  });
});
