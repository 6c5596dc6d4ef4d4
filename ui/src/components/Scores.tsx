import { useId, useState, type FormEvent } from 'react';
import type { NewScore, Score, ScoreConfig } from '../api/types';
import { useApi } from '../auth/ProjectContext';
import {
  EMPTY_DRAFT, THUMBS, draftScore, storedScore, thumbsScore, type AnnotationDraft, type Target,
} from '../lib/annotation';
import { formatTime } from '../lib/format';
import { useAsync } from '../lib/useAsync';
import { useCanWrite } from '../lib/useCanWrite';
import { ScoreChips } from './Badges';
import { Section } from './KeyValues';
import { LongText } from './LongText';
import { ErrorNotice } from './Status';

const AUTHOR = 'sightline.author';

/**
 * The scores of a trace or span (name, value or label, source, author, time, comment) and, for a key
 * that may write, the form that annotates it; a score sent shows here at once through `onAdded`.
 */
export function ScoresSection({ scores, target, onAdded }: { scores: Score[]; target: Target; onAdded(score: Score): void }) {
  const canWrite = useCanWrite();
  return (
    <Section title="Scores and feedback" testId="scores">
      {scores.length === 0 ? <div className="muted">None.</div> : (
        <ul className="score-list">
          {scores.map((s) => (
            <li key={s.scoreId} data-testid="score-item">
              <ScoreChips scores={[s]} />
              <span className="muted small"> {s.source}{s.author ? ` by ${s.author}` : ''}{s.time ? `, ${formatTime(s.time)}` : ''}</span>
              {s.comment ? <LongText text={s.comment} limit={500} className="score-comment" /> : null}
            </li>
          ))}
        </ul>
      )}
      {canWrite ? <AnnotationForm target={target} onAdded={onAdded} /> : null}
    </Section>
  );
}

function AnnotationForm({ target, onAdded }: { target: Target; onAdded(score: Score): void }) {
  const api = useApi();
  const id = useId();
  const configs = useAsync(() => api.scoreConfigs().then((c) => c.items), [api]);
  const known = configs.status === 'done' ? configs.data : [];
  const [draft, setDraft] = useState<AnnotationDraft>(() => ({ ...EMPTY_DRAFT, author: localStorage.getItem(AUTHOR) ?? '' }));
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const config = known.find((c) => c.name === draft.name.trim());
  const set = (changes: Partial<AnnotationDraft>) => {
    setDraft({ ...draft, ...changes });
    setProblem(null);
  };

  const send = async (score: NewScore) => {
    setSending(true);
    setError(null);
    try {
      const answer = await api.postScores([score]);
      onAdded(storedScore(score, answer.scores[0].scoreId));
      localStorage.setItem(AUTHOR, draft.author.trim());
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setSending(false);
    }
  };
  const thumbs = (up: boolean) => void send(thumbsScore(target, up, known.find((c) => c.name === THUMBS), draft.author));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const score = draftScore(target, draft, config);
    if (typeof score === 'string') {
      setProblem(score);
    } else if (await send(score)) {
      setDraft({ ...EMPTY_DRAFT, author: draft.author });
    }
  };

  return (
    <form className="annotate" onSubmit={submit} data-testid="annotate" aria-label="Annotate">
      <div className="row annotate-thumbs">
        <span className="muted small">Rate {target.spanId ? 'this span' : 'this trace'}:</span>
        <button type="button" disabled={sending} aria-label="Thumbs up" title={`Score ${THUMBS}: 1 (up)`} onClick={() => thumbs(true)}>▲ Up</button>
        <button type="button" disabled={sending} aria-label="Thumbs down" title={`Score ${THUMBS}: 0 (down)`} onClick={() => thumbs(false)}>▼ Down</button>
      </div>
      <div className="annotate-fields">
        <label className="field">
          <span>Score name</span>
          <input value={draft.name} list={`${id}-names`} placeholder="e.g. helpfulness" autoComplete="off" spellCheck={false}
            onChange={(e) => set({ name: e.target.value, value: '', label: '' })} />
          <datalist id={`${id}-names`}>{known.map((c) => <option key={c.name} value={c.name} />)}</datalist>
        </label>
        <ValueInput config={config} draft={draft} onChange={set} />
        <label className="field">
          <span>Your name</span>
          <input value={draft.author} placeholder="optional" autoComplete="off" onChange={(e) => set({ author: e.target.value })} />
        </label>
      </div>
      <label className="field">
        <span>Comment</span>
        <textarea value={draft.comment} rows={2} placeholder="optional" onChange={(e) => set({ comment: e.target.value })} />
      </label>
      {config?.description ? <div className="muted small">{config.description}</div> : null}
      <div className="row">
        <button type="submit" className="primary" disabled={sending}>{sending ? 'Saving…' : 'Add score'}</button>
        {problem ? <span className="field-problem" role="alert">{problem}</span> : null}
      </div>
      {error ? <ErrorNotice error={error} /> : null}
    </form>
  );
}

/** The value the config of the name asks for: a bounded number, yes/no, a category; else a number and a label. */
function ValueInput({ config, draft, onChange }: {
  config: ScoreConfig | undefined; draft: AnnotationDraft; onChange(changes: Partial<AnnotationDraft>): void;
}) {
  if (config?.dataType === 'boolean') {
    return (
      <label className="field"><span>Value</span>
        <select value={draft.value} onChange={(e) => onChange({ value: e.target.value })}>
          <option value="">Choose…</option><option value="1">yes (1)</option><option value="0">no (0)</option>
        </select>
      </label>
    );
  }
  if (config?.dataType === 'categorical') {
    return (
      <label className="field"><span>Category</span>
        <select value={draft.label} onChange={(e) => onChange({ label: e.target.value })}>
          <option value="">Choose…</option>
          {config.categories?.map((c) => <option key={c.label} value={c.label}>{c.label} ({c.value})</option>)}
        </select>
      </label>
    );
  }
  const bounds = config?.dataType === 'numeric'
    ? [config.min, config.max].map((b) => (b === undefined ? '' : String(b))) : ['', ''];
  return (
    <>
      <label className="field">
        <span>Value{bounds[0] || bounds[1] ? ` (${bounds[0] || '…'} to ${bounds[1] || '…'})` : ''}</span>
        <input type="number" step="any" value={draft.value} min={bounds[0] || undefined} max={bounds[1] || undefined}
          onChange={(e) => onChange({ value: e.target.value })} />
      </label>
      {config ? null : (
        <label className="field">
          <span>Label</span>
          <input value={draft.label} placeholder="optional" autoComplete="off" onChange={(e) => onChange({ label: e.target.value })} />
        </label>
      )}
    </>
  );
}
