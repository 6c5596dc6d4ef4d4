import { useId, useState, type FormEvent } from 'react';
import { ApiError } from '../api/client';
import type { Settings } from '../api/types';
import { useApi, useProjects } from '../auth/ProjectContext';
import { Async, ErrorNotice } from '../components/Status';
import {
  DETECTORS, DROP_FIELDS, defaultReplacement, formOf, formProblems, refusedField, sameSettings, settingsOf,
  type MaskingForm, type RuleDraft,
} from '../lib/masking';
import { formatTime } from '../lib/format';
import { useAsync } from '../lib/useAsync';

/** The signed-in project's settings: what masking replaces or drops at ingestion, and how long traces are kept. */
export function SettingsPage() {
  const api = useApi();
  const { store } = useProjects();
  const state = useAsync(() => api.settings(), [api]);
  return (
    <div className="page settings">
      <div className="page-head">
        <h1>Settings</h1>
        <span className="muted">Project “{store.current!.name}”</span>
      </div>
      <Async state={state} loading="Loading settings">{(settings) => <MaskingEditor initial={settings} />}</Async>
    </div>
  );
}

function MaskingEditor({ initial }: { initial: Settings }) {
  const api = useApi();
  const [saved, setSaved] = useState(() => formOf(initial));
  const [form, setForm] = useState(saved);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [savedNow, setSavedNow] = useState(false);
  // Empty fields are pointed out once a save was tried, not as soon as a row is added.
  const [tried, setTried] = useState(false);

  const problems = formProblems(form, tried);
  const refused = error instanceof ApiError && error.status === 400 ? refusedField(error.message) : null;
  const problemAt = (path: string) => problems.get(path) ?? (path === refused ? 'Refused by the server, see below.' : undefined);
  const dirty = !sameSettings(form, saved);
  // Adding or removing a row renumbers the rows the server's message may name.
  const restructure = (next: MaskingForm) => {
    setForm(next);
    setError(null);
  };
  const discard = () => {
    restructure(saved);
    setTried(false);
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (formProblems(form, true).size > 0) {
      return;
    }
    setSaving(true);
    setError(null);
    try {
      const now = formOf(await api.putSettings(settingsOf(form)));
      setSaved(now);
      setForm(now);
      setSavedNow(true);
      setTried(false);
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="settings-form" onSubmit={save} data-testid="settings-form">
      <section className="card settings-note">
        <h2>Masking</h2>
        <p>
          Personal and secret values are replaced before anything is written to disk: in inputs, outputs,
          metadata, attributes, prompt variables, errors, status messages and score comments (values only,
          not the keys of JSON objects).
        </p>
        <p>
          <strong>Masking applies to data ingested after you save.</strong> Traces already stored keep their
          values. Masked values read <code>{Object.values(DETECTORS).map((d) => d.placeholder).join(' ')}</code> or
          a rule's replacement; a trace with masked values says how many on its page.
        </p>
      </section>
      <fieldset className="settings-fields" disabled={saving}>
        <DetectorSwitches detectors={form.detectors} onChange={(detectors) => setForm({ ...form, detectors })} />
        <RulesEditor rules={form.rules} problemAt={problemAt}
          onEdit={(rules) => setForm({ ...form, rules })} onRestructure={(rules) => restructure({ ...form, rules })} />
        <DropPathsEditor paths={form.dropPaths} problemAt={problemAt}
          onEdit={(dropPaths) => setForm({ ...form, dropPaths })} onRestructure={(dropPaths) => restructure({ ...form, dropPaths })} />
        <RetentionEditor days={form.retentionDays} problem={problemAt('retentionDays')}
          onChange={(retentionDays) => setForm({ ...form, retentionDays })} />
        <fieldset className="card settings-section" data-testid="anomaly-webhook">
          <legend>Anomaly webhook</legend>
          <p className="muted">
            Every few minutes the server looks for anomalies in the hours just ended and posts each new one, once, as
            JSON to this URL. Empty posts nothing.
          </p>
          <Field label="Webhook URL" value={form.anomalyWebhookUrl} placeholder="https://hooks.example.com/sightline"
            problem={problemAt('anomalyWebhookUrl')} onChange={(anomalyWebhookUrl) => setForm({ ...form, anomalyWebhookUrl })} />
        </fieldset>
      </fieldset>
      <div className="settings-actions">
        <button type="submit" className="primary" disabled={saving || !dirty}>{saving ? 'Saving…' : 'Save'}</button>
        {dirty ? <button type="button" disabled={saving} onClick={discard}>Discard changes</button> : null}
        <span className="muted" role="status">
          {saving ? '' : dirty ? 'Unsaved changes.' : savedNow ? '✓ Saved. The settings apply to data ingested from now on.' : ''}
        </span>
      </div>
      {problems.size > 0 && tried ? <div className="state state-error" role="alert">Some fields need a fix, see above.</div> : null}
      {error ? <ErrorNotice error={error} /> : null}
    </form>
  );
}

function DetectorSwitches({ detectors, onChange }: {
  detectors: Record<string, boolean>; onChange(detectors: Record<string, boolean>): void;
}) {
  const id = useId();
  return (
    <fieldset className="card settings-section">
      <legend>Detectors</legend>
      <p className="muted">Values found by their form, checked where a pattern alone would catch too much (card numbers, IBANs).</p>
      <ul className="detector-list">
        {Object.entries(detectors).map(([name, on]) => {
          // A detector of a newer server than this page still gets its switch, by its setting name.
          const info = DETECTORS[name];
          return (
            <li key={name}>
              <label className="switch">
                <input type="checkbox" role="switch" checked={on} aria-describedby={info ? `${id}-${name}` : undefined}
                  onChange={(e) => onChange({ ...detectors, [name]: e.target.checked })} />
                {info?.label ?? name}
              </label>
              {info ? <span id={`${id}-${name}`} className="muted small mono">{info.example} → {info.placeholder}</span> : null}
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}

/** Why the field at a path (`masking.rules[0].name`) would be or was refused, if it is. */
type ProblemAt = (path: string) => string | undefined;

function RulesEditor({ rules, problemAt, onEdit, onRestructure }: {
  rules: RuleDraft[]; problemAt: ProblemAt; onEdit(rules: RuleDraft[]): void; onRestructure(rules: RuleDraft[]): void;
}) {
  const update = (i: number, rule: RuleDraft) => onEdit(rules.map((r, j) => (j === i ? rule : r)));
  return (
    <fieldset className="card settings-section">
      <legend>Custom rules</legend>
      <p className="muted">
        Every match of a pattern (a Java regular expression) becomes the replacement; rules apply after the detectors, in order.
      </p>
      {rules.map((rule, i) => {
        const at = `masking.rules[${i}]`;
        return (
          <fieldset key={i} className="rule" data-testid="masking-rule">
            <legend>Rule {i + 1}</legend>
            <div className="rule-fields">
              <Field label="Name" value={rule.name} placeholder="ORDER_ID" problem={problemAt(`${at}.name`)}
                onChange={(name) => update(i, { ...rule, name })} />
              <Field label="Pattern" value={rule.pattern} placeholder="ORD-\d{6}" problem={problemAt(`${at}.pattern`)}
                onChange={(pattern) => update(i, { ...rule, pattern })} />
              <Field label="Replacement" value={rule.replacement} placeholder={defaultReplacement(rule.name.trim() || 'NAME')}
                onChange={(replacement) => update(i, { ...rule, replacement })} />
              <button type="button" aria-label={`Remove rule ${i + 1}`} onClick={() => onRestructure(rules.filter((_, j) => j !== i))}>
                Remove
              </button>
            </div>
          </fieldset>
        );
      })}
      <button type="button" className="link" onClick={() => onRestructure([...rules, { name: '', pattern: '', replacement: '' }])}>
        + Add a rule
      </button>
    </fieldset>
  );
}

function DropPathsEditor({ paths, problemAt, onEdit, onRestructure }: {
  paths: string[]; problemAt: ProblemAt; onEdit(paths: string[]): void; onRestructure(paths: string[]): void;
}) {
  return (
    <fieldset className="card settings-section">
      <legend>Dropped fields</legend>
      <p className="muted">
        Keys removed whole, by their path: a field ({DROP_FIELDS.join(', ')}) and keys joined by dots. A path goes
        through every element of a list on its way: <code>input.messages.name</code> drops each message's name.
        The trace page counts removals as DROPPED.
      </p>
      {paths.map((path, i) => (
        <div key={i} className="drop-path" data-testid="drop-path">
          <Field label={`Dropped field ${i + 1}`} hideLabel value={path} placeholder="metadata.password"
            problem={problemAt(`masking.dropPaths[${i}]`)} onChange={(p) => onEdit(paths.map((q, j) => (j === i ? p : q)))} />
          <button type="button" aria-label={`Remove dropped field ${i + 1}`} onClick={() => onRestructure(paths.filter((_, j) => j !== i))}>
            Remove
          </button>
        </div>
      ))}
      <button type="button" className="link" onClick={() => onRestructure([...paths, ''])}>+ Add a field to drop</button>
    </fieldset>
  );
}

function RetentionEditor({ days, problem, onChange }: { days: string; problem?: string; onChange(days: string): void }) {
  const api = useApi();
  const status = useAsync(() => api.retention(), [api]);
  return (
    <fieldset className="card settings-section" data-testid="retention">
      <legend>Retention</legend>
      <p className="muted">
        Traces that started longer ago than this are hidden from every view and query at once, and deleted in the
        background (every few minutes, in bounded steps). Empty keeps traces.
      </p>
      <Field label="Keep traces for (days)" value={days} placeholder="keep" problem={problem} onChange={onChange} />
      <Async state={status} loading="Loading the retention job's progress">
        {(s) => (
          <>
            <p className="muted small" data-testid="retention-status">
              {s.lastRunAt === null ? 'The deletion job has not run since the server started.'
                : `Last run ${formatTime(s.lastRunAt)}: ${s.lastRunDeleted.toLocaleString('en-US')} traces deleted`
                  + ` (${s.deletedSinceStart.toLocaleString('en-US')} since the server started).`}
            </p>
            <p className="muted small" data-testid="reclaim-status">
              {s.diskReclaim.lastRunAt === null ? 'Deleted texts have not been removed from disk since the server started.'
                : `Deleted texts last removed from disk ${formatTime(s.diskReclaim.lastRunAt)}:`
                  + ` ${(s.diskReclaim.reclaimedBytes / 1048576).toFixed(1)} MB given back since the server started.`}
            </p>
            <p className="muted small" data-testid="rewrite-status">
              {s.diskReclaim.rewritePendingSince !== null
                ? `Other values of traces deleted since ${formatTime(s.diskReclaim.rewritePendingSince)} are still on disk`
                  + ' until the database is next rewritten.'
                : s.diskReclaim.lastRewriteAt === null ? 'No deleted values await a database rewrite.'
                  : `Deleted values last removed from the database file ${formatTime(s.diskReclaim.lastRewriteAt)}.`}
            </p>
          </>
        )}
      </Async>
    </fieldset>
  );
}

/** A text input with its label and, when its value would be refused, why. */
function Field({ label, hideLabel = false, value, placeholder, problem, onChange }: {
  label: string; hideLabel?: boolean; value: string; placeholder: string; problem?: string; onChange(value: string): void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id} className={hideLabel ? 'sr-only' : undefined}>{label}</label>
      <input id={id} value={value} placeholder={placeholder} spellCheck={false} autoComplete="off"
        aria-invalid={problem ? true : undefined} aria-describedby={problem ? `${id}-problem` : undefined}
        onChange={(e) => onChange(e.target.value)} />
      {problem ? <span id={`${id}-problem`} className="field-problem">{problem}</span> : null}
    </div>
  );
}
