import { useState, type FormEvent } from 'react';
import { useParams, useSearchParams } from 'react-router';
import type { Json, PromptVersion, PromptVersions } from '../api/types';
import { useApi } from '../auth/ProjectContext';
import { JsonTree } from '../components/JsonTree';
import { Section } from '../components/KeyValues';
import { Async, ErrorNotice } from '../components/Status';
import { formatShortTime } from '../lib/format';
import { lineDiff } from '../lib/lineDiff';
import { editableTemplate, parseLabels, parseTemplate, templateText } from '../lib/prompts';
import { useAsync } from '../lib/useAsync';
import { LabelTags } from './PromptsPage';

/**
 * One prompt: its versions with their labels; the chosen version (`?version=N`, else the server's
 * default) with its template and config, its labels to edit, a new version started from it, and
 * a side-by-side diff with another version (`?compare=M`). Templates are shown as text, never run.
 */
export function PromptPage() {
  const api = useApi();
  const name = useParams().name!;
  const [search, setSearch] = useSearchParams();
  const [reload, setReload] = useState(0);
  const selected = search.get('version') ? Number(search.get('version')) : undefined;
  const compare = search.get('compare') ? Number(search.get('compare')) : undefined;
  const versions = useAsync(() => api.promptVersions(name), [api, name, reload]);
  const current = useAsync(() => api.prompt(name, selected), [api, name, selected, reload]);
  const other = useAsync(() => (compare ? api.prompt(name, compare) : Promise.resolve(null)), [api, name, compare]);
  const choose = (version: number, compareWith?: number) => {
    const next = new URLSearchParams({ version: String(version) });
    if (compareWith) {
      next.set('compare', String(compareWith));
    }
    setSearch(next);
  };
  return (
    <div className="page prompt-page">
      <div className="page-head"><h1>Prompt {name}</h1></div>
      <Async state={versions} loading="Loading versions">
        {(list) => (
          <>
            <VersionTable list={list} selected={current.status === 'done' ? current.data.version : undefined}
              onSelect={(v) => choose(v)} />
            <Async state={current} loading="Loading the version">
              {(v) => (
                <>
                  <VersionDetail key={`${v.version}-${reload}`} version={v} onChanged={(n) => {
                    setReload((r) => r + 1);
                    choose(n ?? v.version, compare);
                  }} />
                  <Comparison list={list} version={v} compare={compare}
                    other={other.status === 'done' ? other.data : null} onCompare={(m) => choose(v.version, m)} />
                </>
              )}
            </Async>
          </>
        )}
      </Async>
    </div>
  );
}

