import { describe, expect, it } from 'vitest';
import { editableTemplate, parseLabels, parseTemplate, templateText } from './prompts';

describe('prompt templates and labels', () => {
  it('shows chat messages as lines and as editable JSON', () => {
    const chat = { prompt: [{ role: 'system', content: 'Be {{tone}}' }, { role: 'user', content: '{{q}}' }] };
    expect(templateText(chat)).toBe('[system]\nBe {{tone}}\n\n[user]\n{{q}}');
    expect(parseTemplate('chat', editableTemplate(chat))).toEqual(chat.prompt);
    expect(templateText({ prompt: 'Hi {{name}}' })).toBe('Hi {{name}}');
    expect(() => parseTemplate('chat', '{"role": "user"}')).toThrow('JSON array');
  });

  it('reads labels without blanks, repeats or latest', () => {
    expect(parseLabels(' production, ,staging,production, latest')).toEqual(['production', 'staging']);
    expect(parseLabels('')).toEqual([]);
  });
});
