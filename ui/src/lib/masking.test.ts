import { describe, expect, it } from 'vitest';
import type { Settings } from '../api/types';
import { formOf, formProblems, maskedSummary, refusedField, sameSettings, settingsOf, type MaskingForm } from './masking';

const server: Settings = {
  masking: {
    detectors: { apiKey: false, email: true, iban: false, creditCard: false, ipAddress: false, phone: false },
    rules: [
      { name: 'ORDER_ID', pattern: 'ORD-\\d{6}', replacement: '[ORDER_ID]' },
      { name: 'TICKET', pattern: 'TCK-\\d{4}', replacement: '<ticket>' },
    ],
    dropPaths: ['metadata.password'],
  },
  retentionDays: 30,
  anomalyWebhookUrl: null,
};

const form = (changes: Partial<MaskingForm>): MaskingForm => ({ ...formOf(server), ...changes });

describe('formOf and settingsOf', () => {
  it('shows a default replacement empty and sends it as absent, so that it follows the name', () => {
    const f = formOf(server);
    expect(f.rules.map((r) => r.replacement)).toEqual(['', '<ticket>']);
    f.rules[0] = { ...f.rules[0], name: 'ORDER' };
    expect(settingsOf(f).masking.rules).toEqual([
      { name: 'ORDER', pattern: 'ORD-\\d{6}' },
      { name: 'TICKET', pattern: 'TCK-\\d{4}', replacement: '<ticket>' },
    ]);
  });

  it('round-trips every detector and drop path', () => {
    const sent = settingsOf(formOf(server));
    expect(sent.masking.detectors).toEqual(server.masking.detectors);
    expect(sent.masking.dropPaths).toEqual(['metadata.password']);
  });

  it('keeps the retention window when masking is saved, and sends an empty one as null', () => {
    expect(settingsOf(formOf(server)).retentionDays).toBe(30);
    expect(formOf({ ...server, retentionDays: null }).retentionDays).toBe('');
    expect(settingsOf(form({ retentionDays: ' ' })).retentionDays).toBeNull();
    expect(settingsOf(form({ retentionDays: '7' })).retentionDays).toBe(7);
    expect(formProblems(form({ retentionDays: 'a week' }), false).get('retentionDays')).toMatch(/whole number/);
    expect(formProblems(form({ retentionDays: '7' }), false).has('retentionDays')).toBe(false);
    expect(refusedField('retentionDays: must be a whole number of days from 1 to 36500')).toBe('retentionDays');
  });

  it('keeps the anomaly webhook, sends an empty one as null and flags what is not a URL', () => {
    expect(settingsOf(formOf({ ...server, anomalyWebhookUrl: 'https://hooks.example/a' })).anomalyWebhookUrl)
      .toBe('https://hooks.example/a');
    expect(settingsOf(form({ anomalyWebhookUrl: '  ' })).anomalyWebhookUrl).toBeNull();
    expect(formProblems(form({ anomalyWebhookUrl: 'hooks.example' }), false).get('anomalyWebhookUrl')).toMatch(/http/);
    expect(formProblems(form({ anomalyWebhookUrl: 'http://127.0.0.1:9/x' }), false).has('anomalyWebhookUrl')).toBe(false);
    expect(refusedField('anomalyWebhookUrl: must be an http or https URL')).toBe('anomalyWebhookUrl');
  });

  it('trims names and paths but sends patterns as typed, in the form\'s order', () => {
    const sent = settingsOf(form({
      rules: [{ name: ' A ', pattern: ' x ', replacement: '' }, { name: 'B', pattern: 'y', replacement: '' }],
      dropPaths: [' input.secret '],
    }));
    expect(sent.masking.rules).toEqual([{ name: 'A', pattern: ' x ' }, { name: 'B', pattern: 'y' }]);
    expect(sent.masking.dropPaths).toEqual(['input.secret']);
  });

  it('does not change the settings it was made from', () => {
    const f = formOf(server);
    f.detectors.email = false;
    f.dropPaths.push('input.x');
    expect(server.masking.detectors.email).toBe(true);
    expect(server.masking.dropPaths).toEqual(['metadata.password']);
  });
});

describe('sameSettings', () => {
  it('tells an edit from the saved state, but not a default replacement typed out', () => {
    const saved = formOf(server);
    expect(sameSettings(saved, formOf(server))).toBe(true);
    expect(sameSettings(saved, form({ detectors: { ...saved.detectors, phone: true } }))).toBe(false);
    expect(sameSettings(saved, form({ dropPaths: [] }))).toBe(false);
    const typedOut = form({ rules: [{ ...saved.rules[0], replacement: '[ORDER_ID]' }, saved.rules[1]] });
    expect(sameSettings(saved, typedOut)).toBe(true);
    expect(sameSettings(saved, form({ rules: [{ ...saved.rules[0], replacement: '[ORDER]' }, saved.rules[1]] }))).toBe(false);
  });
});

describe('formProblems', () => {
  it('finds nothing in settings the server gave', () => {
    expect(formProblems(formOf(server), true).size).toBe(0);
  });

  it('names the field as the server does, with a hint', () => {
    const problems = formProblems(form({
      rules: [{ name: 'ok_not', pattern: 'x', replacement: '' }, { name: '1ST', pattern: 'y', replacement: '' }],
      dropPaths: ['metadata.password', 'password', 'user.email', 'input..x', 'statusMessage.x.y'],
    }), false);
    expect([...problems.keys()]).toEqual([
      'masking.rules[0].name', 'masking.rules[1].name', 'masking.dropPaths[1]', 'masking.dropPaths[2]', 'masking.dropPaths[3]',
    ]);
    expect(problems.get('masking.rules[0].name')).toContain('like ORDER_ID');
    expect(problems.get('masking.dropPaths[1]')).toContain('like metadata.password');
  });

  it('reports empty fields only when asked, as a new row is not wrong yet', () => {
    const blank = form({ rules: [{ name: ' ', pattern: '', replacement: '' }], dropPaths: [''] });
    expect(formProblems(blank, false).size).toBe(0);
    expect(Object.fromEntries(formProblems(blank, true))).toEqual({
      'masking.rules[0].name': 'Required.',
      'masking.rules[0].pattern': 'Required.',
      'masking.dropPaths[0]': 'Required.',
    });
  });

  it('leaves patterns to the server, whose regular expressions are not the browser\'s', () => {
    expect(formProblems(form({ rules: [{ name: 'X', pattern: '(?<x', replacement: '' }] }), true).size).toBe(0);
  });
});

describe('refusedField', () => {
  it('reads the field out of the server\'s message', () => {
    expect(refusedField('masking.rules[0].pattern: not a valid regular expression: Unclosed group near index 1'))
      .toBe('masking.rules[0].pattern');
    expect(refusedField('masking.dropPaths[2]: must be a field (input, …) and at least one key')).toBe('masking.dropPaths[2]');
    expect(refusedField('masking.detectors.fax: unknown detector; there are apiKey, email')).toBe('masking.detectors.fax');
    expect(refusedField('malformed JSON: unexpected end of input')).toBeNull();
  });
});

describe('maskedSummary', () => {
  it('puts the most masked kinds first', () => {
    expect(maskedSummary({ DROPPED: 1, EMAIL: 2, TICKET: 1 })).toBe('2 EMAIL · 1 DROPPED · 1 TICKET');
    expect(maskedSummary({ PHONE: 1200 })).toBe('1,200 PHONE');
  });
});
