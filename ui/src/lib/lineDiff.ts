/** One row of a side-by-side diff: a line of the old text, of the new one, or both. */
export interface DiffRow {
  kind: 'same' | 'removed' | 'added' | 'changed';
  /** 1-based line number and text on the old side, absent for an added line. */
  left?: { line: number; text: string };
  /** 1-based line number and text on the new side, absent for a removed line. */
  right?: { line: number; text: string };
}

/** Texts longer than this many lines on both sides are compared without aligning the common lines. */
const MAX_LINES = 4000;

/**
 * A line diff of two texts for showing side by side: the longest common subsequence of lines is
 * kept aligned ('same'); between those, removed and added lines are paired up as 'changed' rows
 * and the rest shown alone. Quadratic in the lines, so very long texts fall back to one block of
 * changes.
 */
export function lineDiff(oldText: string, newText: string): DiffRow[] {
  const a = oldText.split('\n');
  const b = newText.split('\n');
  const ops = a.length * b.length > MAX_LINES * MAX_LINES ? blockOps(a, b) : lcsOps(a, b);
  const rows: DiffRow[] = [];
  let removed: { line: number; text: string }[] = [];
  let added: { line: number; text: string }[] = [];
  const flush = () => {
    for (let k = 0; k < Math.max(removed.length, added.length); k++) {
      const left = removed[k];
      const right = added[k];
      rows.push({ kind: left && right ? 'changed' : left ? 'removed' : 'added', left, right });
    }
    removed = [];
    added = [];
  };
  for (const op of ops) {
    if (op.kind === 'same') {
      flush();
      rows.push({ kind: 'same', left: { line: op.i + 1, text: a[op.i] }, right: { line: op.j + 1, text: b[op.j] } });
    } else if (op.kind === 'removed') {
      removed.push({ line: op.i + 1, text: a[op.i] });
    } else {
      added.push({ line: op.j + 1, text: b[op.j] });
    }
  }
  flush();
  return rows;
}

type Op = { kind: 'same'; i: number; j: number } | { kind: 'removed'; i: number } | { kind: 'added'; j: number };

function lcsOps(a: string[], b: string[]): Op[] {
  // lengths[i][j]: the longest common subsequence of a[i..] and b[j..].
  const lengths = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i][j] = a[i] === b[j] ? lengths[i + 1][j + 1] + 1 : Math.max(lengths[i + 1][j], lengths[i][j + 1]);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      ops.push({ kind: 'same', i: i++, j: j++ });
    } else if (lengths[i + 1][j] >= lengths[i][j + 1]) {
      ops.push({ kind: 'removed', i: i++ });
    } else {
      ops.push({ kind: 'added', j: j++ });
    }
  }
  while (i < a.length) ops.push({ kind: 'removed', i: i++ });
  while (j < b.length) ops.push({ kind: 'added', j: j++ });
  return ops;
}

function blockOps(a: string[], b: string[]): Op[] {
  return [...a.map((_, i): Op => ({ kind: 'removed', i })), ...b.map((_, j): Op => ({ kind: 'added', j }))];
}
