import type { Score, SpanType, Status } from '../api/types';
import { formatScore } from '../lib/format';

export function StatusBadge({ status, errors = 0 }: { status?: Status; errors?: number }) {
  const label = status ?? 'unknown';
  const failed = status === 'failure' || errors > 0;
  const text = errors > 0 && status !== 'failure' ? `${label} · ${errors} failed` : label;
  return <span className={`badge status-${failed ? 'failure' : label}`}>{text}</span>;
}

/** Marks a value the server inferred (counted tokens, a priced cost) rather than one the app sent. */
export function InferredMark({ what }: { what: string }) {
  return <span className="badge inferred" data-testid="inferred" title={`${what} inferred by the server, not reported by the app`}>inferred</span>;
}

export function Tags({ tags }: { tags?: string[] }) {
  if (!tags?.length) {
    return null;
  }
  return <span className="tags">{tags.map((t) => <span key={t} className="tag">{t}</span>)}</span>;
}

export function ScoreChips({ scores }: { scores?: Score[] }) {
  if (!scores?.length) {
    return null;
  }
  return (
    <span className="tags">
      {scores.map((s) => {
        const text = formatScore(s);
        return <span key={s.scoreId} className="tag score" title={s.comment ? `${text} — ${s.comment}` : text}>{text}</span>;
      })}
    </span>
  );
}

const ICONS: Record<SpanType, { glyph: string; label: string }> = {
  span: { glyph: '▭', label: 'span' },
  function: { glyph: 'ƒ', label: 'function' },
  tool: { glyph: '⚒', label: 'tool' },
  retrieval: { glyph: '⌕', label: 'retrieval' },
  event: { glyph: '◆', label: 'event' },
  generation: { glyph: '✦', label: 'generation' },
  message: { glyph: '✉', label: 'message' },
  agent: { glyph: '◎', label: 'agent' },
  system: { glyph: '⚙', label: 'system' },
  embedding: { glyph: '⋮', label: 'embedding' },
  chain: { glyph: '⇢', label: 'chain' },
  reranker: { glyph: '⇅', label: 'reranker' },
  guardrail: { glyph: '◈', label: 'guardrail' },
  evaluator: { glyph: '✓', label: 'evaluator' },
};

export function SpanIcon({ type = 'span' }: { type?: SpanType }) {
  const icon = ICONS[type] ?? ICONS.span;
  return <span className={`span-icon type-${type}`} title={icon.label} aria-label={icon.label}>{icon.glyph}</span>;
}
