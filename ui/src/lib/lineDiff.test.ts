import { describe, expect, it } from 'vitest';
import { lineDiff } from './lineDiff';

const sides = (rows: ReturnType<typeof lineDiff>) =>
  rows.map((r) => `${r.kind} ${r.left ? `${r.left.line}:${r.left.text}` : '-'} | ${r.right ? `${r.right.line}:${r.right.text}` : '-'}`);

describe('lineDiff', () => {
  it('keeps equal texts aligned', () => {
    expect(sides(lineDiff('a\nb', 'a\nb'))).toEqual(['same 1:a | 1:a', 'same 2:b | 2:b']);
  });

  it('pairs a changed line and shows insertions and removals alone', () => {
    expect(sides(lineDiff('hello\nname: {{name}}\nbye', 'hello\nname: {{ user }}\nextra\nbye'))).toEqual([
      'same 1:hello | 1:hello',
      'changed 2:name: {{name}} | 2:name: {{ user }}',
      'added - | 3:extra',
      'same 3:bye | 4:bye',
    ]);
    expect(sides(lineDiff('a\nx\nb', 'a\nb'))).toEqual(['same 1:a | 1:a', 'removed 2:x | -', 'same 3:b | 2:b']);
  });

  it('compares from and to empty texts', () => {
    expect(sides(lineDiff('', 'x'))).toEqual(['changed 1: | 1:x']);
    expect(sides(lineDiff('a\nb', ''))).toEqual(['changed 1:a | 1:', 'removed 2:b | -']);
  });

  it('falls back to one block for very long texts', () => {
    const long = Array.from({ length: 5000 }, (_, i) => `line ${i}`).join('\n');
    const rows = lineDiff(long, `${long}\nmore`);
    expect(rows.length).toBe(5001);
    expect(rows[0].kind).toBe('changed');
  });
});
