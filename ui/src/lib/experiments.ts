import type { Json, RunItem, RunScore } from '../api/types';

/** Which of two runs' values of one score is better (higher is better), or null for a tie or nothing to compare. */
export function better(a: number | null | undefined, b: number | null | undefined): 'a' | 'b' | null {
  const hasA = a !== null && a !== undefined;
  const hasB = b !== null && b !== undefined;
  if (hasA && hasB) {
    return a > b ? 'a' : b > a ? 'b' : null;
  }
  return hasA ? 'a' : hasB ? 'b' : null;
}

/** A score of an item's result by evaluator name. */
export function scoreOf(item: RunItem | undefined, name: string): RunScore | undefined {
  return item?.scores.find((s) => s.name === name);
}

/** Two runs item by item, by item id, in the first run's order then the second's. */
export function pairItems(a: RunItem[], b: RunItem[]): { itemId: string; a?: RunItem; b?: RunItem }[] {
  const byB = new Map(b.map((i) => [i.itemId, i]));
  const rows: { itemId: string; a?: RunItem; b?: RunItem }[] = a.map((i) => ({ itemId: i.itemId, a: i, b: byB.get(i.itemId) }));
  const seen = new Set(a.map((i) => i.itemId));
  for (const i of b) {
    if (!seen.has(i.itemId)) {
      rows.push({ itemId: i.itemId, b: i });
    }
  }
  return rows;
}

/** A JSON value as short text: a string as itself, anything else as compact JSON. */
export function jsonText(value: Json | undefined): string {
  if (value === undefined || value === null) {
    return '';
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}