function VersionTable({ list, selected, onSelect }: { list: PromptVersions; selected?: number; onSelect: (v: number) => void }) {
  return (
    <div className="card">
      <div className="card-head"><h2>Versions</h2> <LabelTags labels={list.labels} /></div>
      <table className="data-table" data-testid="prompt-versions">
        <thead><tr><th>Version</th><th>Labels</th><th>Commit message</th><th>Created</th></tr></thead>
        <tbody>
          {list.items.map((v) => (
            <tr key={v.version} data-testid="prompt-version-row" className={v.version === selected ? 'selected' : undefined}>
              <td><button type="button" className="link" onClick={() => onSelect(v.version)}>v{v.version}</button></td>
              <td><span className="tags">{v.labels.map((l) => <span key={l} className="tag">{l}</span>)}</span></td>
              <td>{v.commitMessage ?? ''}</td>
              <td>{formatShortTime(v.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function VersionDetail({ version: v, onChanged }: { version: PromptVersion; onChanged: (newVersion?: number) => void }) {
  const api = useApi();
  const own = v.labels.filter((l) => l !== 'latest');
  const [labels, setLabels] = useState(own.join(', '));
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const saveLabels = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await api.setPromptLabels(v.name, v.version, parseLabels(labels));
      onChanged();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div className="card" data-testid="prompt-version">
      <div className="card-head">
        <h2>Version {v.version}</h2>
        <span className="muted">{v.type} · {formatShortTime(v.createdAt)} · by {v.createdBy}</span>
      </div>
      <form className="inline-form" onSubmit={saveLabels}>
        <label>Labels <input aria-label={`Labels of version ${v.version}`} value={labels}
          onChange={(e) => setLabels(e.target.value)} placeholder="production, staging" /></label>
        <button type="submit">Save labels</button>
        <button type="button" onClick={() => setEditing(true)}>New version from this</button>
      </form>
      {error ? <ErrorNotice error={error} /> : null}
      {v.commitMessage ? <p className="muted">{v.commitMessage}</p> : null}
      <Section title="Template" testId="prompt-template"><pre className="template">{templateText(v)}</pre></Section>
      {v.variables.length > 0 ? <Section title="Variables"><span className="mono">{v.variables.join(', ')}</span></Section> : null}
      <Section title="Config"><JsonTree value={v.config as Json} openDepth={1} /></Section>
      {editing ? <NewVersionForm from={v} onCreated={(n) => onChanged(n)} onCancel={() => setEditing(false)} /> : null}
    </div>
  );
}

function NewVersionForm({ from, onCreated, onCancel }: { from: PromptVersion; onCreated: (v: number) => void; onCancel: () => void }) {
  const api = useApi();
  const [template, setTemplate] = useState(editableTemplate(from));
  const [config, setConfig] = useState(JSON.stringify(from.config, null, 2));
  const [message, setMessage] = useState('');
  const [labels, setLabels] = useState('');
  const [error, setError] = useState<unknown>(null);
  const create = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      let parsedConfig: Record<string, Json>;
      try {
        parsedConfig = JSON.parse(config || '{}') as Record<string, Json>;
      } catch {
        throw new Error('The config must be a JSON object.');
      }
      const created = await api.createPrompt({
        name: from.name, type: from.type, prompt: parseTemplate(from.type, template), config: parsedConfig,
        labels: parseLabels(labels), commitMessage: message || undefined,
      });
      onCreated(created.version);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <form className="new-version" onSubmit={create} data-testid="new-version-form">
      <h3>New version from v{from.version}</h3>
      <label>Template<textarea aria-label="Template" rows={8} value={template} onChange={(e) => setTemplate(e.target.value)} /></label>
      <label>Config (JSON)<textarea aria-label="Config" rows={4} value={config} onChange={(e) => setConfig(e.target.value)} /></label>
      <label>Commit message <input aria-label="Commit message" value={message} onChange={(e) => setMessage(e.target.value)} /></label>
      <label>Labels <input aria-label="Labels of the new version" value={labels} onChange={(e) => setLabels(e.target.value)} /></label>
      <div className="inline-form">
        <button type="submit" className="primary">Create version</button>
        <button type="button" onClick={onCancel}>Cancel</button>
      </div>
      {error ? <ErrorNotice error={error} /> : null}
    </form>
  );
}

function Comparison({ list, version, compare, other, onCompare }: {
  list: PromptVersions; version: PromptVersion; compare?: number; other: PromptVersion | null; onCompare: (v?: number) => void;
}) {
  const others = list.items.filter((i) => i.version !== version.version);
  if (others.length === 0) {
    return null;
  }
  return (
    <div className="card">
      <div className="card-head">
        <h2>Compare</h2>
        <label>with <select aria-label="Compare with version" value={compare ?? ''}
          onChange={(e) => onCompare(e.target.value ? Number(e.target.value) : undefined)}>
          <option value="">choose a version</option>
          {others.map((o) => <option key={o.version} value={o.version}>v{o.version}</option>)}
        </select></label>
      </div>
      {other && other.version === compare ? (
        <table className="diff" data-testid="prompt-diff">
          <colgroup><col className="line-no" /><col /><col className="line-no" /><col /></colgroup>
          <thead><tr><th colSpan={2}>v{other.version}</th><th colSpan={2}>v{version.version}</th></tr></thead>
          <tbody>
            {lineDiff(templateText(other), templateText(version)).map((r, i) => (
              <tr key={i} className={`diff-${r.kind}`} data-testid="diff-row">
                <td className="line-no">{r.left?.line ?? ''}</td><td className="diff-old">{r.left?.text ?? ''}</td>
                <td className="line-no">{r.right?.line ?? ''}</td><td className="diff-new">{r.right?.text ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
