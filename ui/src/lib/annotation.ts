import type { NewScore, Score, ScoreConfig } from '../api/types';

/**
 * Annotations from the trace page: what the form holds, and the score it sends to
 * `POST /api/scores` (always `source: "annotation"`), following the project's score config for the
 * chosen name when there is one.
 */

/** The name of a thumbs up (value 1, label `up`) or thumbs down (value 0, label `down`). */
export const THUMBS = 'thumbs';

export interface AnnotationDraft {
  name: string;
  /** The number typed, or for a boolean config `1`/`0`; empty for none. */
  value: string;
  /** The label typed, or a categorical config's category; empty for none. */
  label: string;
  comment: string;
  author: string;
}

export const EMPTY_DRAFT: AnnotationDraft = { name: '', value: '', label: '', comment: '', author: '' };

export interface Target {
  traceId: string;
  /** Absent for the trace itself. */
  spanId?: string;
}

/**
 * The thumbs score. A config for the name decides which of value and label are sent: a boolean or
 * numeric config takes the value alone (the server adds a boolean's label), a categorical one the
 * label when it is one of its categories.
 */
export function thumbsScore(target: Target, up: boolean, config: ScoreConfig | undefined, author: string): NewScore {
  const label = up ? 'up' : 'down';
  const value = up ? 1 : 0;
  const score: NewScore = { ...target, name: THUMBS, source: 'annotation', ...withAuthor(author) };
  if (config?.dataType === 'categorical') {
    return config.categories?.some((c) => c.label === label) ? { ...score, label } : { ...score, value };
  }
  return config ? { ...score, value } : { ...score, value, label };
}

/**
 * The score of the form, or why it cannot be sent yet (the server checks the config again and has
 * the last word).
 */
export function draftScore(target: Target, draft: AnnotationDraft, config: ScoreConfig | undefined): NewScore | string {
  const name = draft.name.trim();
  if (!name) {
    return 'Name the score.';
  }
  const score: NewScore = {
    ...target, name, source: 'annotation',
    ...(draft.comment.trim() ? { comment: draft.comment.trim() } : {}), ...withAuthor(draft.author),
  };
  const label = draft.label.trim();
  const text = draft.value.trim();
  const value = text === '' ? undefined : Number(text);
  if (value !== undefined && !Number.isFinite(value)) {
    return 'The value must be a number.';
  }
  switch (config?.dataType) {
    case 'numeric':
      if (value === undefined) {
        return `Give a value${range(config)}.`;
      }
      if ((config.min !== undefined && value < config.min) || (config.max !== undefined && value > config.max)) {
        return `The value must be${range(config)}.`;
      }
      return { ...score, value };
    case 'boolean':
      return value === 0 || value === 1 ? { ...score, value } : 'Choose yes or no.';
    case 'categorical':
      return config.categories?.some((c) => c.label === label) ? { ...score, label } : 'Choose a category.';
    default:
      if (value === undefined && !label) {
        return 'Give a value, a label, or both.';
      }
      return { ...score, ...(value !== undefined ? { value } : {}), ...(label ? { label } : {}) };
  }
}

/** The score as stored, for showing it before the trace is read again. */
export function storedScore(score: NewScore, scoreId: string, now = Date.now() * 1000): Score {
  return { ...score, scoreId, time: now };
}

/** The scores of one target: those read with the trace, then those added since, each once. */
export function scoresOf(read: Score[], added: Score[], spanId: string | undefined): Score[] {
  const known = new Set(read.map((s) => s.scoreId));
  return [...read, ...added.filter((s) => s.spanId === spanId && !known.has(s.scoreId))];
}

function range(config: ScoreConfig): string {
  if (config.min !== undefined && config.max !== undefined) {
    return ` from ${config.min} to ${config.max}`;
  }
  if (config.min !== undefined) {
    return ` of at least ${config.min}`;
  }
  return config.max !== undefined ? ` of at most ${config.max}` : '';
}

function withAuthor(author: string): { author?: string } {
  return author.trim() ? { author: author.trim() } : {};
}
