import type { Evaluator, EvaluatorDraft, Json } from '../api/types';

/**
 * The evaluator form: one set of fields per kind (docs/evaluation.md, "Kinds"), typed as text and
 * turned into the `config` object the server takes. A kind this page does not know gets a raw
 * JSON box instead. The server checks everything again and names the field it refuses.
 */

export interface FieldSpec {
  key: string;
  label: string;
  type: 'text' | 'textarea' | 'number' | 'integer' | 'boolean' | 'list' | 'choice' | 'json';
  required?: boolean;
  /** For `choice`: the values, the first the server's default; for `boolean`: how true and false read. */
  choices?: string[];
  /** For `boolean`: how the server's default reads. */
  fallback?: string;
  placeholder?: string;
}

const FIELD: FieldSpec = { key: 'field', label: 'Field judged', type: 'choice', choices: ['output', 'input'] };
const REMOTE: FieldSpec[] = [
  { key: 'timeoutMs', label: 'Timeout (ms)', type: 'integer', placeholder: '30000' },
  { key: 'maxRetries', label: 'Retries', type: 'integer', placeholder: '3' },
  { key: 'backoffMs', label: 'First backoff (ms)', type: 'integer', placeholder: '500' },
  { key: 'concurrency', label: 'Concurrency', type: 'integer', placeholder: '4' },
  { key: 'requestsPerMinute', label: 'Requests per minute', type: 'integer', placeholder: '60' },
];

export const KIND_FIELDS: Record<string, FieldSpec[]> = {
  'json-valid': [FIELD],
  'json-schema': [FIELD, { key: 'schema', label: 'JSON Schema', type: 'json', required: true, placeholder: '{"type": "object"}' }],
  regex: [FIELD, { key: 'pattern', label: 'Pattern (Java regular expression)', type: 'text', required: true },
    { key: 'mustMatch', label: 'Passes when', type: 'boolean', choices: ['found', 'not found'], fallback: 'found' }],
  contains: [FIELD, { key: 'values', label: 'Values (one per line)', type: 'list', required: true },
    { key: 'mode', label: 'Passes when', type: 'choice', choices: ['any', 'all', 'none'] },
    { key: 'caseSensitive', label: 'Case', type: 'boolean', choices: ['sensitive', 'ignored'], fallback: 'ignored' }],
  length: [FIELD, { key: 'min', label: 'Min characters', type: 'integer' }, { key: 'max', label: 'Max characters', type: 'integer' }],
  'latency-budget': [{ key: 'maxMs', label: 'Budget (ms)', type: 'number', required: true }],
  'cost-budget': [{ key: 'maxUsd', label: 'Budget (USD)', type: 'number', required: true }],
  pii: [FIELD, { key: 'kinds', label: 'Kinds (one per line; default apiKey, email, iban, creditCard, phone)', type: 'list' }],
  'word-list': [FIELD, { key: 'words', label: 'Words (one per line)', type: 'list', required: true }],
  'llm-judge': [
    { key: 'baseUrl', label: 'Base URL', type: 'text', required: true, placeholder: 'https://api.openai.com/v1' },
    { key: 'model', label: 'Model', type: 'text', required: true },
    { key: 'apiKeyEnv', label: 'API key variable (server environment)', type: 'text', placeholder: 'OPENAI_API_KEY' },
    { key: 'prompt', label: 'Prompt ({{input}}, {{output}}, {{expected}}, {{metadata.KEY}})', type: 'textarea', required: true },
    ...REMOTE,
  ],
  webhook: [
    { key: 'url', label: 'URL', type: 'text', required: true, placeholder: 'https://hooks.example.com/judge' },
    { key: 'headers', label: 'Headers (JSON object)', type: 'json', placeholder: '{"X-Token": "..."}' },
    ...REMOTE,
  ],
};

/** The evaluator as the form holds it: every field as typed. */
export interface EvaluatorForm {
  name: string;
  kind: string;
  target: string;
  sampleRate: string;
  /** The trace-list filter parameters, as JSON text. */
  filter: string;
  /** The known kind's config fields, by key. */
  fields: Record<string, string>;
  /** The config of a kind this page does not know, as JSON text. */
  rawConfig: string;
  enabled: boolean;
}

