import { describe, expect, it } from 'vitest';
import { chatMessages, classify, previewText, turnText } from './payload';

describe('classify', () => {
  it('reads the usual chat shapes as a conversation', () => {
    const messages = [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Where is my parcel?' }];
    expect(classify(messages)).toEqual({ kind: 'chat', messages });
    expect(classify({ messages })).toEqual({ kind: 'chat', messages });
    expect(classify({ role: 'assistant', content: 'Tomorrow.' })).toEqual({
      kind: 'chat', messages: [{ role: 'assistant', content: 'Tomorrow.' }],
    });
  });

  it('joins text parts and keeps extra fields', () => {
    expect(chatMessages([{ role: 'user', content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }] }]))
      .toEqual([{ role: 'user', content: 'a\nb' }]);
    expect(chatMessages([{ role: 'assistant', content: '', tool_calls: [{ id: 'c1' }] }]))
      .toEqual([{ role: 'assistant', content: '', extra: { tool_calls: [{ id: 'c1' }] } }]);
  });

  it('keeps strings as text and anything else as JSON', () => {
    expect(classify('<img src=x onerror=alert(1)>')).toEqual({ kind: 'text', text: '<img src=x onerror=alert(1)>' });
    expect(classify({ documents: ['a'] }).kind).toBe('json');
    expect(classify([{ role: 'user', content: 'x' }, { other: 1 }]).kind).toBe('json');
    expect(classify([]).kind).toBe('json');
    expect(classify(42).kind).toBe('json');
  });
});

describe('turnText', () => {
  it('takes the last message of a conversation', () => {
    expect(turnText({ messages: [{ role: 'user', content: 'first' }, { role: 'user', content: 'second' }] })).toBe('second');
    expect(turnText('plain')).toBe('plain');
    expect(turnText({ a: 1 })).toBe('{\n  "a": 1\n}');
    expect(turnText(undefined)).toBeNull();
  });
});

describe('previewText', () => {
  it('puts the turn on one line', () => {
    expect(previewText([{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Where is\n  my parcel?' }]))
      .toBe('Where is my parcel?');
    expect(previewText({ orderId: 'A-1042', items: [1, 2] })).toBe('{ "orderId": "A-1042", "items": [ 1, 2 ] }');
    expect(previewText('<img src=x onerror=alert(1)>')).toBe('<img src=x onerror=alert(1)>');
  });

  it('caps long text and has nothing for an empty turn', () => {
    expect(previewText('abcdefgh', 5)).toBe('abcd…');
    expect(previewText('abcde', 5)).toBe('abcde');
    expect(previewText('  \n ')).toBeNull();
    expect(previewText(undefined)).toBeNull();
    expect(previewText(null)).toBeNull();
  });
});
