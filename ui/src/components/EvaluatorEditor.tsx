import { useId, useState, type FormEvent } from 'react';
import type { Evaluator } from '../api/types';
import { useApi } from '../auth/ProjectContext';
import { KIND_FIELDS, NEW_FORM, draftOf, formOf, type EvaluatorForm, type FieldSpec } from '../lib/evaluators';
import { ErrorNotice } from './Status';

const TARGETS = ['trace', 'generation', 'span', 'function', 'tool', 'retrieval', 'event', 'message', 'agent', 'system',
  'embedding', 'chain', 'reranker', 'guardrail', 'evaluator'];

/**
 * Creates an evaluator, or edits `evaluator` (its name fixed): the common fields, then the fields of
 * its kind. Answers the stored evaluator through `onSaved`.
 */
export function EvaluatorEditor({ evaluator, kinds, onSaved, onCancel }: {
  evaluator: Evaluator | null; kinds: string[]; onSaved(saved: Evaluator): void; onCancel(): void;
}) {
  const api = useApi();
  const [form, setForm] = useState<EvaluatorForm>(() => (evaluator ? formOf(evaluator) : NEW_FORM));
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const set = (changes: Partial<EvaluatorForm>) => {
    setForm({ ...form, ...changes });
    setProblem(null);
  };
  const specs = KIND_FIELDS[form.kind];

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const draft = draftOf(form);
    if (typeof draft === 'string') {
      setProblem(draft);
      return;
    }
    setSaving(true);
    setError(null);
    try {
      onSaved(evaluator ? await api.updateEvaluator(evaluator.name, draft) : await api.createEvaluator(draft));
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="card evaluator-form" onSubmit={save} data-testid="evaluator-form">
      <h2>{evaluator ? `Edit ${evaluator.name} (version ${evaluator.version})` : 'New evaluator'}</h2>
      <fieldset disabled={saving} className="evaluator-fields">
        <Input label="Name" value={form.name} disabled={evaluator !== null} placeholder="answer-length" onChange={(name) => set({ name })} />
        <Choice label="Kind" value={form.kind} choices={kinds.includes(form.kind) ? kinds : [...kinds, form.kind]}
          onChange={(kind) => set({ kind, fields: {}, rawConfig: '{}' })} />
        <Choice label="Target" value={form.target} choices={TARGETS} onChange={(target) => set({ target })} />
        <Input label="Sample rate (0 to 1)" value={form.sampleRate} placeholder="1" onChange={(sampleRate) => set({ sampleRate })} />
        <label className="field wide">
          <span>Filter (JSON: trace-list filters; empty for every trace)</span>
          <textarea rows={2} value={form.filter} placeholder='{"feature": "chat", "model": "gpt-4o"}' spellCheck={false}
            onChange={(e) => set({ filter: e.target.value })} />
        </label>
        <label className="switch wide">
          <input type="checkbox" role="switch" checked={form.enabled} onChange={(e) => set({ enabled: e.target.checked })} /> Enabled
        </label>
      </fieldset>
      <fieldset disabled={saving} className="evaluator-fields" data-testid="kind-fields">
        <legend>Config of {form.kind}</legend>
        {specs ? specs.map((spec) => (
          <ConfigField key={spec.key} spec={spec} value={form.fields[spec.key] ?? ''}
            onChange={(v) => set({ fields: { ...form.fields, [spec.key]: v } })} />
        )) : (
          <label className="field wide">
            <span>Config (JSON; this page has no form for the kind {form.kind})</span>
            <textarea rows={6} value={form.rawConfig} spellCheck={false} onChange={(e) => set({ rawConfig: e.target.value })} />
          </label>
        )}
      </fieldset>
      <div className="row">
        <button type="submit" className="primary" disabled={saving}>{saving ? 'Saving…' : evaluator ? 'Save' : 'Create'}</button>
        <button type="button" onClick={onCancel} disabled={saving}>Cancel</button>
        {problem ? <span className="field-problem" role="alert">{problem}</span> : null}
      </div>
      {error ? <ErrorNotice error={error} /> : null}
    </form>
  );
}

function ConfigField({ spec, value, onChange }: { spec: FieldSpec; value: string; onChange(value: string): void }) {
  const label = `${spec.label}${spec.required ? ' *' : ''}`;
  if (spec.type === 'choice') {
    return <Choice label={label} value={value || spec.choices![0]} choices={spec.choices!} onChange={onChange} />;
  }
  if (spec.type === 'boolean') {
    // Left empty, the field is not sent and the server's default holds.
    return (
      <label className="field"><span>{label}</span>
        <select value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">{spec.fallback} (default)</option>
          <option value="true">{spec.choices![0]}</option>
          <option value="false">{spec.choices![1]}</option>
        </select>
      </label>
    );
  }
  if (spec.type === 'textarea' || spec.type === 'list' || spec.type === 'json') {
    return (
      <label className="field wide"><span>{label}</span>
        <textarea rows={spec.type === 'list' ? 3 : 5} value={value} placeholder={spec.placeholder} spellCheck={false}
          onChange={(e) => onChange(e.target.value)} />
      </label>
    );
  }
  return <Input label={label} value={value} placeholder={spec.placeholder} onChange={onChange} />;
}

function Input({ label, value, placeholder, disabled, onChange }: {
  label: string; value: string; placeholder?: string; disabled?: boolean; onChange(value: string): void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} value={value} placeholder={placeholder} disabled={disabled} autoComplete="off" spellCheck={false}
        onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}

function Choice({ label, value, choices, onChange }: { label: string; value: string; choices: string[]; onChange(value: string): void }) {
  return (
    <label className="field"><span>{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        {choices.map((c) => <option key={c} value={c}>{c}</option>)}
      </select>
    </label>
  );
}