export const NEW_FORM: EvaluatorForm = {
  name: '', kind: 'length', target: 'generation', sampleRate: '1', filter: '', fields: {}, rawConfig: '{}', enabled: true,
};

export function formOf(e: Evaluator): EvaluatorForm {
  const specs = KIND_FIELDS[e.kind];
  const fields: Record<string, string> = {};
  for (const spec of specs ?? []) {
    const value = e.config[spec.key];
    if (value !== undefined && value !== null) {
      fields[spec.key] = textOf(spec, value);
    }
  }
  return {
    name: e.name, kind: e.kind, target: e.target, sampleRate: String(e.sampleRate),
    filter: e.filter && Object.keys(e.filter).length > 0 ? JSON.stringify(e.filter) : '',
    fields, rawConfig: specs ? '{}' : JSON.stringify(e.config, null, 2), enabled: e.enabled,
  };
}

/** The evaluator to send, or the first problem as `field: why` (`config.` for config fields). */
export function draftOf(form: EvaluatorForm): EvaluatorDraft | string {
  const sampleRate = Number(form.sampleRate);
  if (form.sampleRate.trim() === '' || !(sampleRate >= 0 && sampleRate <= 1)) {
    return 'sampleRate: must be a number from 0 to 1';
  }
  let filter: Record<string, string | string[]> | undefined;
  if (form.filter.trim()) {
    const parsed = parseJson(form.filter);
    if (!isObject(parsed)) {
      return 'filter: must be a JSON object of trace-list filters, e.g. {"feature": "chat"}';
    }
    filter = parsed as Record<string, string | string[]>;
  }
  const config = configOf(form);
  if (typeof config === 'string') {
    return config;
  }
  return { name: form.name.trim(), kind: form.kind, target: form.target, sampleRate, ...(filter ? { filter } : {}), config, enabled: form.enabled };
}

function configOf(form: EvaluatorForm): Record<string, Json> | string {
  const specs = KIND_FIELDS[form.kind];
  if (!specs) {
    const parsed = parseJson(form.rawConfig);
    return isObject(parsed) ? parsed : 'config: must be a JSON object';
  }
  const config: Record<string, Json> = {};
  for (const spec of specs) {
    const text = (form.fields[spec.key] ?? '').trim();
    if (text === '') {
      if (spec.required) {
        return `config.${spec.key}: required`;
      }
      continue;
    }
    const value = valueOf(spec, text);
    if (value === undefined) {
      return `config.${spec.key}: ${spec.type === 'json' ? 'not valid JSON' : spec.type === 'integer' ? 'must be a whole number' : 'must be a number'}`;
    }
    config[spec.key] = value;
  }
  return config;
}

/** A field's value from its text; undefined if the text does not read as the field's type. */
function valueOf(spec: FieldSpec, text: string): Json | undefined {
  switch (spec.type) {
    case 'number':
    case 'integer': {
      const n = Number(text);
      return Number.isFinite(n) && (spec.type === 'number' || Number.isInteger(n)) ? n : undefined;
    }
    case 'boolean':
      return text === 'true';
    case 'list':
      return text.split('\n').map((v) => v.trim()).filter(Boolean);
    case 'json': {
      const parsed = parseJson(text);
      return parsed === NOT_JSON ? undefined : parsed as Json;
    }
    default:
      return text;
  }
}

function textOf(spec: FieldSpec, value: Json): string {
  if (spec.type === 'list' && Array.isArray(value)) {
    return value.join('\n');
  }
  if (spec.type === 'json') {
    return JSON.stringify(value, null, 2);
  }
  return String(value);
}

const NOT_JSON = Symbol('not JSON');

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
}

function isObject(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The fields of a stored evaluator that `PUT` takes, `enabled` as given. */
export function draftFrom(e: Evaluator, enabled = e.enabled): EvaluatorDraft {
  return { name: e.name, kind: e.kind, target: e.target, sampleRate: e.sampleRate, ...(e.filter ? { filter: e.filter } : {}), config: e.config, enabled };
}

/** A run is over when it is done or failed; until then the page polls it. */
export function runFinished(status: string): boolean {
  return status === 'done' || status === 'failed';
}
